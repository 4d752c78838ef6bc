"""Sphinx configuration for the bmckit site (built from docs/ with this file as the config)."""

from __future__ import annotations

import os
import sys

# Kept because every build and every `make serve` rebuild would wait 2.3 s more: jsonschema (through nbformat) imports
# rfc3987-syntax, which jupyter-server's jupyter-events brings, and that compiles its IRI grammars on import for a format
# nothing here checks; neither offers a way to skip it (jsonschema 4.26), so it is marked absent, as where not installed.
sys.modules.setdefault("rfc3987_syntax", None)  # type: ignore[arg-type]

import bmckit  # noqa: E402 - after the line above
from bmckit.layout import paper_sizes  # noqa: E402
from bmckit.sphinxext.widgetjs import WIDGET_JS  # noqa: E402

project = "bmckit"
author = "The bmckit authors"
copyright = "2026, the bmckit authors"
release = bmckit.__version__
version = ".".join(release.split(".")[:2])

extensions = [
    "myst_nb",  # Markdown pages and executed notebooks
    "sphinx_design",  # grids, cards and tabs
    "sphinx_copybutton",  # a copy button on every code block
    "sphinx_exercise",  # the class kit's numbered exercises and their solutions
    "bmckit.sphinxext",  # canvases and the knowledge base in pages; templates and case files at stable URLs
]

myst_enable_extensions = ["colon_fence", "deflist", "fieldlist", "substitution"]
# Lists a page's prose gives, from bmckit's data rather than typed: {{ paper_sizes }} is "`a4`, `letter`, … or `a0`".
*_papers, _last_paper = paper_sizes()
myst_substitutions = {"paper_sizes": ", ".join(f"`{paper}`" for paper in _papers) + f" or `{_last_paper}`"}
exclude_patterns = ["_build", "_lite", "**/.ipynb_checkpoints", "notebooks/bmckit-exports"]

# Notebooks (docs/notebooks is a link to the repository's notebooks/) run during the build; any error stops it.
# The cache sits beside the built site, so a rebuild runs only the notebooks that changed.
nb_execution_mode = "cache"
nb_execution_raise_on_error = True
nb_execution_timeout = 180
nb_execution_in_temp = True  # what a notebook saves or exports lands in a temporary folder, not in the sources
nb_execution_show_tb = True
nb_ipywidgets_js = WIDGET_JS  # served from the site's own _static, fetched from npm at build time (no CDN)
nb_merge_streams = True
nb_render_markdown_format = "myst"  # Markdown a notebook shows (its tables included) reads as the pages do

# Where the notebooks' Binder and Colab links point: a fork or a teacher's copy sets BMCKIT_REPOSITORY
# (and BMCKIT_BRANCH) when it builds, and its site opens its own notebooks.
bmc_repository = os.environ.get("BMCKIT_REPOSITORY", "https://github.com/bmckit/bmckit")
bmc_branch = os.environ.get("BMCKIT_BRANCH", "main")
# bmckit is installed from that same repository and branch (it is not on PyPI): {{ install_command }} in a page.
_requirement = f"bmckit[pdf] @ git+{bmc_repository.rstrip('/')}@{bmc_branch}"
myst_substitutions["install_command"] = f'`pip install "{_requirement}"`'
nitpicky = True

# The notebooks also run in the reader's browser (JupyterLite, under /lite/): the wheels and settings it ships with.
bmc_lite_dir = "docs/_lite"
bmc_lite_notebooks = "notebooks"

# The teacher's edition (the default) has every exercise's worked solution, closed until opened; `make site
# EDITION=student` builds one without any, in its pages or its downloads, for teachers who grade the exercises.
bmc_edition = os.environ.get("BMCKIT_EDITION", "teacher")
hide_solutions = bmc_edition == "student"  # sphinx-exercise's own switch, for any solution written in a page by hand

html_theme = "sphinx_book_theme"
templates_path = ["docs/_templates"]  # relative to this file: the theme's fixes for tests/test_site.py (see each template)
html_title = "bmckit: the Business Model Canvas, customer relationships first"
html_static_path = ["docs/_static"]  # relative to this file, like templates_path
# The site's icon, the nine blocks drawn for it; bmckit.sphinxext also draws it into /favicon.ico at the site's root.
html_favicon = "docs/_static/favicon.svg"
# bmckit.css: the site's own styles and print; bmckit-canvas: the explorable canvas figure; bmckit-cards: its cards on a phone
html_css_files = ["bmckit.css", "bmckit-canvas.css", "bmckit-cards.css", "bmckit-reading.css"]
# bmckit.js: quizzes and widget labels; bmckit-canvas.js: the canvas figure's segment lens, full screen and notes
html_js_files = [("bmckit.js", {"defer": "defer"}), ("bmckit-canvas.js", {"defer": "defer"})]
html_theme_options = {
    "show_toc_level": 2,
    "use_download_button": False,
}
