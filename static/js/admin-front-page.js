/*
 * The front page's admin page: drag a row by its handle to reorder a list. Each row's hidden
 * input moves with it, so "Save the front page" sends the new order; the row buttons (which
 * work without this script) send the order shown, with their one move.
 */
(function () {
  "use strict";

  function relabel(list) {
    list.querySelectorAll("[data-slot-label]").forEach(function (label, index) {
      label.textContent = index === 0 ? "Lead" : "Top story " + index;
    });
  }

  function rowAfter(list, y) {
    var rows = Array.prototype.slice.call(list.querySelectorAll("[data-row]:not(.is-dragging)"));
    for (var i = 0; i < rows.length; i++) {
      var box = rows[i].getBoundingClientRect();
      if (y < box.top + box.height / 2) {
        return rows[i];
      }
    }
    return null;
  }

  function sortable(list, unsaved) {
    var dragged = null;
    list.querySelectorAll("[data-row]").forEach(function (row) {
      row.setAttribute("draggable", "true");
      row.addEventListener("dragstart", function (event) {
        dragged = row;
        row.classList.add("is-dragging");
        event.dataTransfer.effectAllowed = "move";
        event.dataTransfer.setData("text/plain", "");
      });
      row.addEventListener("dragend", function () {
        row.classList.remove("is-dragging");
        dragged = null;
        relabel(list);
        unsaved.hidden = false;
      });
    });
    list.addEventListener("dragover", function (event) {
      if (!dragged || dragged.parentNode !== list) {
        return;
      }
      event.preventDefault();
      var next = rowAfter(list, event.clientY);
      if (next !== dragged) {
        list.insertBefore(dragged, next);
      }
    });
    list.addEventListener("drop", function (event) {
      event.preventDefault();
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    var form = document.querySelector("[data-front-page-form]");
    if (!form) {
      return;
    }
    var unsaved = form.querySelector("[data-unsaved]");
    form.querySelectorAll("[data-sortable]").forEach(function (list) {
      sortable(list, unsaved);
    });
  });
})();
