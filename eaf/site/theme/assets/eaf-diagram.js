// The diagrams' viewer: each diagram's frame pans and zooms with the Panzoom library shipped
// beside this file (panzoom.min.js, MIT licence in panzoom.LICENSE.txt). Drag to move;
// Ctrl (or ⌘) + wheel, the buttons or the + − 0 and arrow keys to zoom and move; full screen
// with its button. Works from a folder (file://): nothing is fetched. Words come from the page.
(function () {
  "use strict";

  function setup(frame) {
    var view = frame.querySelector(".eaf-diagram__view");
    var canvas = frame.querySelector(".eaf-diagram__canvas");
    if (!view || !canvas || typeof window.Panzoom !== "function") { return; }
    var zoom = window.Panzoom(canvas, {
      maxScale: 8, minScale: 0.5, step: 0.25, cursor: "grab", canvas: true, touchAction: "pan-y"
    });
    view.tabIndex = 0;  // the keyboard moves and zooms the drawing once the frame has focus

    // A drag that ends on a node does not open its page; a click does.
    var start = null, moved = false;
    view.addEventListener("pointerdown", function (event) {
      start = [event.clientX, event.clientY];
      moved = false;
    });
    view.addEventListener("pointermove", function (event) {
      if (start && Math.abs(event.clientX - start[0]) + Math.abs(event.clientY - start[1]) > 4) {
        moved = true;
      }
    });
    view.addEventListener("click", function (event) {
      if (moved) { event.preventDefault(); event.stopPropagation(); }
      start = null;
    }, true);

    // The wheel scrolls the page, unless Ctrl or ⌘ is held or the frame fills the screen.
    view.addEventListener("wheel", function (event) {
      if (event.ctrlKey || event.metaKey || document.fullscreenElement === frame) {
        zoom.zoomWithWheel(event);
      }
    }, {passive: false});

    function act(action) {
      if (action === "in") { zoom.zoomIn(); }
      else if (action === "out") { zoom.zoomOut(); }
      else if (action === "fit") { zoom.reset(); }
      else if (action === "full") {
        if (document.fullscreenElement === frame) { document.exitFullscreen(); }
        else if (frame.requestFullscreen) { frame.requestFullscreen(); }
      }
    }
    frame.querySelectorAll("button[data-eaf-zoom]").forEach(function (button) {
      if (button.dataset.eafZoom === "full" && !document.fullscreenEnabled) { return; }
      button.hidden = false;
      button.addEventListener("click", function () { act(button.dataset.eafZoom); });
    });
    frame.addEventListener("fullscreenchange", function () { zoom.reset(); });

    var keys = {"+": "in", "=": "in", "-": "out", "_": "out", "0": "fit"};
    var steps = {ArrowLeft: [40, 0], ArrowRight: [-40, 0], ArrowUp: [0, 40], ArrowDown: [0, -40]};
    view.addEventListener("keydown", function (event) {
      if (event.ctrlKey || event.metaKey || event.altKey) { return; }
      if (keys[event.key]) {
        act(keys[event.key]);
      } else if (steps[event.key]) {
        var scale = zoom.getScale();
        zoom.pan(steps[event.key][0] / scale, steps[event.key][1] / scale, {relative: true, force: true});
      } else {
        return;
      }
      event.preventDefault();
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll(".eaf-diagram").forEach(setup);
  });
})();
