// A canvas figure scrolls sideways on a narrow screen: give it a keyboard stop so it can be scrolled without a mouse.
document.addEventListener("DOMContentLoaded", () => {
  for (const figure of document.querySelectorAll("figure.bmc-canvas")) {
    if (!figure.hasAttribute("tabindex")) figure.setAttribute("tabindex", "0");
  }
});

// ipywidgets draws a slider's handle as an ARIA slider with no name of its own; its label sits beside it. On notebook
// pages, name each handle after its label as the widgets are drawn, so a screen reader says which figure it sets.
const nameSliders = (root) => {
  for (const handle of root.querySelectorAll(".widget-slider [role='slider']:not([aria-label])")) {
    const label = handle.closest(".widget-slider")?.querySelector(".widget-label");
    const text = label ? label.textContent.trim() : "";
    if (text) handle.setAttribute("aria-label", text);
  }
};
if (document.querySelector("script[type='application/vnd.jupyter.widget-state+json']")) {
  new MutationObserver(() => nameSliders(document)).observe(document.documentElement, { childList: true, subtree: true });
}
