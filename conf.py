"""Sphinx configuration for the bmckit site (built from docs/ with this file as the config)."""

from __future__ import annotations

import bmckit

project = "bmckit"
author = "The bmckit authors"
copyright = "2026, the bmckit authors"
release = bmckit.__version__
version = ".".join(release.split(".")[:2])

extensions = [
    "myst_nb",  # Markdown pages and executed notebooks
    "sphinx_design",  # grids, cards and tabs
    "sphinx_copybutton",  # a copy button on every code block
    "bmckit.sphinxext",  # canvases and the knowledge base in pages; templates and case files at stable URLs
]

myst_enable_extensions = ["colon_fence", "deflist", "fieldlist"]
exclude_patterns = ["_build", "**/.ipynb_checkpoints"]
nitpicky = True

html_theme = "sphinx_book_theme"
templates_path = ["docs/_templates"]  # relative to this file: the theme's fixes for tests/test_site.py (see each template)
html_title = "bmckit: the Business Model Canvas, customer relationships first"
html_static_path = ["docs/_static"]  # relative to this file, like templates_path
html_css_files = ["bmckit.css"]  # canvases in dark mode and on narrow screens, and the print stylesheet
html_js_files = [("bmckit.js", {"defer": "defer"})]  # a keyboard stop on canvases that scroll sideways
html_theme_options = {
    "show_toc_level": 2,
    "use_download_button": False,
}
