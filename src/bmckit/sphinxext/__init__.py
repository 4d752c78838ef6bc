"""bmckit's Sphinx extension: canvases and the knowledge base drawn into pages, and every download at a stable URL.

Add ``"bmckit.sphinxext"`` to ``extensions`` in ``conf.py``. Directives:
``canvas``, ``canvas-map``, ``relationship-type``, ``relationship-types-table``,
``block-questions``, ``motivation``, ``metric``, ``statistics-table``,
``knowledge-glossary``, ``download-list``, ``template-downloads``, ``crm-market-chart``,
``case-comparison``, ``case-relationships``, and for the class kit ``exercises``, ``quiz`` and
``rubric-table``; settings: ``bmc_paper``, ``bmc_template_papers``,
``bmc_downloads``, ``bmc_edition`` and more (see :mod:`bmckit.sphinxext.config`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from bmckit import __version__
from bmckit.sphinxext.canvas import setup_canvas_directive
from bmckit.sphinxext.canvas_map import setup_canvas_map
from bmckit.sphinxext.charts import setup_chart_directives
from bmckit.sphinxext.comparison import setup_comparison_directives
from bmckit.sphinxext.config import setup_config
from bmckit.sphinxext.downloads import setup_downloads
from bmckit.sphinxext.elements import resolve_download_links
from bmckit.sphinxext.favicon import setup_favicon
from bmckit.sphinxext.first_paint import setup_first_paint
from bmckit.sphinxext.formulas import setup_math
from bmckit.sphinxext.freshness import setup_fresh_pages
from bmckit.sphinxext.knowledge import setup_knowledge_directives
from bmckit.sphinxext.lite import setup_lite
from bmckit.sphinxext.meta import setup_meta
from bmckit.sphinxext.notebooks import setup_notebook_pages
from bmckit.sphinxext.raw_links import setup_raw_links
from bmckit.sphinxext.search_terms import setup_search_terms
from bmckit.sphinxext.sources import setup_sources
from bmckit.sphinxext.tables import setup_tables
from bmckit.sphinxext.teaching import setup_teaching_directives
from bmckit.sphinxext.template_previews import setup_template_previews
from bmckit.sphinxext.widgetjs import setup_widget_js

if TYPE_CHECKING:
    from sphinx.application import Sphinx

ENV_VERSION = 2
"""Raised whenever what the extension keeps in Sphinx's saved environment changes, so an older one is not reused."""


def setup(app: Sphinx) -> dict[str, Any]:
    setup_config(app)
    setup_canvas_directive(app)
    setup_canvas_map(app)
    setup_knowledge_directives(app)
    setup_math(app)
    setup_chart_directives(app)
    setup_comparison_directives(app)
    setup_sources(app)
    setup_teaching_directives(app)
    setup_downloads(app)
    setup_template_previews(app)  # after the downloads: each template shown, with buttons to them
    setup_notebook_pages(app)
    setup_widget_js(app)
    setup_lite(app)
    app.connect("doctree-resolved", resolve_download_links)
    setup_raw_links(app)
    setup_favicon(app)
    setup_search_terms(app)  # each page found by the other spellings of its terms (cocreation, LTV)
    setup_tables(app)  # every table's cells labelled by column, so a phone shows a row as a card
    setup_first_paint(app)  # scripts deferred and third-party stylesheets cut to what the pages use
    setup_meta(app)  # each page's <meta name="description">, from its own summary
    setup_fresh_pages(app)  # each page a directive or role above draws follows bmckit's data
    # env_version: an environment saved before pages noted their dependency on bmckit's data is read afresh.
    return {"version": __version__, "env_version": ENV_VERSION, "parallel_read_safe": True, "parallel_write_safe": True}
