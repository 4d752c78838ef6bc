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

// Self-check quizzes (the quiz directive): each question is a fieldset of radio buttons. "Check answer" marks the
// choice right or wrong, in words as well as colour, with the reason for that option and the question's explanation,
// in a live region a screen reader reads out. Nothing leaves the page.
const checkQuestion = (fieldset) => {
  const feedback = fieldset.querySelector(".bmc-quiz-feedback");
  const chosen = fieldset.querySelector("input[type='radio']:checked");
  for (const label of fieldset.querySelectorAll(".bmc-quiz-option")) label.classList.remove("bmc-right", "bmc-wrong");
  feedback.replaceChildren();
  if (!chosen) {
    feedback.append(Object.assign(document.createElement("p"), { textContent: "Choose an answer first." }));
    fieldset.dataset.answered = "";
    return;
  }
  const right = chosen.dataset.correct === "true";
  chosen.closest(".bmc-quiz-option").classList.add(right ? "bmc-right" : "bmc-wrong");
  const verdict = document.createElement("p");
  verdict.className = right ? "bmc-quiz-verdict bmc-right" : "bmc-quiz-verdict bmc-wrong";
  verdict.append(Object.assign(document.createElement("strong"), { textContent: right ? "Right. " : "Not quite. " }), chosen.dataset.why);
  const explanation = Object.assign(document.createElement("p"), { className: "bmc-quiz-explanation", textContent: fieldset.dataset.explanation });
  feedback.append(verdict, explanation);
  fieldset.dataset.answered = right ? "right" : "wrong";
  const form = fieldset.closest("form.bmc-quiz");
  const score = form.querySelector(".bmc-quiz-score");
  const answered = form.querySelectorAll("fieldset[data-answered='right'], fieldset[data-answered='wrong']").length;
  const rightCount = form.querySelectorAll("fieldset[data-answered='right']").length;
  score.textContent = `Answered ${answered} of ${score.dataset.total}; ${rightCount} right.`;
};
document.addEventListener("click", (event) => {
  const button = event.target.closest(".bmc-quiz-check");
  if (button) checkQuestion(button.closest("fieldset"));
});
document.addEventListener("submit", (event) => {
  if (event.target.matches("form.bmc-quiz")) event.preventDefault(); // Enter in a radio group must not reload the page
});
