"use strict";
// The export page's "Select all" box, bound here rather than by an inline onchange
// attribute, which the Content-Security-Policy refuses. onSelectToggleChange comes
// from django-import-export's export_selectable_fields.js.
document.addEventListener("DOMContentLoaded", () => {
  document.querySelectorAll("input.select-toggle").forEach((toggle) => {
    toggle.addEventListener("change", (event) => {
      if (typeof onSelectToggleChange === "function") {
        onSelectToggleChange(event);
      }
    });
  });
});
