/* Draws a notebook page's saved widgets only when a reader comes near them.
 *
 * The widget library (@jupyter-widgets/html-manager's embed.js, 1.9 MB) is not in the page's head: this small script,
 * loaded in its place, watches each widget output and loads the library the first time one is on screen, or within a
 * screen of it once the reader scrolls (so a reader scrolling meets them drawn), or when the page is printed. Drawing
 * takes the page's main thread for the best part of a second: a widget just below the first screen of a page the
 * reader has not scrolled waits for the first scroll, so a click on the page's links (its "Open the editor") is
 * answered at once. The library then draws every widget of the page from the widget state myst-nb saved in it. It is
 * served from the site's own _static/widgets/, beside this file, and works offline.
 *
 * embed.js draws from a window "load" listener it adds when it runs, which a library loaded after the page's load
 * never hears. The site's copy differs from the npm package's in that one place (see bmckit/sphinxext/widgetjs.py):
 * it keeps that drawing function as window.bmckitDrawWidgets rather than adding it as a listener, and this script
 * calls it once the library has run.
 */
(function () {
  "use strict";
  var VIEW = 'script[type="application/vnd.jupyter.widget-view+json"]';
  var here = document.currentScript ? document.currentScript.src : "";
  var started = false;

  function draw() {
    if (started) return;
    started = true;
    var library = document.createElement("script");
    // embed.js?v=… with this script's own ?v=…, so a browser that kept an older embed.js asks for this one.
    library.src = new URL("embed.js" + (here ? new URL(here).search : ""), here || document.baseURI).href;
    library.addEventListener("load", function () {
      if (typeof window.bmckitDrawWidgets === "function") window.bmckitDrawWidgets();
    });
    document.head.appendChild(library);
  }

  function watch() {
    var outputs = Array.prototype.map.call(document.querySelectorAll(VIEW), function (view) {
      return view.parentElement;
    });
    if (!outputs.length) return;
    window.addEventListener("beforeprint", draw, { once: true });
    if (!("IntersectionObserver" in window)) return draw();
    var near = false;
    var scrolled = false;
    function observe(margin, seen) {
      var observer = new IntersectionObserver(
        function (entries) {
          if (entries.some(function (entry) { return entry.isIntersecting; })) {
            observer.disconnect();
            seen();
          }
        },
        { rootMargin: margin }
      );
      outputs.forEach(function (output) { observer.observe(output); });
    }
    observe("0px", draw); // on screen
    // One screen ahead, once the reader scrolls: a phone opening a page whose first widget is two or more screens down
    // (notebooks 02-04) spends nothing on them until the reader goes there.
    observe("100% 0px 100% 0px", function () {
      near = true;
      if (scrolled) draw();
    });
    window.addEventListener(
      "scroll",
      function () {
        scrolled = true;
        if (near) draw();
      },
      { once: true, passive: true }
    );
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", watch);
  else watch();
})();
