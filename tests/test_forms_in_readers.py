"""Fillable canvases in readers other than the one that wrote them: MuPDF fills and saves, poppler draws, qpdf flattens.

Every test here fills, draws or reads a form with a different program from
the one that made it (bmckit writes with reportlab and pypdf), because a form
that only its own writer can read is no form at all.
"""

from __future__ import annotations

import io
import re
import subprocess
from dataclasses import replace
from typing import TYPE_CHECKING

import pymupdf
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pypdf import PdfReader, PdfWriter

from bmckit.cases import load_case
from bmckit.cli import main
from bmckit.fontmetrics import missing_glyphs
from bmckit.formtext import items_to_text, text_to_items
from bmckit.layout import layout_for
from bmckit.model import BlockId, Item, Motivation, RelationshipType, Status
from bmckit.render import fillable_pdf, printable_pdf
from bmckit.render.pdf import forms, read_back
from bmckit.render.pdf.reportlab_page import Page
from tests.pdftools import needs, pdftotext, qpdf_check, write

if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path

    from bmckit.model import Canvas

# Note text ---------------------------------------------------------------------------------------------------------

_LINE_PIECES = st.sampled_from(
    ["- ", "• ", "* ", "– ", " ", "  ", "\t", "[", "]", "[validated]", "[x, y]", "[]", ",", "a", "Ωμέγα", "Кирилл", "😀"]
)
_LINES = st.lists(
    st.lists(_LINE_PIECES | st.text(st.characters(exclude_characters="\r\n"), max_size=4), max_size=6).map("".join), min_size=1, max_size=5
)
_TEXTS = _LINES.map("\n".join).filter(bool)
_ITEMS = st.builds(
    Item,
    text=_TEXTS,
    segments=st.lists(st.sampled_from(["locals", "visitors"]), unique=True, max_size=2).map(tuple),
    status=st.none() | st.sampled_from(Status),
    type=st.none() | st.sampled_from(RelationshipType),
    motivation=st.none() | st.sampled_from(Motivation),
)


@settings(deadline=None)
@given(st.lists(_ITEMS, max_size=5))
def test_any_notes_come_back_exactly_from_their_field_text(items: list[Item]) -> None:
    text = items_to_text(tuple(items))
    assert text_to_items(text, BlockId.CUSTOMER_RELATIONSHIPS, ("locals", "visitors")).items == items, text


def test_a_line_at_the_left_margin_starts_a_note_and_an_indented_line_continues_it() -> None:
    typed = "Students\nTeachers\n- Parents [validated]\n  who volunteer\n\n  on Saturdays\n• Alumni"
    assert text_to_items(typed, BlockId.CUSTOMER_SEGMENTS).items == [
        Item("Students"),
        Item("Teachers"),
        Item("Parents\nwho volunteer\n\non Saturdays", status=Status.VALIDATED),
        Item("Alumni"),
    ]


def test_a_note_that_begins_a_line_with_a_dash_or_has_an_empty_line_stays_one_note() -> None:
    items = (Item("Two kinds:\n- students\n- teachers\n\nboth local", ("locals",)), Item("[draft] plan\n• not a bullet"))
    text = items_to_text(items)
    assert text == "• Two kinds:\n  - students\n  - teachers\n  \n  both local [locals]\n• [draft] plan\n  • not a bullet"
    assert text_to_items(text, BlockId.CHANNELS, ("locals",)).items == list(items)


# Helpers: MuPDF fills and saves like a desktop reader; poppler draws; qpdf checks and flattens -------------------------

GREEK = "Ελληνικά σχέση"
CYRILLIC = "Кириллица отношения"


def fill_with_mupdf(source: Path, target: Path, values: dict[str, str], *, append: bool = False) -> None:
    """Type ``values`` into the form's fields (after what is there, with ``append``) and save, as a reader does."""
    doc = pymupdf.open(source)
    for widget in doc[0].widgets():
        if widget.field_name in values:
            widget.field_value = (widget.field_value or "") + values[widget.field_name] if append else values[widget.field_name]
            widget.update()
    doc.save(target)


def set_need_appearances(source: Path, target: Path) -> None:
    """What pdf.js does on every save: ask readers to redraw every field."""
    doc = pymupdf.open(source)
    form = int(doc.xref_get_key(doc.pdf_catalog(), "AcroForm")[1].split()[0])
    doc.xref_set_key(form, "NeedAppearances", "true")
    doc.save(target)


