// Progressive enhancement only: every page works without this file.
//
// A table wider than the screen scrolls sideways inside its .table-responsive box; a keyboard
// user can scroll it only once the box can take the focus (WCAG 2.1.1). Only boxes that do
// overflow become tab stops, and that is re-checked when the window changes size.
(function () {
  "use strict";
  function markScrollable() {
    document.querySelectorAll(".table-responsive").forEach(function (box) {
      if (box.scrollWidth > box.clientWidth + 1) {
        box.tabIndex = 0;
      } else {
        box.removeAttribute("tabindex");
      }
    });
  }
  document.addEventListener("DOMContentLoaded", markScrollable);
  window.addEventListener("resize", markScrollable);
})();
