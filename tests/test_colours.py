"""Segment colours: optional, named or short, distinct when chosen, and text that stays readable on any of them."""

from __future__ import annotations

import itertools
import xml.etree.ElementTree as ET

import pymupdf
import pytest
from hypothesis import given
from hypothesis import strategies as st

from bmckit import colours
from bmckit.model import BlockId, Canvas, Header, Item, Segment
from bmckit.render import printable_pdf, svg

SVG = "{http://www.w3.org/2000/svg}"
DARK_AND_LIGHT = [
    "#000000",
    "#000080",
    "navy",
    "#333",
    "darkgreen",
    "#777777",
    "#767676",
    "#595959",
    "#ff0000",
    "#77aadd",
    "#ffffff",
    "gold",
]


def canvas_with(colour_list: list[str | None]) -> Canvas:
    segments = tuple(Segment(f"s{i}", f"Segment {i}", colour) for i, colour in enumerate(colour_list))
    notes = tuple(Item(f"Note for segment {i} with readable text", (f"s{i}",)) for i in range(len(colour_list)))
    return Canvas(Header("Colours"), segments, {BlockId.VALUE_PROPOSITIONS: notes})


def test_short_and_named_colours_resolve() -> None:
    assert colours.to_hex("#ABC") == "#aabbcc"
    assert colours.to_hex("Teal") == "#008080"
    assert colours.to_hex("rebeccapurple") == "#663399"
    assert len(colours.css_names()) == 148
    assert not colours.is_colour("bleu")


def test_segments_without_a_colour_get_distinct_palette_colours_not_taken_by_others() -> None:
    segments = [Segment("a", "A"), Segment("b", "B", "#77AADD"), Segment("c", "C"), Segment("d", "D")]
    chosen = colours.segment_colours(segments)
    assert chosen["b"] == "#77aadd"
    assert len(set(chosen.values())) == 4
    assert {chosen["a"], chosen["c"], chosen["d"]} <= set(colours.palette())


def test_palette_stays_apart_for_colour_blind_readers() -> None:
    """Under simulated deuteranopia and protanopia every pair of palette colours still differs clearly."""

    def simulate(colour: str, matrix: tuple[tuple[float, ...], ...]) -> tuple[float, ...]:
        rgb = [int(colour[i : i + 2], 16) for i in (1, 3, 5)]
        return tuple(sum(m * c for m, c in zip(row, rgb, strict=True)) for row in matrix)

    # Machado et al. (2009) matrices at full severity, applied to sRGB values (an approximation, enough to compare).
    deuteranopia = ((0.367, 0.861, -0.228), (0.280, 0.673, 0.047), (-0.012, 0.043, 0.969))
    protanopia = ((0.152, 1.053, -0.205), (0.115, 0.786, 0.099), (-0.004, -0.048, 1.052))
    for matrix in (deuteranopia, protanopia):
        for first, second in itertools.combinations(colours.palette(), 2):
            a, b = simulate(first, matrix), simulate(second, matrix)
            distance = sum((x - y) ** 2 for x, y in zip(a, b, strict=True)) ** 0.5
            assert distance > 20, (first, second, distance)


@given(st.from_regex(r"#[0-9a-f]{6}", fullmatch=True))
def test_ink_always_reaches_wcag_aa(fill: str) -> None:
    for preferred in ("#1a1a1a", "#1f2933", "#52606d"):
        assert colours.contrast(colours.ink_on(fill, preferred), fill) >= 4.5


def test_pdf_note_text_contrasts_with_its_note_as_mupdf_reads_it() -> None:
    document = pymupdf.open(stream=printable_pdf.render(canvas_with(DARK_AND_LIGHT)), filetype="pdf")
    spans = [s for block in document[0].get_text("dict")["blocks"] for line in block.get("lines", []) for s in line["spans"]]
    checked = 0
    for index, colour in enumerate(DARK_AND_LIGHT):
        fill = colours.to_hex(colour)
        for span in spans:
            if f"segment {index} " in span["text"] or span["text"].endswith(f"segment {index}"):
                ink = f"#{span['color']:06x}"
                assert colours.contrast(ink, fill) >= 4.5, (colour, ink, span["text"])
                checked += 1
    assert checked >= len(DARK_AND_LIGHT)


def test_svg_note_text_contrasts_with_its_note() -> None:
    root = ET.fromstring(svg.render(canvas_with(DARK_AND_LIGHT)))
    notes = [g for g in root.iter(f"{SVG}g") if "note" in g.get("class", "").split()]
    assert len(notes) == len(DARK_AND_LIGHT)
    for note in notes:
        fill = note.find(f"{SVG}rect").get("fill")  # type: ignore[union-attr]
        for text in note.iter(f"{SVG}text"):
            assert colours.contrast(text.get("fill") or "#000000", fill) >= 4.5  # type: ignore[arg-type]


@pytest.mark.parametrize("render", [svg.render, printable_pdf.render])
def test_canvas_without_colours_renders(render: object) -> None:
    canvas = canvas_with([None, None, "teal", "#abc"])
    assert render(canvas)  # type: ignore[operator]