def field_rects(path: Path) -> dict[str, pymupdf.Rect]:
    return {widget.field_name: widget.rect for widget in pymupdf.open(path)[0].widgets()}


def poppler_dark_pixels(path: Path, rect: pymupdf.Rect, tmp_path: Path) -> int:
    """How many dark pixels poppler draws inside ``rect`` (points, top-left origin) at 72 dpi; fails on font warnings."""
    out = tmp_path / "crop"
    box = [str(round(v)) for v in (rect.x0, rect.y0, rect.width, rect.height)]
    run = subprocess.run(
        ["pdftoppm", "-r", "72", "-gray", "-x", box[0], "-y", box[1], "-W", box[2], "-H", box[3], "-singlefile", str(path), str(out)],
        capture_output=True,
        text=True,
        check=True,
    )
    assert "couldn't find a font" not in run.stderr, run.stderr
    data = out.with_suffix(".pgm").read_bytes()
    header = data.split(b"\n", 3)  # P5, width height, maxval, pixels
    return sum(1 for byte in header[3] if byte < 128)


# 1. A Unicode font in /DR and every /DA -------------------------------------------------------------------------------


def test_every_field_names_a_unicode_font_the_form_offers(tmp_path: Path) -> None:
    path = write(tmp_path, "blank.pdf", fillable_pdf.render_blank())
    doc = pymupdf.open(path)
    form = int(doc.xref_get_key(doc.pdf_catalog(), "AcroForm")[1].split()[0])
    font = int(doc.xref_get_key(form, "DR/Font/DejaVuSans")[1].split()[0])
    assert doc.xref_get_key(font, "Subtype") == ("name", "/Type0")
    assert doc.xref_get_key(font, "Encoding") == ("name", "/Identity-H")
    assert doc.xref_get_key(font, "ToUnicode")[0] == "xref"
    descendant = int(doc.xref_get_key(font, "DescendantFonts")[1].strip("[]").split()[0])
    assert doc.xref_get_key(descendant, "Subtype") == ("name", "/CIDFontType2")
    assert doc.xref_get_key(descendant, "W")[0] == "array"
    assert doc.xref_get_key(form, "DR/Font/Helv") == doc.xref_get_key(form, "DR/Font/DejaVuSans"), "fillers that force /Helv get it too"
    layout = layout_for("a4")
    sizes = {widget.field_name: (widget.text_font, widget.text_fontsize) for widget in doc[0].widgets()}
    assert sizes == {
        **{str(block): ("DejaVuSans", 0) for block in BlockId},
        "title": ("DejaVuSans", layout.sizes.title_size),
        **{key: ("DejaVuSans", layout.sizes.field_size) for key in ("designed_for", "designed_by", "date", "version")},
    }


@needs["pdftoppm"]
@needs["qpdf"]
@pytest.mark.parametrize("kind", ["blank", "titled", "pre-filled"])
def test_greek_and_cyrillic_typed_show_in_poppler_even_when_it_redraws_every_field(kind: str, tmp_path: Path) -> None:
    made = {
        "blank": lambda: fillable_pdf.render_blank(),
        "titled": lambda: fillable_pdf.render_blank(title="Bike café"),
        "pre-filled": lambda: fillable_pdf.render_fillable(load_case("netflix")),
    }[kind]()
    form = write(tmp_path, "form.pdf", made)
    # Measured on the blank form: what is typed replaces a pre-filled field's own text, so that is no baseline.
    blank = write(tmp_path, "blank.pdf", fillable_pdf.render_blank())
    empty = poppler_dark_pixels(blank, field_rects(blank)["customer_segments"], tmp_path)
    filled, redrawn = tmp_path / "filled.pdf", tmp_path / "redrawn.pdf"
    fill_with_mupdf(form, filled, {"customer_segments": f"{GREEK}\n{CYRILLIC}", "designed_by": GREEK})
    set_need_appearances(filled, redrawn)
    qpdf_check(redrawn)
    rects = field_rects(redrawn)
    assert poppler_dark_pixels(redrawn, rects["customer_segments"], tmp_path) > empty + 200, "the typed Greek and Cyrillic are drawn"
    assert poppler_dark_pixels(redrawn, rects["designed_by"], tmp_path) > 50
    if kind == "pre-filled":  # untouched pre-filled fields are redrawn from their values too
        assert poppler_dark_pixels(redrawn, rects["channels"], tmp_path) > 200


# 2. Typing a new line adds a note -------------------------------------------------------------------------------------


