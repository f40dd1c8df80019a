/* No lost work: while an editor types in the article form, its text is kept in this browser
   (localStorage, one entry per article, "new" for the add form). Opening the form again with
   kept text that differs from the form offers it back: Restore or Discard. After a successful
   save the server sets the newsroom_saved_article cookie (see articles/admin/revisions.py),
   and the kept text for that article is forgotten on the next page that loads this script.
   Only the fields the editor changed are kept, with the version of the article they started
   from: restoring them puts that version back in the form, so that a colleague's save in
   between is caught by the server's edit-conflict check instead of silently overwritten.
   Built with DOM APIs only: the admin runs under a Content-Security-Policy without inline
   script. */
(function () {
  "use strict";

  var FIELDS = [
    "headline", "slug", "dek", "body", "summary", "backstory",
    "hero_alt", "hero_caption", "hero_credit"
  ];
  var PREFIX = "newsroom:unsaved-article:";
  var SAVED_COOKIE = "newsroom_saved_article";
  var DELAY_MS = 600;

  // Each editor's text is kept apart: on a shared computer the next one to sign in is never
  // offered someone else's draft. The page names its user (change_form.html).
  function userPrefix() {
    var owner = document.getElementById("autosave-owner");
    return PREFIX + (owner ? owner.getAttribute("data-user") : "") + ":";
  }

  function storageKey() {
    var path = window.location.pathname;
    var match = path.match(/\/articles\/article\/(\d+)\/change\/$/);
    if (match) {
      return userPrefix() + match[1];
    }
    return /\/articles\/article\/add\/$/.test(path) ? userPrefix() + "new" : null;
  }

  function read(key) {
    try {
      var entry = JSON.parse(window.localStorage.getItem(key));
      return entry && entry.values ? entry : null;
    } catch (error) {
      return null;
    }
  }

  function write(key, values, version) {
    try {
      window.localStorage.setItem(
        key, JSON.stringify({savedAt: Date.now(), values: values, version: version})
      );
    } catch (error) {
      // Storage full or switched off: the form still works, only without this safety net.
    }
  }

  function forget(key) {
    try {
      window.localStorage.removeItem(key);
    } catch (error) {
      // Nothing kept, nothing to forget.
    }
  }

  function forgetSavedArticle() {
    var match = document.cookie.match(/(?:^|;\s*)newsroom_saved_article=([^;]*)/);
    if (!match) {
      return;
    }
    forget(userPrefix() + decodeURIComponent(match[1]).replace(/"/g, ""));
    document.cookie = SAVED_COOKIE + "=; Max-Age=0; Path=/admin/; SameSite=Lax";
  }

  function editableFields(form) {
    var fields = {};
    FIELDS.forEach(function (name) {
      var field = form.elements.namedItem(name);
      if (field && field.value !== undefined && !field.readOnly && !field.disabled) {
        fields[name] = field;
      }
    });
    return fields;
  }

  function valuesOf(fields) {
    var values = {};
    Object.keys(fields).forEach(function (name) {
      values[name] = fields[name].value;
    });
    return values;
  }

  // The fields whose text differs from what the form opened with.
  function changedValues(values, opened) {
    var changed = {};
    Object.keys(values).forEach(function (name) {
      if (values[name] !== opened[name]) {
        changed[name] = values[name];
      }
    });
    return changed;
  }

  function sameText(kept, values) {
    return Object.keys(kept).every(function (name) {
      return !(name in values) || kept[name] === values[name];
    });
  }

  function button(label, className) {
    var element = document.createElement("button");
    element.type = "button";
    element.className = "button " + className;
    element.textContent = label;
    return element;
  }

  function offer(form, fields, entry, key, done) {
    var bar = document.createElement("ul");
    bar.className = "messagelist autosave-bar";
    var item = document.createElement("li");
    item.className = "warning autosave-bar__item";
    // In the newsroom's time zone, as every other time in the admin ("7 Dec 2026, 14:05 CET").
    var owner = document.getElementById("autosave-owner");
    var options = {
      day: "numeric",
      month: "short",
      year: "numeric",
      hour: "2-digit",
      minute: "2-digit",
      hourCycle: "h23",
      timeZoneName: "short"
    };
    if (owner && owner.dataset.timeZone) options.timeZone = owner.dataset.timeZone;
    var when;
    try {
      when = new Date(entry.savedAt).toLocaleString("en-GB", options);
    } catch (error) {
      // A zone the browser does not know: its own, named.
      delete options.timeZone;
      when = new Date(entry.savedAt).toLocaleString("en-GB", options);
    }
    var text = document.createElement("span");
    text.className = "autosave-bar__text";
    text.textContent = "Unsaved text from " + when + " was found. ";
    var restore = button("Restore", "autosave-bar__restore default");
    var discard = button("Discard", "autosave-bar__discard");
    item.append(text, restore, " ", discard);
    bar.append(item);
    form.parentNode.insertBefore(bar, form);

    restore.addEventListener("click", function () {
      Object.keys(entry.values).forEach(function (name) {
        var field = fields[name];
        if (field) {
          field.value = entry.values[name];
          // The Markdown editor redraws its preview on input events.
          field.dispatchEvent(new Event("input", {bubbles: true}));
        }
      });
      // The version the kept text was typed on: a save since then is a conflict to show.
      var version = form.elements.namedItem("base_version");
      if (version && entry.version) {
        version.value = entry.version;
      }
      bar.remove();
      done();
    });
    discard.addEventListener("click", function () {
      forget(key);
      bar.remove();
      done();
    });
  }

  function start() {
    forgetSavedArticle();
    var form = document.getElementById("article_form");
    var key = storageKey();
    if (!form || !key) {
      return;
    }
    var fields = editableFields(form);
    var opened = valuesOf(fields);
    var versionField = form.elements.namedItem("base_version");
    // The version the text in the form was typed on: the page's own, or, once kept text is
    // restored, the version that text was typed on (a restore does not make it newer).
    var startedVersion = versionField ? versionField.value : "";
    var kept = read(key);
    // A form shown again with errors (an edit conflict, say) already holds what the editor
    // typed: offering the kept text there would only put older text over it.
    var showsErrors = Boolean(document.querySelector(".errornote, .errorlist"));
    // While the offer is open, typing must not overwrite the text it offers.
    var deciding = Boolean(kept && !showsErrors && !sameText(kept.values, opened));
    var timer = null;

    function keep() {
      timer = null;
      if (deciding) {
        return;
      }
      var changed = changedValues(valuesOf(fields), opened);
      if (Object.keys(changed).length === 0) {
        forget(key);
      } else {
        write(key, changed, startedVersion);
      }
    }

    if (deciding) {
      offer(form, fields, kept, key, function () {
        deciding = false;
        if (versionField && versionField.value) {
          startedVersion = versionField.value;
        }
        keep();
      });
    }
    form.addEventListener("input", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(keep, DELAY_MS);
    });
    // Leaving the page before the delay is up still keeps the last keystrokes.
    window.addEventListener("pagehide", function () {
      if (timer) {
        window.clearTimeout(timer);
        keep();
      }
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
