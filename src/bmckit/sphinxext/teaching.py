"""The class kit in pages: exercises with hidden solutions, self-check quizzes and the rubric, all from ``data/teaching``.

``exercises`` writes each exercise of a part as a sphinx-exercise
``exercise`` (numbered, linkable) with its worked solution in a closed
dropdown; in the student edition (``bmc_edition = "student"``) the solutions
are left out of the pages altogether, not merely hidden. ``quiz`` writes a
part's quiz as a form the browser checks (``bmckit.js``), with no kernel and no
request: native radio buttons and buttons, so it works from the keyboard, and
the feedback is read out as it appears. ``rubric-table`` writes the rubric.
"""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING

from docutils import nodes
from docutils.statemachine import StringList
from sphinx.util.docutils import SphinxDirective, SphinxRole

from bmckit import teaching
from bmckit.sphinxext.config import bmc_config
from bmckit.sphinxext.elements import Cell, table, warn_unknown

if TYPE_CHECKING:
    from sphinx.application import Sphinx


class ExercisesDirective(SphinxDirective):
    """``exercises PART``: the part's exercises, each with its solution in a closed dropdown (none in the student edition)."""

    required_arguments = 1

    def run(self) -> list[nodes.Node]:
        part = self.arguments[0]
        if part not in teaching.PARTS:
            return warn_unknown(self, "part", part, teaching.PARTS, subtype="exercises")
        self.env.note_dependency(_data_file("exercises"))
        student = bmc_config(self.config).edition == "student"
        lines: list[str] = []
        for item in teaching.exercises():
            if item.part == part:
                lines += _exercise_markdown(item, solutions=not student)
        container = nodes.container(classes=["bmc-exercises"])
        self.state.nested_parse(StringList(lines, source=self.get_source_info()[0]), self.content_offset, container)
        return list(container.children)


def _exercise_markdown(item: teaching.Exercise, *, solutions: bool) -> list[str]:
    prompt = teaching.exercise_text(item, item.prompt)
    kind = f"{item.kind.capitalize()}, about {item.minutes} minutes"
    lines = ["````{exercise} " + item.title, f":label: ex-{item.id}", "", f"*{kind}.*", "", *prompt.splitlines(), "````", ""]
    if solutions:
        solution = teaching.exercise_text(item, item.solution)
        lines += [
            "`````{dropdown} Show the worked solution",
            ":class-container: bmc-solution",
            "",
            f"````{{solution}} ex-{item.id}",
            f":label: sol-{item.id}",
            "",
            *solution.splitlines(),
            "````",
            "`````",
            "",
        ]
    return lines


class QuizDirective(SphinxDirective):
    """``quiz PART``: the part's self-check questions, answered and explained in the browser."""

    required_arguments = 1

    def run(self) -> list[nodes.Node]:
        parts = [quiz.part for quiz in teaching.quizzes()]
        if self.arguments[0] not in parts:
            return warn_unknown(self, "quiz part", self.arguments[0], parts, subtype="quiz")
        self.env.note_dependency(_data_file("quiz"))
        return [nodes.raw("", quiz_html(teaching.quiz(self.arguments[0])), format="html")]


def quiz_html(quiz: teaching.Quiz) -> str:
    """The quiz as an HTML form: a fieldset per question, its options as radio buttons, feedback in a live region."""
    total = len(quiz.questions)
    out = [
        f'<form class="bmc-quiz" data-part="{escape(quiz.part)}" aria-label="{escape(quiz.title)}" novalidate>',
        f'<p class="bmc-quiz-intro">{escape(quiz.intro)}</p>',
        '<noscript><p class="bmc-quiz-noscript">The answers are checked in your browser: turn JavaScript on to check them.</p></noscript>',
    ]
    for number, question in enumerate(quiz.questions, start=1):
        name = f"quiz-{quiz.part}-{question.id}"
        out.append(f'<fieldset class="bmc-quiz-question" id="{escape(name)}" data-explanation="{escape(question.explanation)}">')
        out.append(f'<legend><span class="bmc-quiz-number">Question {number} of {total}.</span> {escape(question.text)}</legend>')
        for index, option in enumerate(question.options):
            out.append(
                f'<label class="bmc-quiz-option"><input type="radio" name="{escape(name)}" value="{index}" '
                f'data-correct="{"true" if option.correct else "false"}" data-why="{escape(option.why)}"> '
                f"<span>{escape(option.text)}</span></label>"
            )
        out.append('<button type="button" class="bmc-quiz-check">Check answer</button>')
        out.append('<div class="bmc-quiz-feedback" role="status" aria-live="polite"></div>')
        out.append("</fieldset>")
    out.append(f'<p class="bmc-quiz-score" role="status" aria-live="polite" data-total="{total}"></p>')
    out.append("</form>")
    return "\n".join(out)


class RubricTableDirective(SphinxDirective):
    """``rubric-table``: the rubric, a row per criterion and a column per level."""

    def run(self) -> list[nodes.Node]:
        self.env.note_dependency(_data_file("rubric"))
        rubric = teaching.rubric()
        header = ["Criterion", *(f"{level} ({points})" for points, level in enumerate(rubric.levels))]
        rows: list[list[Cell]] = []
        for criterion in rubric.criteria:
            how = "scored by bmckit review" if criterion.measure else "the teacher's judgement"
            first = nodes.paragraph(
                "", "", nodes.strong(text=criterion.name), nodes.Text(f" {criterion.question} "), nodes.emphasis(text=f"({how})")
            )
            rows.append([first, *criterion.descriptors])
        return [table(header, rows, classes=["bmc-rubric"])]


class QuizCountRole(SphinxRole):
    """``{quiz-count}`canvas```: how many questions that part's quiz has."""

    def run(self) -> tuple[list[nodes.Node], list[nodes.system_message]]:
        try:
            found = teaching.quiz(self.text)
        except KeyError as error:
            return [], [self.inliner.reporter.error(str(error.args[0]), line=self.lineno)]
        return [nodes.Text(str(len(found.questions)))], []


def _data_file(name: str) -> str:
    from bmckit.package_data import data_path

    return data_path(f"teaching/{name}.toml")


def setup_teaching_directives(app: Sphinx) -> None:
    app.add_directive("exercises", ExercisesDirective)
    app.add_directive("quiz", QuizDirective)
    app.add_directive("rubric-table", RubricTableDirective)
    app.add_role("quiz-count", QuizCountRole())
