"""The printed handouts, read as a reader would: page counts with pypdf, the words with pdftotext."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from pypdf import PdfReader

from bmckit import knowledge, teaching
from bmckit.render import handouts
from tests.pdftools import needs, pdftotext, qpdf_check, write

if TYPE_CHECKING:
    from pathlib import Path


def words(text: str) -> str:
    return " ".join(text.split())


def opening(markdown: str) -> str:
    """The first words of a text's first paragraph as they print (Markdown marks gone), enough to recognise it."""
    first = markdown.strip().split("\n\n")[0].lstrip("-* ")
    return " ".join(first.replace("**", "").split()[:6])


@needs["pdftotext"]
@pytest.mark.parametrize("paper", ["a4", "letter"])
def test_the_six_types_fit_on_one_page(tmp_path: Path, paper: str) -> None:
    path = write(tmp_path, "types.pdf", handouts.relationship_types_summary(paper=paper))
    assert len(PdfReader(path).pages) == 1
    text = words(pdftotext(path, "-raw"))
    for info in knowledge.relationship_types():
        assert info.name in text
    qpdf_check(path) if paper == "a4" else None


@needs["pdftotext"]
def test_the_exercise_sheet_has_every_exercise_and_no_solution(tmp_path: Path) -> None:
    sheet = words(pdftotext(write(tmp_path, "sheet.pdf", handouts.exercise_sheet()), "-raw"))
    with_solutions = words(pdftotext(write(tmp_path, "solutions.pdf", handouts.exercise_sheet(solutions=True)), "-raw"))
    for item in teaching.exercises():
        assert item.title in sheet
        assert opening(teaching.exercise_text(item, item.prompt)) in sheet
        solution = opening(teaching.exercise_text(item, item.solution))
        assert solution not in sheet, item.id
        assert solution in with_solutions, item.id


@needs["pdftotext"]
def test_the_rubric_prints_on_one_page_with_every_descriptor(tmp_path: Path) -> None:
    path = write(tmp_path, "rubric.pdf", handouts.rubric_pdf())
    assert len(PdfReader(path).pages) == 1
    text = words(pdftotext(path, "-raw"))
    for criterion in teaching.rubric().criteria:
        assert criterion.name in text
        for descriptor in criterion.descriptors:
            assert " ".join(descriptor.split()[:6]) in text
