"""The "Teach with it" section in the built site: quizzes answered in Chromium, solutions closed, the student edition.

The quizzes are answered right and wrong, with the mouse and from the keyboard,
on the static page with every request beyond localhost refused. The student
edition is a second build (`make site EDITION=student`) with not one worked
solution in any page or download.
"""

from __future__ import annotations

import re
from html import unescape
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from bmckit import teaching
from tests.localweb import localhost_only

if TYPE_CHECKING:
    from collections.abc import Iterator

    from playwright.sync_api import Browser, Page

    from tests.sitebuild import Build

CHROMIUM = Path("/usr/bin/chromium")
needs_chromium = pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's chromium is not installed (bash .ci/system-packages)")
QUIZ_PAGES = {
    "canvas": "canvas/quiz.html",
    "relationships": "relationships/quiz.html",
    "measuring": "measuring/quiz.html",
    "cases": "cases/quiz.html",
}

pytestmark = pytest.mark.slow  # every test here reads the built site


@pytest.fixture
def page(server: str, browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    localhost_only(context, server)
    opened = context.new_page()
    errors: list[str] = []
    opened.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    yield opened
    context.close()
    assert errors == []


QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"'})
"""The typographic quotes docutils' smart quotes put in a page, back to the ones the data is typed with."""


def text_of(html: str) -> str:
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).translate(QUOTES).split())


def plain(markdown: str) -> str:
    """Markdown's words as a page shows them: no list markers, no emphasis marks."""
    unlisted = re.sub(r"^\s*[-*] ", "", markdown, flags=re.M)
    return " ".join(unlisted.replace("**", "").replace("*", "").split())


@needs_chromium
@pytest.mark.parametrize("part", list(QUIZ_PAGES))
def test_each_part_has_its_quiz_answered_right_and_wrong_on_the_page(page: Page, server: str, part: str) -> None:
    quiz = teaching.quiz(part)
    page.goto(f"{server}/{QUIZ_PAGES[part]}", wait_until="load")
    questions = page.locator("form.bmc-quiz fieldset")
    assert questions.count() == len(quiz.questions)

    first, second = quiz.questions[0], quiz.questions[1]
    right = next(i for i, option in enumerate(first.options) if option.correct)
    wrong = next(i for i, option in enumerate(second.options) if not option.correct)
    box = questions.nth(0)
    box.locator("label.bmc-quiz-option").nth(right).click()
    box.get_by_role("button", name="Check answer").click()
    feedback = box.locator(".bmc-quiz-feedback")
    assert feedback.inner_text().startswith("Right. ")
    assert " ".join(feedback.inner_text().split()) == f"Right. {first.options[right].why} {first.explanation}"

    box = questions.nth(1)
    box.get_by_role("button", name="Check answer").click()
    assert box.locator(".bmc-quiz-feedback").inner_text() == "Choose an answer first."
    box.locator("label.bmc-quiz-option").nth(wrong).click()
    box.get_by_role("button", name="Check answer").click()
    assert box.locator(".bmc-quiz-feedback").inner_text().startswith(f"Not quite. {second.options[wrong].why}")
    assert page.locator(".bmc-quiz-score").inner_text() == f"Answered 2 of {len(quiz.questions)}; 1 right."


@needs_chromium
def test_a_quiz_is_answered_from_the_keyboard_and_its_feedback_is_announced(page: Page, server: str) -> None:
    quiz = teaching.quiz("measuring")
    page.goto(f"{server}/{QUIZ_PAGES['measuring']}", wait_until="load")
    first_option = page.locator("form.bmc-quiz fieldset").nth(0).locator("input[type=radio]").nth(0)
    first_option.focus()
    page.keyboard.press("ArrowDown")  # the arrow keys move through a radio group and choose as they go
    assert page.evaluate("document.activeElement.value") == "1"
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Check answer"
    page.keyboard.press("Enter")
    feedback = page.locator("form.bmc-quiz fieldset").nth(0).locator(".bmc-quiz-feedback")
    assert feedback.get_attribute("aria-live") == "polite"
    expected = "Right. " if quiz.questions[0].options[1].correct else "Not quite. "
    assert feedback.inner_text().startswith(expected + quiz.questions[0].options[1].why)
    assert page.url.endswith(QUIZ_PAGES["measuring"])  # Enter did not submit the form away


@needs_chromium
def test_every_exercise_is_on_the_page_with_its_solution_closed_until_opened(page: Page, server: str) -> None:
    page.goto(f"{server}/teach/exercises.html", wait_until="load")
    exercises = teaching.exercises()
    assert page.locator(".exercise").count() == len(exercises)
    solutions = page.locator("details.bmc-solution")
    assert solutions.count() == len(exercises)
    assert page.locator("details.bmc-solution[open]").count() == 0
    item = exercises[0]
    opening = " ".join(plain(teaching.exercise_text(item, item.solution)).split()[:6])
    body = solutions.nth(0).locator(".solution")
    assert not body.is_visible()
    solutions.nth(0).locator("summary").click()
    assert body.is_visible()
    assert opening in " ".join(body.inner_text().split())


def closing_words(item: teaching.Exercise) -> str:
    """The last words of an exercise's worked solution, as a page shows them: its own reasoning, found nowhere else."""
    return " ".join(plain(teaching.exercise_text(item, item.solution)).split()[-12:])


def test_the_teacher_edition_has_every_solution_and_the_solutions_sheet(built: Path) -> None:
    page = text_of((built / "teach" / "exercises.html").read_text(encoding="utf-8"))
    assert [item.id for item in teaching.exercises() if closing_words(item) not in page] == []
    assert (built / "handouts" / "exercise-solutions.pdf").is_file()
    for name in ("relationship-types.pdf", "exercises.pdf", "rubric.pdf"):
        assert (built / "handouts" / name).read_bytes().startswith(b"%PDF-")


def test_the_student_edition_has_no_solution_anywhere(student_build: Build) -> None:
    assert student_build.returncode == 0, student_build.output
    assert student_build.warnings == ""
    site = student_build.out
    pages = {path: text_of(path.read_text(encoding="utf-8")) for path in site.rglob("*.html")}
    exercises_page = pages[site / "teach" / "exercises.html"]
    for item in teaching.exercises():
        assert item.title in exercises_page  # the exercises are all there
        solution = closing_words(item)
        leaked = [str(path.relative_to(site)) for path, text in pages.items() if solution in text]
        assert leaked == [], f"{item.id}'s solution is in {leaked}"
    assert "Show the worked solution" not in exercises_page
    assert not (site / "handouts" / "exercise-solutions.pdf").exists()
    assert (site / "handouts" / "exercises.pdf").is_file()
    assert not any("solutions" in path.name for path in site.rglob("*.pdf"))
