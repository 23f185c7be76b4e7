// Progressive enhancement of the process picture (drawn on the server, readable without
// this file): scroll each picture's frame so that the step waiting now — or, for a round
// that has ended, its end event — is in the middle of the frame.
document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll(".bpmn-figure").forEach(function (frame) {
    var target = frame.querySelector("[data-bpmn-id].bpmn-current") ||
      frame.querySelector("[data-bpmn-id].bpmn-end.bpmn-done");
    if (!target) {
      return;
    }
    var outer = frame.getBoundingClientRect();
    var inner = target.getBoundingClientRect();
    // A little right of and below the middle: the path leading to it comes from the top left.
    frame.scrollLeft += inner.left + inner.width / 2 - (outer.left + outer.width * 0.62);
    frame.scrollTop += inner.top + inner.height / 2 - (outer.top + outer.height * 0.6);
  });
});
