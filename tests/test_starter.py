"""The starter canvas: valid, empty, and carrying the knowledge base's guiding questions."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from bmckit import canvas_files, knowledge
from bmckit.starter import starter_yaml

TEMPLATES = Path(__file__).parents[1] / "templates"


def test_starter_is_a_valid_empty_canvas() -> None:
    canvas = canvas_files.loads(starter_yaml(title="Test", today=dt.date(2026, 1, 2)))
    assert canvas.title == "Test"
    assert canvas.header.date == "2026-01-02"
    assert not list(canvas.all_items())


def test_starter_carries_every_guiding_question() -> None:
    text = starter_yaml()
    for block in knowledge.blocks():
        assert f"# {block.title}: {block.purpose}" in text
        for question in block.questions:
            assert question in text


def test_templates_folder_holds_the_current_starter() -> None:
    """templates/starter.yaml is what `bmckit new` writes; regenerate it with `make templates` when the questions change."""
    shipped = (TEMPLATES / "starter.yaml").read_text(encoding="utf-8")
    date = re.search(r"^date: '(\d{4}-\d\d-\d\d)'$", shipped, re.MULTILINE)
    assert date, "templates/starter.yaml has no date line"
    assert shipped == starter_yaml(today=dt.date.fromisoformat(date.group(1)))
