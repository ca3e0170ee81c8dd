// The world's countries and other long lists of a record's form: searched as
// typed, like the form's other long lists (the admin's select2, where the page
// has it; without it they stay plain selects).
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", function () {
    var $ = window.django && window.django.jQuery;
    if (!$ || !$.fn.select2) { return; }
    $("select.long-list").not("[name*=__prefix__]").each(function () {
      $(this).select2({ width: "20em" });
    });
  });
})();
