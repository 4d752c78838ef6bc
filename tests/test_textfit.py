"""Text fitting loses nothing and reorders nothing, however long a note is, and breaks lines where it always has."""

from __future__ import annotations

import itertools

from hypothesis import given
from hypothesis import strategies as st

from bmckit.fontmetrics import FontMetrics, metrics
from bmckit.layout import Rect, layout_for
from bmckit.model import BlockId, Canvas, Header, Item
from bmckit.plan import plan
from bmckit.textfit import Note, PlacedNote, fit, wrap

SIZES = layout_for("a4").sizes

# Words from several scripts, some far wider than any line, joined by single and double spaces and newlines.
WORD = st.text(st.sampled_from("abcdefgWMil.,;-ßéΕλληνικάКириллица漢字テキスト🙂\u0301\u200b"), min_size=0, max_size=12)
LONG_WORD = st.text(st.sampled_from("Wxyz漢"), min_size=30, max_size=120)
SEPARATOR = st.sampled_from([" ", " ", " ", " ", "  ", "\n", "\n\n", " \n"])
PIECES = st.tuples(st.one_of(WORD, WORD, WORD, LONG_WORD), SEPARATOR)
TEXT = st.lists(PIECES, max_size=400).map(lambda pieces: "".join(word + separator for word, separator in pieces))
LONG_TEXT = st.lists(PIECES, min_size=60, max_size=300).map(lambda pieces: "".join(word + separator for word, separator in pieces))


def reference_wrap(text: str, width: float, size: float, font: FontMetrics) -> list[str]:
    """Line breaking as specified (and as bmckit first shipped it): greedy at spaces, a too-long word cut where it must.

    Written for clarity, not speed; the library must break every line exactly here.
    """
    sums = list(itertools.accumulate((font.widths.get(ord(ch), font.default_width) for ch in text), initial=0))

    def advance(start: int, end: int) -> int:
        return sums[end] - sums[start]

    limit = max(width, 0.0) * font.units_per_em / size
    lines: list[str] = []
    first = 0
    for paragraph in text.split("\n"):
        end = first + len(paragraph)
        if first == end:
            lines.append("")
        line_start = line_end = position = first
        while position < end:
            word_end = text.find(" ", position, end)
            word_end = end if word_end == -1 else word_end
            if advance(line_start, word_end) <= limit:
                line_end, position = word_end, word_end + 1
            elif line_end > line_start:
                lines.append(text[line_start:line_end])
                line_start = line_end = position
            else:
                cut = position + 1
                while cut < word_end and advance(line_start, cut + 1) <= limit:
                    cut += 1
                lines.append(text[line_start:cut])
                line_start = line_end = position = cut
        if first < end and (line_end > line_start or line_start == first):
            lines.append(text[line_start:line_end])
        first = end + 1
    return lines


def assert_rejoins(text: str, lines: list[str]) -> None:
    """``lines`` are ``text`` in order, leaving out only the space a line broke at and the spaces ending a paragraph.

    Lines of spaces make more than one reading possible, so every reading is followed: ``ends`` holds each place
    where the text read so far may end.
    """
    ends = {0}
    for number, line in enumerate(lines):
        assert "\n" not in line
        starts = {0} if number == 0 else {start for end in ends for start in _next_line_starts(text, end)}
        ends = {start + len(line) for start in starts if text.startswith(line, start)}
        assert ends, f"line {number} {line!r} is not the text that follows line {number - 1}"
    assert any(not text[end:].strip(" ") for end in ends), "text lost after the last line"


def _next_line_starts(text: str, end: int) -> set[int]:
    """Where the line after one ending at ``end`` may start: right there (a long word cut in two), after the
    space the line broke at, or after the spaces and the newline that end its paragraph."""
    starts = {end, end + 1} if text.startswith(" ", end) else {end}
    blank = end
    while text.startswith(" ", blank):
        blank += 1
    return starts | {blank + 1} if text.startswith("\n", blank) else starts


