"""Printed handouts for a class: the six relationship types on one page, the exercise sheet, the rubric.

Each is drawn from the same data as the site's pages (the knowledge base and
``data/teaching``), with reportlab's flowing layout, in the embedded DejaVu
Sans so every name prints, on A4 or Letter. The exercise sheet leaves room
to write under each exercise and has no solutions; the solutions are a
separate file, which the student edition of the site does not make.
"""

from __future__ import annotations

import io
import re
from html import escape
from typing import TYPE_CHECKING

from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.pagesizes import A4, LETTER, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import KeepTogether, ListFlowable, ListItem, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from bmckit import knowledge, teaching
from bmckit.plan import ATTRIBUTION
from bmckit.render.pdf.reportlab_page import BOLD, REGULAR, register_fonts

if TYPE_CHECKING:
    from reportlab.pdfgen.canvas import Canvas as PdfCanvas
    from reportlab.platypus import Flowable

PAGES = {"a4": A4, "letter": LETTER}
INK, GREY, RULE, SHADE = colors.HexColor("#1f2933"), colors.HexColor("#52606d"), colors.HexColor("#9aa5b1"), colors.HexColor("#eef2f5")


def relationship_types_summary(*, paper: str = "a4") -> bytes:
    """One landscape page: the six relationship types side by side, what each is, what it costs, whom it suits, an example."""
    styles = _styles(7.5)
    headings = ("Type", "What it is", "Contact, cost, scale", "Suits", "Example")
    rows: list[list[Flowable]] = [[Paragraph(f"<b>{h}</b>", styles["cell"]) for h in headings]]
    for info in knowledge.relationship_types():
        example = info.examples[0].text if info.examples else ""
        profile = f"contact {info.personal_contact}<br/>cost {info.cost_to_serve}<br/>scale {info.scalability}"
        rows.append(
            [
                Paragraph(f"<b>{escape(info.name)}</b>", styles["cell"]),
                Paragraph(escape(info.definition), styles["cell"]),
                Paragraph(profile, styles["cell"]),
                Paragraph(escape(info.suits_summary), styles["cell"]),
                Paragraph(escape(example), styles["cell"]),
            ]
        )
    page = landscape(PAGES[paper])
    width = page[0] - 24 * mm
    table = Table(rows, colWidths=[w * width for w in (0.11, 0.31, 0.09, 0.27, 0.22)], repeatRows=1)
    table.setStyle(_table_style())
    motivations = " ".join(f"<b>{escape(m.name)}</b>: {escape(m.definition)}" for m in knowledge.motivations())
    story = [
        Paragraph("The six customer relationship types", styles["title"]),
        Paragraph(
            "Each trades personal contact against cost and reach. Most businesses mix several, one per segment and motivation.",
            styles["body"],
        ),
        table,
        Spacer(0, 3 * mm),
        Paragraph(f"Why a relationship exists. {motivations}", styles["small"]),
    ]
    return _document(story, page, title="The six customer relationship types", margins=12 * mm)


def exercise_sheet(*, paper: str = "a4", solutions: bool = False) -> bytes:
    """Every exercise, part by part, with room to write; or, with ``solutions``, each followed by its worked solution."""
    styles = _styles(10)
    title = "Exercises: worked solutions" if solutions else "Exercises"
    story: list[Flowable] = [
        Paragraph(title, styles["title"]),
        Paragraph(
            "Customer relationships and the Business Model Canvas. The minutes are a guide to the time each takes."
            + (" For the teacher: not for handing out before the exercises are done." if solutions else ""),
            styles["body"],
        ),
    ]
    number = 0
    for part in teaching.PARTS:
        items = [item for item in teaching.exercises() if item.part == part]
        if not items:
            continue
        story.append(Paragraph(PART_TITLES[part], styles["heading"]))
        for item in items:
            number += 1
            block: list[Flowable] = [
                Paragraph(f"{number}. {escape(item.title)} <font color='#52606d'>({item.minutes} min)</font>", styles["exercise"])
            ]
            block += markdown_flowables(teaching.exercise_text(item, item.prompt), styles)
            if solutions:
                block.append(Paragraph("<b>Solution</b>", styles["body"]))
                block += markdown_flowables(teaching.exercise_text(item, item.solution), styles)
            else:
                block.append(Spacer(0, 28 * mm))
            story.append(KeepTogether(block))
    return _document(story, PAGES[paper], title=title)


