// The Sourcing panel on the article change form: re-analyses the body as the editor types,
// and adds citations without leaving the page. Builds every node with DOM APIs (text never
// goes through innerHTML) and attaches handlers here, as the Content-Security-Policy forbids
// inline scripts.
(function () {
  "use strict";

  var DELAY_MS = 600;
  var TITLES = {
    cited: "Matched to a cited source",
    uncited: "Named but not cited",
    vague: "Vague: nobody a reader could check",
  };
  var LABELS = { cited: "Cited", uncited: "Named, not cited", vague: "Vague" };

  function csrfToken(panel) {
    var field = panel.closest("form").querySelector("input[name=csrfmiddlewaretoken]");
    return field ? field.value : "";
  }

  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = text;
    return node;
  }

  function citeButton(panel, finding) {
    var button = element("button", "button sourcing-finding__cite", "Add as citation");
    button.type = "submit";
    button.name = "party";
    button.value = finding.party;
    button.formAction = panel.dataset.citeUrl;
    button.formMethod = "post";
    button.formNoValidate = true;
    button.dataset.sentence = finding.sentence;
    button.setAttribute("aria-label", "Add " + finding.party + " as a citation");
    return button;
  }

  function findingItem(panel, finding) {
    var item = element("li", "sourcing-finding sourcing-finding--" + finding.status);
    item.append(element("span", "sourcing-finding__label", LABELS[finding.status]), " ");
    if (finding.party) {
      item.append(element("strong", "sourcing-finding__party", finding.party), " ");
    }
    if (finding.source) {
      item.append(element("span", "sourcing-finding__source", "cited as " + finding.source), " ");
    }
    item.append(element("q", "sourcing-finding__sentence", finding.sentence));
    if (finding.status === "uncited" && panel.dataset.citeUrl) {
      item.append(" ", citeButton(panel, finding));
    }
    return item;
  }

  function show(panel, result) {
    panel.querySelector(".sourcing-panel__summary").textContent = result.summary_text;
    panel.querySelectorAll(".sourcing-group").forEach(function (group) {
      var status = group.dataset.status;
      var findings = result.findings.filter(function (finding) {
        return finding.status === status;
      });
      var list = element("ul", "sourcing-group__list");
      findings.forEach(function (finding) {
        list.append(findingItem(panel, finding));
      });
      if (!findings.length) list.append(element("li", "sourcing-group__empty", "None."));
      group.querySelector(".sourcing-group__count").textContent = String(findings.length);
      group.querySelector(".sourcing-group__list").replaceWith(list);
    });
  }

  function post(panel, url, fields, accept) {
    var data = new FormData();
    Object.keys(fields).forEach(function (name) {
      data.append(name, fields[name]);
    });
    return fetch(url, {
      method: "POST",
      body: data,
      credentials: "same-origin",
      headers: { "X-CSRFToken": csrfToken(panel), Accept: accept || "application/json" },
    });
  }

  function analyse(panel, text) {
    post(panel, panel.dataset.analyseUrl, { body: text, article: panel.dataset.article })
      .then(function (response) {
        if (!response.ok) throw new Error("Analysis failed: " + response.status);
        return response.json();
      })
      .then(function (result) {
        show(panel, result);
      })
      .catch(function () {
        panel.querySelector(".sourcing-panel__summary").textContent =
          "The findings could not be updated; they show the text as last analysed.";
      });
  }

  function cite(panel, button) {
    button.disabled = true;
    post(panel, panel.dataset.citeUrl, { party: button.value, sentence: button.dataset.sentence })
      .then(function (response) {
        if (!response.ok) throw new Error("Citing failed: " + response.status);
        return response.json();
      })
      .then(function (result) {
        // Said above the groups, which the analysis below draws again.
        panel.querySelector(".sourcing-panel__message").textContent = result.message;
        showCitation(result);
        keepVersion(panel, result);
        var textarea = document.querySelector("textarea[name=body]");
        if (textarea) analyse(panel, textarea.value);
      })
      .catch(function () {
        button.disabled = false;
        button.after(element("span", "sourcing-finding__error", " Could not add the citation."));
      });
  }

  // The citation is saved already: it is listed at the top of the Citations group, as
  // saved, until the next page load shows it among the rows.
  function showCitation(result) {
    var group = document.getElementById("citations-group");
    if (!group) return;
    var list = group.querySelector(".citations-added");
    if (!list) {
      list = element("ul", "citations-added");
      list.setAttribute("aria-live", "polite");
      var heading = group.querySelector("h2");
      (heading || group.firstElementChild).after(list);
    }
    var item = element("li", "citations-added__item");
    item.append(element("strong", "citations-added__source", result.source));
    if (result.supports) item.append(" — ", element("span", "", result.supports));
    item.append(" ", element("span", "citations-added__note", "(saved just now)"));
    list.append(item);
  }

  // Citing saved a new version of the article. If that was the only change since the form
  // was opened, the form now starts from it, so its next save is no conflict.
  function keepVersion(panel, result) {
    var base = panel.closest("form").querySelector("input[name=base_version]");
    if (base && base.value === String(result.version_before)) {
      base.value = String(result.version);
    }
  }

  function start(panel) {
    var textarea = document.querySelector("textarea[name=body]");
    var timer = null;
    // Without an analysis address the user may only read the form: nothing to update.
    if (textarea && panel.dataset.analyseUrl) {
      textarea.addEventListener("input", function () {
        clearTimeout(timer);
        timer = setTimeout(function () {
          analyse(panel, textarea.value);
        }, DELAY_MS);
      });
    }
    // One listener for buttons present now and those drawn later.
    panel.addEventListener("click", function (event) {
      var button = event.target.closest(".sourcing-finding__cite");
      if (!button) return;
      event.preventDefault();
      cite(panel, button);
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll(".sourcing-panel").forEach(start);
  });
})();