@needs["qpdf"]
def test_a_line_typed_at_the_end_of_a_pre_filled_block_reads_back_as_a_new_note(tmp_path: Path) -> None:
    canvas = load_case("zappos")
    form = write(tmp_path, "zappos.pdf", fillable_pdf.render_fillable(canvas))
    typed = tmp_path / "typed.pdf"
    fill_with_mupdf(form, typed, {"customer_relationships": "\nA loyalty club for runners", "channels": "\n  and in print"}, append=True)
    qpdf_check(typed)
    back = read_back.read(typed)
    assert back.items("customer_relationships") == (*canvas.items("customer_relationships"), Item("A loyalty club for runners"))
    *before, last = canvas.items("channels")
    assert back.items("channels") == (*before, replace(last, text=f"{last.text}\nand in print")), "an indented line continues, tags kept"


def test_lines_typed_into_a_blank_form_are_one_note_each(tmp_path: Path) -> None:
    form = write(tmp_path, "blank.pdf", fillable_pdf.render_blank())
    typed = tmp_path / "typed.pdf"
    fill_with_mupdf(form, typed, {"customer_segments": "Students\nTeachers\n- Parents", "title": "School café"})
    back = read_back.read(typed)
    assert back.items("customer_segments") == (Item("Students"), Item("Teachers"), Item("Parents"))
    assert back.title == "School café"


# 3. Long typed text is not clipped --------------------------------------------------------------------------------------


@needs["pdftotext"]
def test_a_long_paragraph_typed_into_a_blank_field_shows_every_word(tmp_path: Path) -> None:
    # About 1,700 characters: Key Activities, the smallest field, lost a tenth of its room to the page's 10 mm margins.
    words = [f"w{n:03d}q" for n in range(280)]
    paragraph = " ".join(words)
    assert len(paragraph) >= 1670
    form = write(tmp_path, "blank.pdf", fillable_pdf.render_blank())
    filled, redrawn = tmp_path / "filled.pdf", tmp_path / "redrawn.pdf"
    fill_with_mupdf(form, filled, {"key_activities": paragraph})
    # MuPDF draws an automatic size as 12 pt and clips; poppler (like pdf.js) shrinks to fit when it redraws.
    set_need_appearances(filled, redrawn)
    rect = field_rects(redrawn)["key_activities"]
    crop = [str(round(v)) for v in (rect.x0, rect.y0, rect.width, rect.height)]
    shown = pdftotext(redrawn, "-r", "72", "-x", crop[0], "-y", crop[1], "-W", crop[2], "-H", crop[3]).split()
    assert [word for word in words if word not in shown] == []


# 4. Text that does not fit is said, never hidden ---------------------------------------------------------------------------


@needs["pdftotext"]
@needs["qpdf"]
def test_a_note_too_long_for_its_field_keeps_all_its_text_and_says_what_the_page_shows(tmp_path: Path) -> None:
    words = [f"n{n:04d}z" for n in range(1200)]
    canvas = load_case("netflix")
    canvas = replace(canvas, blocks={**canvas.blocks, BlockId.CUSTOMER_RELATIONSHIPS: (Item(" ".join(words)),)})
    data, notes = fillable_pdf.render_fillable_with_notes(canvas)
    assert data == fillable_pdf.render_fillable(canvas)
    assert len(notes) == 1
    assert re.fullmatch(
        r"Customer Relationships: does not fit its form field even at 6 pt; "
        r"the field holds all of it, the page shows the first \d+ of \d+ lines",
        notes[0],
    ), notes
    form = write(tmp_path, "long.pdf", data)
    qpdf_check(form)
    widget = next(w for w in pymupdf.open(form)[0].widgets() if w.field_name == "customer_relationships")
    assert widget.field_value.split() == ["•", *words], "the value holds every word"
    flat = tmp_path / "flat.pdf"
    subprocess.run(["qpdf", "--flatten-annotations=all", str(form), str(flat)], check=True)
    shown = " ".join(pdftotext(flat, "-raw").split())
    first, total = map(int, re.findall(r"\d+", notes[0].split(";")[-1]))
    assert f"… {total - first} more lines in this field: scroll, or print with bmckit render" in shown
    visible = [word for word in words if word in shown]
    assert 0 < len(visible) < len(words)
    assert visible == words[: len(visible)], "the page shows the start of the note"


def test_a_case_study_fits_its_fields_without_notes() -> None:
    assert fillable_pdf.render_fillable_with_notes(load_case("apple"))[1] == []


