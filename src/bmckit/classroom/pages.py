"""The class tools' HTML pages (a batch's index, a review's report), from Jinja2 templates in ``data/templates``.

Each page is one self-contained file: styles inline, charts as inline SVG, no
script, font or image fetched from anywhere, so it opens from an e-mail
attachment or a learning platform's file area as it does from the folder.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from bmckit.package_data import data_path


def render_page(template: str, **context: Any) -> str:
    return _environment().get_template(template).render(**context)


@cache
def _environment() -> Environment:
    return Environment(
        loader=FileSystemLoader(data_path("templates")),
        autoescape=select_autoescape(["html"]),
        undefined=StrictUndefined,  # a name missing from the context is a bug, not a blank in a teacher's report
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
