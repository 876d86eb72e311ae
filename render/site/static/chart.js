// Step pages: a chart wider (or taller) than its frame pans inside it. Open it at the step the
// patient's path has reached (the question waiting for an answer, else the outcome, else the
// box leading on to the chart that goes on) instead of its top-left corner. Without
// JavaScript the chart opens at its corner and pans as before.
(function () {
  "use strict";
  function reveal(box) {
    var here = box.querySelector("svg g.node.await") ||
      box.querySelector("svg g.node.outcome.on") || box.querySelector("svg g.node.exit.on");
    if (!here) { return; }
    var r = here.getBoundingClientRect(), c = box.getBoundingClientRect();
    if (box.scrollWidth > box.clientWidth) {
      box.scrollLeft += (r.left + r.width / 2) - (c.left + box.clientWidth / 2);
    }
    if (box.scrollHeight > box.clientHeight) {
      box.scrollTop += (r.top + r.height / 2) - (c.top + box.clientHeight / 2);
    }
  }
  var boxes = document.querySelectorAll(".chart-scroll");
  for (var i = 0; i < boxes.length; i++) { reveal(boxes[i]); }
}());