@needs["pdftotext"]
@needs["qpdf"]
def test_header_fields_are_drawn_on_one_line(tmp_path: Path) -> None:
    canvas = load_case("apple")
    canvas = replace(canvas, header=replace(canvas.header, designed_for="Students of the evening class\nin the old town library"))
    form = write(tmp_path, "form.pdf", fillable_pdf.render_fillable(canvas))
    flat = tmp_path / "flat.pdf"
    subprocess.run(["qpdf", "--flatten-annotations=all", str(form), str(flat)], check=True)
    rect = field_rects(form)["designed_for"]
    lines = [line for block in pymupdf.open(flat)[0].get_text("dict", clip=rect)["blocks"] for line in block.get("lines", [])]
    assert len({round(line["bbox"][1]) for line in lines}) == 1, "one line of text"


# 5. Encrypted and damaged files ---------------------------------------------------------------------------------------------


def _encrypt_with_pypdf(source: Path, target: Path, *, user: str, algorithm: str) -> None:
    writer = PdfWriter(clone_from=source)
    writer.encrypt(user_password=user, owner_password="teacher", algorithm=algorithm)
    with target.open("wb") as stream:
        writer.write(stream)


def _encrypt_with_qpdf(source: Path, target: Path, *, user: str, bits: str) -> None:
    aes = ["--use-aes=y"] if bits == "128" else []
    subprocess.run(["qpdf", "--encrypt", user, "teacher", bits, *aes, "--", str(source), str(target)], check=True)


ENCRYPTIONS = [
    pytest.param(lambda s, t, user: _encrypt_with_pypdf(s, t, user=user, algorithm="AES-128"), id="pypdf-aes128"),
    pytest.param(lambda s, t, user: _encrypt_with_pypdf(s, t, user=user, algorithm="AES-256"), id="pypdf-aes256"),
    pytest.param(lambda s, t, user: _encrypt_with_qpdf(s, t, user=user, bits="128"), id="qpdf-aes128", marks=needs["qpdf"]),
    pytest.param(lambda s, t, user: _encrypt_with_qpdf(s, t, user=user, bits="256"), id="qpdf-aes256", marks=needs["qpdf"]),
]


@pytest.mark.parametrize("encrypt", ENCRYPTIONS)
def test_a_form_protected_only_against_editing_reads_back(encrypt: Callable[[Path, Path, str], None], tmp_path: Path) -> None:
    canvas = load_case("starbucks")
    form = write(tmp_path, "form.pdf", fillable_pdf.render_fillable(canvas))
    locked = tmp_path / "locked.pdf"
    encrypt(form, locked, "")
    assert pymupdf.open(locked).is_encrypted is False or pymupdf.open(locked).needs_pass is False
    assert read_back.read(locked) == canvas
    assert forms.form_is_untouched(locked)


