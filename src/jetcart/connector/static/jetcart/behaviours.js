/* Page behaviours without inline handlers (the Content-Security-Policy refuses inline script):
   data-select-all="NAME" on a checkbox ticks or clears every checkbox named NAME;
   data-confirm="QUESTION" on a form (when submitted) or a button (when clicked) asks first. */
"use strict";
document.addEventListener("click", function (event) {
  const box = event.target.closest("input[data-select-all]");
  if (box) {
    document.querySelectorAll("input[name='" + box.dataset.selectAll + "']").forEach(function (c) { c.checked = box.checked; });
    return;
  }
  const button = event.target.closest("button[data-confirm], input[data-confirm]");
  if (button && !window.confirm(button.dataset.confirm)) {
    event.preventDefault();
  }
});
document.addEventListener("submit", function (event) {
  const form = event.target.closest("form[data-confirm]");
  if (form && !window.confirm(form.dataset.confirm)) {
    event.preventDefault();
  }
});
