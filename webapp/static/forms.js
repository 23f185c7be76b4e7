// A form is sent once: its submit buttons turn off as it goes, so a second click on a slow
// line does not post it again (the server refuses a repeat too: webapp/once.py). The button
// that was clicked still counts: its name and value travel in a hidden field, since a disabled
// button is not sent. Back to a page kept by the browser (bfcache) turns them on again.
(function () {
  "use strict";
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!(form instanceof HTMLFormElement) || event.defaultPrevented) {
      return;
    }
    var clicked = event.submitter;
    if (clicked && clicked.name) {
      var carried = document.createElement("input");
      carried.type = "hidden";
      carried.name = clicked.name;
      carried.value = clicked.value;
      carried.dataset.submitter = "1";
      form.appendChild(carried);
    }
    form.querySelectorAll("button[type=submit], input[type=submit], button:not([type])")
      .forEach(function (button) {
        button.disabled = true;
        button.setAttribute("aria-disabled", "true");
      });
    form.setAttribute("aria-busy", "true");
  });
  window.addEventListener("pageshow", function () {
    document.querySelectorAll("form[aria-busy=true]").forEach(function (form) {
      form.removeAttribute("aria-busy");
      form.querySelectorAll("[data-submitter]").forEach(function (input) { input.remove(); });
      form.querySelectorAll("[aria-disabled=true]").forEach(function (button) {
        button.disabled = false;
        button.removeAttribute("aria-disabled");
      });
    });
  });
})();
