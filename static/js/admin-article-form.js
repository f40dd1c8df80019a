/* The article form's helpers:
   - bylines and citations reordered by dragging a row's handle (native HTML5 drag and
     drop), or with the handle's arrow keys; the hidden `position` inputs follow the order
     on screen. Without JavaScript rows keep their saved order and new ones go last.
   - tags created inline: typing a name the autocomplete does not know offers it as a new
     tag, posted as "new:<name>" and created when the story is saved (workflow.save_story).
   No inline script: loaded as a file, so the admin's Content-Security-Policy allows it. */
'use strict';
(function () {
  const ROW = '.form-row, .inline-related';

  function rowsOf(group) {
    return Array.from(group.querySelectorAll(ROW)).filter(
      (row) => row.id && !row.classList.contains('empty-form') && row.querySelector('input[name$="-position"]')
    );
  }

  // A saved row, or a new one whose author or source is chosen: an untouched extra row
  // must stay untouched, or the form would ask for its author.
  function inUse(row) {
    if (row.classList.contains('has_original')) return true;
    const choice = row.querySelector('select.admin-autocomplete');
    return choice !== null && choice.value !== '';
  }

  // Positions from 1: the server puts a new row left at 0 after the others.
  function renumber(group) {
    let position = 1;
    rowsOf(group).forEach((row) => {
      const input = row.querySelector('input[name$="-position"]');
      if (inUse(row)) {
        input.value = String(position);
        position += 1;
      }
    });
  }

  function move(group, row, offset) {
    const rows = rowsOf(group);
    const target = rows[rows.indexOf(row) + offset];
    if (!target) return;
    target.insertAdjacentElement(offset < 0 ? 'beforebegin' : 'afterend', row);
    renumber(group);
  }

  function addHandle(group, row) {
    if (row.querySelector('.reorder-handle')) return;
    const handle = document.createElement('button');
    handle.type = 'button';
    handle.className = 'reorder-handle';
    handle.draggable = true;
    handle.textContent = '⇅';
    handle.title = 'Drag to reorder, or use the up and down arrow keys';
    handle.setAttribute('aria-label', 'Move this row: drag it, or press the up or down arrow');
    handle.addEventListener('keydown', (event) => {
      if (event.key !== 'ArrowUp' && event.key !== 'ArrowDown') return;
      event.preventDefault();
      move(group, row, event.key === 'ArrowUp' ? -1 : 1);
      handle.focus();
    });
    handle.addEventListener('dragstart', (event) => {
      group.draggedRow = row;
      row.classList.add('is-dragging');
      event.dataTransfer.effectAllowed = 'move';
      event.dataTransfer.setData('text/plain', row.id);
      event.dataTransfer.setDragImage(row, 10, 10);
    });
    handle.addEventListener('dragend', () => {
      row.classList.remove('is-dragging');
      group.draggedRow = null;
      renumber(group);
    });
    const place = row.querySelector('td.original') || row.querySelector('h3') || row.firstElementChild;
    place.prepend(handle);
  }

  function makeReorderable(group) {
    rowsOf(group).forEach((row) => addHandle(group, row));
    group.addEventListener('dragover', (event) => {
      const dragged = group.draggedRow;
      const over = event.target.closest(ROW);
      if (!dragged || !over || over === dragged || !rowsOf(group).includes(over)) return;
      event.preventDefault();
      const box = over.getBoundingClientRect();
      const after = event.clientY > box.top + box.height / 2;
      over.insertAdjacentElement(after ? 'afterend' : 'beforebegin', dragged);
    });
    group.addEventListener('drop', (event) => {
      if (group.draggedRow) event.preventDefault();
    });
    group.addEventListener('change', () => renumber(group));
    group.closest('form').addEventListener('submit', () => renumber(group));
  }

  function allowNewTags() {
    const $ = window.django && window.django.jQuery;
    const select = document.getElementById('id_tags');
    if (!$ || !select || !$.fn.select2 || !select.classList.contains('admin-autocomplete')) return;
    const $select = $(select);
    if ($select.data('select2')) $select.select2('destroy');
    $select.select2({
      tags: true,
      ajax: {
        data: (params) => ({
          term: params.term,
          page: params.page,
          app_label: select.dataset.appLabel,
          model_name: select.dataset.modelName,
          field_name: select.dataset.fieldName,
        }),
      },
      createTag: (params) => {
        const name = params.term.trim();
        if (!name) return null;
        return { id: 'new:' + name, text: name + ' (new tag)', newTag: true };
      },
    });
  }

  function start() {
    document.querySelectorAll('fieldset.reorderable').forEach((fieldset) => {
      const group = fieldset.closest('.inline-group') || fieldset;
      makeReorderable(group);
    });
    allowNewTags();
  }

  document.addEventListener('formset:added', (event) => {
    const group = event.target.closest('.inline-group');
    if (group && group.querySelector('fieldset.reorderable')) addHandle(group, event.target);
  });

  // After the admin's own autocomplete has set the tags field up (jQuery's ready runs first).
  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', () => window.setTimeout(start, 0));
  } else {
    start();
  }
})();
