"""Tables that read at every width: each body cell labelled with its column, so a phone can show a row as a card.

A table of five or six columns does not fit a phone's 390 px, and a scroll box hides all but two of them. With each
body cell carrying its column's heading as ``data-label``, the site's stylesheet (``bmckit-reading.css``) turns each
row into a card on a narrow screen, each cell set under its label, and lets wide tables use the page's width on a
desktop. Sphinx's HTML writer has no way to give a cell an attribute, so this works on each page's finished HTML,
after every directive has drawn its tables: it serves every table on the site, whoever drew it.
"""

from __future__ import annotations

import html
import re
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sphinx.application import Sphinx

REFLOW = 3
"""A table of this many columns or more becomes one card per row on a phone; two columns fit as they are."""
WIDE = 5
"""A table of this many columns or more is wide: on a desktop it may take the page's width beyond the text column."""

_TABLE = re.compile(r"<table\b(?P<attrs>[^>]*)>(?P<inside>.*?)</table>", re.DOTALL)
_HEAD = re.compile(r"<thead\b[^>]*>(?P<head>.*?)</thead>", re.DOTALL)
_BODY = re.compile(r"<tbody\b[^>]*>(?P<body>.*?)</tbody>", re.DOTALL)
_ROW = re.compile(r"<tr\b[^>]*>(?P<row>.*?)</tr>", re.DOTALL)
_HEAD_CELL = re.compile(r"<th\b(?P<attrs>[^>]*)>(?P<text>.*?)</th>", re.DOTALL)
_CELL_START = re.compile(r"<(?P<tag>td|th)\b(?P<attrs>[^>]*)>")
_SPAN = re.compile(r'colspan="(\d+)"')
_TAG = re.compile(r"<[^>]+>")


def column_labels(head: str) -> list[str]:
    """The text of each column's heading in a table's ``<thead>`` (its last row), one entry per column spanned."""
    rows = _ROW.findall(head)
    if not rows:
        return []
    labels: list[str] = []
    for cell in _HEAD_CELL.finditer(rows[-1]):
        text = " ".join(html.unescape(_TAG.sub("", cell["text"])).split())
        span = _SPAN.search(cell["attrs"])
        labels += [text] * (int(span.group(1)) if span else 1)
    return labels


def _label_row(row: re.Match[str], labels: list[str]) -> str:
    column = 0

    def label(cell: re.Match[str]) -> str:
        nonlocal column
        attrs = cell["attrs"]
        text = labels[column] if column < len(labels) else ""
        span = _SPAN.search(attrs)
        column += int(span.group(1)) if span else 1
        if not text or "data-label=" in attrs:
            return cell.group(0)
        return f'<{cell["tag"]}{attrs} data-label="{html.escape(text, quote=True)}">'

    return _CELL_START.sub(label, row.group(0))


def _label_table(table: re.Match[str]) -> str:
    inside = table["inside"]
    if "dataframe" in table["attrs"]:  # a notebook's data frame stays a grid, scrolling in its output
        return table.group(0)
    head = _HEAD.search(inside)
    labels = column_labels(head["head"]) if head else []
    if len(labels) < 2:  # a one-column table is already a list
        return table.group(0)
    body = _BODY.search(inside)
    if body is None:
        return table.group(0)
    labelled = _ROW.sub(lambda row: _label_row(row, labels), body.group(0))
    inside = inside[: body.start()] + labelled + inside[body.end() :]
    extra = [*(["bmc-reflow"] if len(labels) >= REFLOW else []), *(["bmc-wide"] if len(labels) >= WIDE else [])]
    if not extra:
        return table.group(0)
    attrs = table["attrs"]
    if 'class="' in attrs:
        attrs = attrs.replace('class="', f'class="{" ".join(extra)} ', 1)
    else:
        attrs += f' class="{" ".join(extra)}"'
    return f"<table{attrs}>{inside}</table>"


def label_cells(body: str) -> str:
    """``body`` with every table's body cells labelled by their column and the table marked to reflow on a phone."""
    return _TABLE.sub(_label_table, body)


def _label_page(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any) -> None:
    if "body" in context and "<table" in context["body"]:
        context["body"] = label_cells(context["body"])


def setup_tables(app: Sphinx) -> None:
    app.connect("html-page-context", _label_page)
