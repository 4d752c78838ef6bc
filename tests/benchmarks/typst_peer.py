"""The Typst peer of the benchmark: a canvas's data as JSON for ``canvas.typ``, typeset by the ``typst`` package.

The template draws the canvas page bmckit's printable PDF draws; this module
writes the canvas beside it, with the block titles, note labels and colours
bmckit would print, so both typeset the same words.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bmckit import knowledge
from bmckit.fontmetrics import font_path
from bmckit.model import BlockId
from bmckit.plan import ATTRIBUTION, HEADER_FIELDS, NEUTRAL_NOTE, note_colour, note_label

if TYPE_CHECKING:
    from bmckit.model import Canvas

TEMPLATE = Path(__file__).with_name("canvas.typ")
FONTS = str(Path(font_path()).parent)
"""bmckit's own DejaVu Sans, so Typst sets the same font."""


def canvas_data(canvas: Canvas, *, suffix: str = "") -> dict[str, Any]:
    """What the template reads; ``suffix`` goes at the end of every note, to change the text between runs."""
    return {
        "title": canvas.title,
        "fields": [[label, getattr(canvas.header, name)] for label, name in HEADER_FIELDS],
        "blocks": {
            str(block): {
                "title": knowledge.block(block).title,
                "notes": [
                    {
                        "text": item.text + suffix,
                        "label": note_label(item),
                        "colour": note_colour(canvas, item),
                        "status": str(item.status or ""),
                    }
                    for item in canvas.items(block)
                ],
            }
            for block in BlockId
        },
        "legend": [{"name": s.name, "colour": s.colour or NEUTRAL_NOTE} for s in canvas.segments]
        + ([{"name": "All segments", "colour": NEUTRAL_NOTE}] if any(not item.segments for *_, item in canvas.all_items()) else []),
        "attribution": ATTRIBUTION,
    }


def write(canvas: Canvas, folder: Path, *, suffix: str = "") -> Path:
    """Write ``canvas.typ`` and its ``canvas.json`` into ``folder``; the path of the Typst source."""
    source = folder / TEMPLATE.name
    if not source.exists():
        shutil.copyfile(TEMPLATE, source)
    (folder / "canvas.json").write_text(json.dumps(canvas_data(canvas, suffix=suffix), ensure_ascii=False), encoding="utf-8")
    return source


def compile_command(source: Path, output: Path) -> list[str]:
    """A Python one-liner that typesets ``source`` into ``output``: the whole-process peer of ``bmckit render``."""
    code = f"import typst; typst.compile({str(source)!r}, output={str(output)!r}, font_paths=[{FONTS!r}], ignore_system_fonts=True)"
    return ["-c", code]