def flow(note: Note, area: Rect, *, marker_height: float = 0.0) -> list[tuple[Note, PlacedNote]]:
    """Fit a note into the canvas box ``area``, then its rest into columns as tall as the box, as the page plan does."""
    parts: list[tuple[Note, PlacedNote]] = []
    fitted = fit([note], area, SIZES, marker_height=marker_height)
    while True:
        assert len(fitted.placed) <= 1
        parts += [(note, placed) for placed in fitted.placed]
        if not fitted.rest:
            return parts
        assert fitted.placed, "a column as tall as the box takes at least a line"
        (note,) = fitted.rest
        fitted = fit([note], area, SIZES, shrink=False)


@given(text=TEXT, width=st.floats(min_value=5, max_value=300), size=st.sampled_from([4.5, 6.0, 7.5, 9.5, 24.0]))
def test_wrap_breaks_lines_where_the_reference_does(text: str, width: float, size: float) -> None:
    font = metrics()
    lines = wrap(text, width, size, font)
    assert lines == reference_wrap(text, width, size, font)
    assert_rejoins(text, lines)


@given(text=LONG_TEXT, width=st.floats(min_value=40, max_value=160), label=st.sampled_from(["", "hypothesis"]))
def test_a_long_note_split_over_columns_keeps_every_character_in_order(text: str, width: float, label: str) -> None:
    area = Rect(10, 20, width, 4 * SIZES.note_size_max * SIZES.line_height + 30)
    parts = flow(Note(text, label, key=3), area, marker_height=8)
    assert_rejoins(text, [line for _, placed in parts for line in placed.lines])
    for number, (note, placed) in enumerate(parts):
        assert (placed.key, placed.continued, placed.continues) == (3, number > 0, number < len(parts) - 1)
        assert note.remaining == text[note.start :]
        assert note.label == label if number == 0 else note.label == " · ".join(filter(None, (label, "continued")))
        # The rest of a note, carried as an offset, wraps exactly as its text cut off there would; paragraphs wrap
        # on their own, so the reference need only read to the end of the paragraph where the next part begins.
        next_start = parts[number + 1][0].start if number + 1 < len(parts) else len(text)
        paragraph_end = text.find("\n", next_start)
        window = text[note.start : len(text) if paragraph_end == -1 else paragraph_end]
        expected = reference_wrap(window, area.width - 2 * SIZES.note_padding, placed.size, metrics())
        assert list(placed.lines) == expected[: len(placed.lines)]


def test_the_rest_of_a_note_is_an_offset_into_its_text() -> None:
    text = "A long note about nothing in particular, " * 200
    fitted = fit([Note(text, key=1), Note("After it", key=2)], Rect(0, 0, 120, 80), SIZES, marker_height=8)
    rest, after = fitted.rest
    assert rest.text is text
    assert rest.start > 0
    assert rest.continued
    assert (after.text, after.start, after.continued) == ("After it", 0, False)
    assert_rejoins(text[: rest.start - 1], list(fitted.placed[0].lines))


def test_a_long_note_runs_over_continuation_pages_whole_and_in_order() -> None:
    words = itertools.cycle(
        ["Subscribers", "stream", "films", "and", "series,", "Ελληνικά", "Кириллица", "漢字", "without", "adverts", "on", "any", "screen"]
    )
    paragraphs = [" ".join(next(words) for _ in range(40 + n % 70)) for n in range(700)]
    text = "\n".join(paragraphs)
    assert len(text) > 150_000
    block = BlockId.VALUE_PROPOSITIONS
    canvas = Canvas(Header("A long note"), blocks={block: (Item("Before"), Item(text), Item("After"))})
    laid_out = plan(canvas)
    box = laid_out.boxes[block]
    assert box.continued_on == 2
    assert len(laid_out.pages) > 3
    assert [page.number for page in laid_out.pages] == list(range(2, len(laid_out.pages) + 2))
    notes = list(box.notes) + [note for page in laid_out.pages for section in page.sections for note in section.notes]
    assert [note.key for note in notes if note.key != 1] == [0, 2]
    assert_rejoins(text, [line.text for note in notes if note.key == 1 for line in note.lines])