@pytest.mark.parametrize("encrypt", ENCRYPTIONS)
def test_a_form_with_a_password_is_one_clear_line(
    encrypt: Callable[[Path, Path, str], None], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    form = write(tmp_path, "form.pdf", fillable_pdf.render_fillable(load_case("starbucks")))
    locked = tmp_path / "locked.pdf"
    encrypt(form, locked, "student")
    assert pymupdf.open(locked).needs_pass
    assert main(["render", str(locked), "-o", str(tmp_path / "out.yaml")]) == 2
    err = capsys.readouterr().err
    assert err == f"bmckit: {locked}: {read_back.PASSWORD}\n"
    assert "is protected by a password; " in err


@pytest.mark.parametrize("cut", [0.5, 0.9, 0.999])
def test_a_truncated_pdf_is_one_line_in_our_words(cut: float, tmp_path: Path, capfd: pytest.CaptureFixture[str]) -> None:
    data = fillable_pdf.render_fillable(load_case("apple"))
    broken = write(tmp_path, "broken.pdf", data[: int(len(data) * cut)])
    assert main(["render", str(broken), "-o", str(tmp_path / "out.yaml")]) == 2
    err = capfd.readouterr().err
    assert err == f"bmckit: {broken}: {read_back.NOT_A_PDF}\n"
    for leak in ("Traceback", "EOF marker", "pypdf", "startxref"):
        assert leak not in err


def test_a_form_with_a_damaged_xref_reads_back_without_warnings(tmp_path: Path, capfd: pytest.CaptureFixture[str]) -> None:
    data = fillable_pdf.render_fillable(load_case("apple"))
    offset = data.rindex(b"startxref") + len(b"startxref\n")
    end = data.index(b"\n", offset)
    broken = write(tmp_path, "moved.pdf", data[:offset] + str(int(data[offset:end]) - 7).encode() + data[end:])
    assert main(["render", str(broken), "-o", str(tmp_path / "out.yaml")]) == 0
    err = capfd.readouterr().err
    assert "incorrect startxref" not in err, err
    assert "Object Streams" not in err, err
    assert read_back.read(broken) == load_case("apple")


# 6. Each document its own /ID, dated by its canvas ----------------------------------------------------------------------------


def _trailer_id(data: bytes) -> str:
    # read with pypdf: pymupdf prints an ID whose bytes happen to be mostly printable as a (string), not <hex>
    first = PdfReader(io.BytesIO(data)).trailer["/ID"][0]
    return bytes(first.original_bytes).hex()


@pytest.mark.parametrize(
    "render",
    [
        pytest.param(fillable_pdf.render_fillable, id="fillable"),
        pytest.param(lambda canvas: printable_pdf.render(canvas), id="printable"),
    ],
)
def test_each_canvas_gets_its_own_id_and_the_same_canvas_the_same_bytes(render: Callable[[Canvas], bytes]) -> None:
    apple, zappos = render(load_case("apple")), render(load_case("zappos"))
    assert _trailer_id(apple) != _trailer_id(zappos)
    assert render(load_case("apple")) == apple
    assert _trailer_id(apple) != "9d11687c77b92fcda52e13fd31d7b93c", "not reportlab's invariant /ID"


def test_blank_forms_of_different_papers_and_titles_have_different_ids() -> None:
    ids = {_trailer_id(fillable_pdf.render_blank(paper=p)) for p in ("a4", "a3")} | {_trailer_id(fillable_pdf.render_blank(title="Café"))}
    assert len(ids) == 3


def test_a_form_is_dated_by_its_canvas(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    canvas = load_case("zappos")
    assert canvas.header.date == "2026-11-22"
    data = fillable_pdf.render_fillable(canvas)
    assert pymupdf.open(stream=data).metadata["creationDate"].startswith("D:20261122")
    assert PdfReader(io.BytesIO(data)).metadata.creation_date.date().isoformat() == "2026-11-22"
    undated = replace(canvas, header=replace(canvas.header, date="spring term"))
    assert pymupdf.open(stream=fillable_pdf.render_fillable(undated)).metadata["creationDate"] == "", "no date rather than a made-up one"
    assert PdfReader(io.BytesIO(fillable_pdf.render_blank())).metadata.creation_date is None


def test_without_a_canvas_date_the_build_date_is_source_date_epoch(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")  # 2023-11-14 22:13:20 UTC
    assert pymupdf.open(stream=fillable_pdf.render_blank()).metadata["modDate"].startswith("D:20231114221320")
    page = Page(layout_for("a4"), title="t", subject="s", date="2025-01-31")
    assert PdfReader(io.BytesIO(page.finish())).metadata.creation_date.date().isoformat() == "2025-01-31", "the canvas's date first"


# 7. Characters the font cannot draw ------------------------------------------------------------------------------------------


def test_missing_glyphs_names_what_dejavu_sans_cannot_draw() -> None:
    texts = ["Rocket 🚀 launch\n", "中文 and 🚀 again", f"{GREEK} {CYRILLIC} ß é 😀 – “quotes” •\t"]
    assert missing_glyphs(texts) == ["中", "文", "🚀"]
    assert missing_glyphs([]) == []
    assert missing_glyphs(["\x00\x07\r\n"]) == [], "control characters are not drawn, so not missing"


@needs["pdftotext"]
@needs["qpdf"]
def test_characters_beyond_the_usual_subset_are_drawn_in_a_pre_filled_field(tmp_path: Path) -> None:
    canvas = load_case("apple")
    canvas = replace(canvas, blocks={**canvas.blocks, BlockId.CHANNELS: (Item("Snowman ☃ and smile 😀"),)})
    flat = tmp_path / "flat.pdf"
    subprocess.run(
        ["qpdf", "--flatten-annotations=all", str(write(tmp_path, "f.pdf", fillable_pdf.render_fillable(canvas))), str(flat)], check=True
    )
    assert "Snowman ☃ and smile 😀" in pdftotext(flat)


# 8. Telling an untouched form from a filled one ---------------------------------------------------------------------------------


def test_field_digest_is_of_the_non_empty_values_in_any_order() -> None:
    assert forms.field_digest({"a": "1", "b": ""}) == forms.field_digest({"a": "1"})
    assert forms.field_digest({"a": "1", "c": "2"}) == forms.field_digest({"c": "2", "a": "1"})
    assert forms.field_digest({"a": "1"}) != forms.field_digest({"a": "2"})
    assert forms.FIELDS_DIGEST == "/BmckitFields"


@pytest.mark.parametrize("made", ["blank", "titled", "pre-filled"])
def test_a_form_is_untouched_until_someone_types_into_it(made: str, tmp_path: Path) -> None:
    data = {
        "blank": lambda: fillable_pdf.render_blank(),
        "titled": lambda: fillable_pdf.render_blank(title="Café"),
        "pre-filled": lambda: fillable_pdf.render_fillable(load_case("netflix")),
    }[made]()
    form = write(tmp_path, "form.pdf", data)
    assert forms.form_is_untouched(form)
    resaved = tmp_path / "resaved.pdf"
    pymupdf.open(form).save(resaved)  # opened and saved in a reader, nothing typed
    assert forms.form_is_untouched(resaved)
    typed = tmp_path / "typed.pdf"
    fill_with_mupdf(form, typed, {"version": "2"})
    assert not forms.form_is_untouched(typed)


def test_a_form_without_a_digest_is_untouched_only_while_empty(tmp_path: Path) -> None:
    writer = PdfWriter(clone_from=io.BytesIO(fillable_pdf.render_blank()))
    # without the digest, as older bmckits wrote it
    writer.metadata = {key: value for key, value in (writer.metadata or {}).items() if key != forms.FIELDS_DIGEST}
    old = tmp_path / "old.pdf"
    with old.open("wb") as stream:
        writer.write(stream)
    assert forms.form_is_untouched(old)
    typed = tmp_path / "typed.pdf"
    fill_with_mupdf(old, typed, {"channels": "Word of mouth"})
    assert not forms.form_is_untouched(typed)


def test_a_pdf_that_is_no_canvas_form_is_not_called_untouched(tmp_path: Path) -> None:
    essay = pymupdf.open()
    essay.new_page().insert_text((72, 72), "My essay, not a canvas")
    essay.save(tmp_path / "essay.pdf")
    assert not forms.form_is_untouched(tmp_path / "essay.pdf")
    assert not forms.form_is_untouched(write(tmp_path, "printable.pdf", printable_pdf.render(load_case("apple"))))


# Every kind of PDF passes qpdf's checks ---------------------------------------------------------------------------------------


@needs["qpdf"]
def test_every_kind_of_form_passes_qpdf_check_after_a_reader_saves_it(tmp_path: Path) -> None:
    for name, data in {
        "blank": fillable_pdf.render_blank(paper="a3"),
        "titled": fillable_pdf.render_blank(title="Ωμέγα"),
        "pre-filled": fillable_pdf.render_fillable(load_case("amazon"), paper="letter"),
    }.items():
        form = write(tmp_path, f"{name}.pdf", data)
        qpdf_check(form)
        typed = tmp_path / f"{name}-typed.pdf"
        fill_with_mupdf(form, typed, {"key_partnerships": f"{GREEK}\n{CYRILLIC}"})
        qpdf_check(typed)


SAMPLE = "Ąčćđ Ωμέγα ἀρχή Жёлтый ‘’“” – — … • € № ™ ½ → ≤ ≥ ≠ ■ ● ✓ ✗ Tiếng Việt"


@needs["pdftotext"]
@needs["qpdf"]
def test_mupdf_and_poppler_draw_and_read_a_pre_filled_form_in_its_unicode_font(tmp_path: Path) -> None:
    canvas = load_case("apple")
    canvas = replace(canvas, blocks={**canvas.blocks, BlockId.CHANNELS: (Item(SAMPLE), Item(GREEK), Item(CYRILLIC))})
    form = write(tmp_path, "form.pdf", fillable_pdf.render_fillable(canvas))
    doc = pymupdf.open(form)
    doc.bake()  # MuPDF draws the fields' appearances into the page
    assert SAMPLE in " ".join(doc[0].get_text().split())
    flat = tmp_path / "flat.pdf"
    subprocess.run(["qpdf", "--flatten-annotations=all", str(form), str(flat)], check=True)
    shown = "".join(pdftotext(flat).split())  # pdftotext guesses spaces between symbols: compare without them
    for text in (SAMPLE, GREEK, CYRILLIC):
        assert "".join(text.split()) in shown