def rubric_pdf(*, paper: str = "a4") -> bytes:
    """The rubric as one landscape page: a row per criterion, a column per level."""
    rubric = teaching.rubric()
    styles = _styles(8.5)
    header = [Paragraph("<b>Criterion</b>", styles["cell"])] + [
        Paragraph(f"<b>{escape(level)} ({points})</b>", styles["cell"]) for points, level in enumerate(rubric.levels)
    ]
    rows: list[list[Flowable]] = [header]
    for criterion in rubric.criteria:
        how = "scored by bmckit review" if criterion.measure else "the teacher's judgement"
        rows.append(
            [
                Paragraph(
                    f"<b>{escape(criterion.name)}</b><br/>{escape(criterion.question)}<br/><font color='#52606d'>{how}</font>",
                    styles["cell"],
                )
            ]
            + [Paragraph(escape(text), styles["cell"]) for text in criterion.descriptors]
        )
    page = landscape(PAGES[paper])
    width = page[0] - 24 * mm
    table = Table(rows, colWidths=[0.2 * width] + [0.8 * width / len(rubric.levels)] * len(rubric.levels), repeatRows=1)
    table.setStyle(_table_style())
    top = rubric.top * len(rubric.criteria)
    story = [
        Paragraph(escape(rubric.title), styles["title"]),
        Paragraph(escape(rubric.intro), styles["body"]),
        table,
        Spacer(0, 4 * mm),
        Paragraph(f"Team: ____________________________    Total: ______ / {top}    Marked by: ____________________", styles["body"]),
    ]
    return _document(story, page, title=rubric.title, margins=12 * mm)


PART_TITLES = {
    "canvas": "The canvas and its nine blocks",
    "relationships": "The six relationship types",
    "motivations": "Acquisition, retention and expansion",
    "measuring": "Measuring relationships",
    "cases": "The case studies",
}


def markdown_flowables(text: str, styles: dict[str, ParagraphStyle]) -> list[Flowable]:
    """The small Markdown the class kit's texts use (paragraphs, "- " lists, **bold**, *italic*) as reportlab flowables."""
    flowables: list[Flowable] = []
    for block in re.split(r"\n\s*\n", text.strip()):
        lines = block.splitlines()
        if lines[0].startswith(("- ", "* ")):
            entries: list[str] = []
            for line in lines:  # an item goes on over the indented lines below it
                if line.startswith(("- ", "* ")):
                    entries.append(line[2:].strip())
                else:
                    entries[-1] += " " + line.strip()
            items = [ListItem(Paragraph(_inline(entry), styles["body"]), leftIndent=10) for entry in entries]
            flowables.append(ListFlowable(items, bulletType="bullet", start="•", leftIndent=10, bulletFontName=REGULAR))
        else:
            flowables.append(Paragraph(_inline(" ".join(line.strip() for line in lines)), styles["body"]))
    return flowables


def _inline(text: str) -> str:
    text = escape(text, quote=False)
    text = re.sub(r"\*\*(.+?)\*\*", r"<b>\1</b>", text)
    return re.sub(r"(?<![\w*])\*(?!\s)(.+?)(?<!\s)\*(?![\w*])", r"<i>\1</i>", text)


def _styles(size: float) -> dict[str, ParagraphStyle]:
    register_fonts()
    base = ParagraphStyle(
        "body", fontName=REGULAR, fontSize=size, leading=size * 1.35, textColor=INK, alignment=TA_LEFT, spaceAfter=size * 0.5
    )
    return {
        "body": base,
        "small": ParagraphStyle("small", parent=base, fontSize=size * 0.9, leading=size * 1.2),
        "cell": ParagraphStyle("cell", parent=base, spaceAfter=0, leading=size * 1.25),
        "title": ParagraphStyle("title", parent=base, fontName=BOLD, fontSize=size * 1.9, leading=size * 2.3, spaceAfter=size * 0.6),
        "heading": ParagraphStyle(
            "heading", parent=base, fontName=BOLD, fontSize=size * 1.3, leading=size * 1.7, spaceBefore=size, spaceAfter=size * 0.4
        ),
        "exercise": ParagraphStyle("exercise", parent=base, fontName=BOLD, spaceBefore=size * 0.6),
    }


def _table_style() -> TableStyle:
    return TableStyle(
        [
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("BACKGROUND", (0, 0), (-1, 0), SHADE),
            ("LINEBELOW", (0, 0), (-1, -1), 0.5, RULE),
            ("LEFTPADDING", (0, 0), (-1, -1), 4),
            ("RIGHTPADDING", (0, 0), (-1, -1), 4),
        ]
    )


def _document(story: list[Flowable], page: tuple[float, float], *, title: str, margins: float = 18 * mm) -> bytes:
    from reportlab.pdfbase.pdfmetrics import registerFontFamily

    registerFontFamily(REGULAR, normal=REGULAR, bold=BOLD, italic=REGULAR, boldItalic=BOLD)
    out = io.BytesIO()

    def footer(canvas: PdfCanvas, doc: SimpleDocTemplate) -> None:
        canvas.saveState()
        canvas.setFont(REGULAR, 7)
        canvas.setFillColor(GREY)
        canvas.drawString(margins, margins / 2, f"{title} · {ATTRIBUTION} · page {doc.page}")
        canvas.restoreState()

    document = SimpleDocTemplate(
        out,
        pagesize=page,
        leftMargin=margins,
        rightMargin=margins,
        topMargin=margins,
        bottomMargin=margins,
        title=title,
        author="bmckit",
        invariant=1,
    )
    document.build(story, onFirstPage=footer, onLaterPages=footer)
    return out.getvalue()
