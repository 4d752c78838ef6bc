// A canvas figure scrolls sideways on a narrow screen: give it a keyboard stop so it can be scrolled without a mouse.
document.addEventListener("DOMContentLoaded", () => {
  for (const figure of document.querySelectorAll("figure.bmc-canvas")) {
    if (!figure.hasAttribute("tabindex")) figure.setAttribute("tabindex", "0");
  }
});
