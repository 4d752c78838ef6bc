"""``{template-downloads}``: each blank template shown as it prints, with buttons to download it, printable or fillable.

A reader who comes for a template should see it and take it at once, not find
its link at the foot of a long table. For each paper in ``bmc_template_papers``
the directive shows a preview of the blank template (drawn by bmckit while the
site is built, :mod:`bmckit.render.template_svg`: the same drawing as the PDF,
so what is shown is what prints) and two buttons, to the printable and to the
fillable PDF that :mod:`bmckit.sphinxext.downloads` writes. The previews are
written beside those downloads, at ``templates/previews/bmc-<paper>.svg``, and
copied into the site with them. The preview has its width and height set, so the
page does not move as it loads; the buttons wrap on a phone.
"""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING

from sphinx.util.docutils import SphinxDirective
from sphinx.util.osutil import relative_uri

from bmckit.sphinxext.config import bmc_config
from bmckit.sphinxext.downloads import site_files, write_file
from bmckit.sphinxext.raw_links import linked_html

if TYPE_CHECKING:
    from docutils import nodes
    from sphinx.application import Sphinx

PREVIEW_WIDTH = 320
"""The preview's width in CSS pixels as the page asks for it (it shrinks with its column); its height follows the paper."""

STYLE = """<style>
.bmc-templates{display:grid;grid-template-columns:repeat(auto-fill,minmax(min(100%,15rem),1fr));gap:1.75rem 1.25rem;margin:1rem 0 2rem}
.bmc-template{display:flex;flex-direction:column;gap:.6rem;margin:0;min-width:0}
.bmc-template img{display:block;width:100%;height:auto;background:#fff;border:1px solid var(--pst-color-border,#ccc);border-radius:.25rem}
.bmc-template .bmc-template-paper{font-size:1.1rem;font-weight:700;margin:0;padding:0}
.bmc-template-size{font-weight:400;font-size:.95rem;color:var(--pst-color-text-muted)}
.bmc-template figcaption.bmc-template-buttons{display:flex;flex-wrap:wrap;gap:.5rem;margin:0;padding:0}
a.bmc-template-button{display:inline-block;min-width:7.5rem;padding:.4rem .8rem;border:2px solid var(--pst-color-primary);border-radius:.375rem;
font-size:.95rem;font-weight:600;line-height:1.3;text-decoration:none;color:var(--pst-color-primary);background:var(--pst-color-background)}
a.bmc-template-button.bmc-fillable{background:var(--pst-color-primary);color:var(--pst-color-background)}
a.bmc-template-button:hover{text-decoration:underline}
.bmc-template-kb{display:block;font-size:.8rem;font-weight:400}
.bmc-templates .visually-hidden{position:absolute;width:1px;height:1px;margin:-1px;padding:0;overflow:hidden;clip:rect(0,0,0,0);white-space:nowrap;border:0}
</style>"""
"""The cards' layout, written once into the page that shows them: a few rules, so no stylesheet for every page."""


def preview_path(paper: str) -> str:
    """Where a paper's preview is in the site, from its root."""
    return f"templates/previews/bmc-{paper}.svg"


def write_previews(app: Sphinx) -> None:
    """Draw each template paper's preview beside the downloads, rewriting only what changed."""
    from bmckit.render import template_svg

    config = bmc_config(app.config)
    if not config.downloads:
        return
    for paper in config.template_papers:
        write_file(site_files(app.doctreedir) / preview_path(paper), template_svg.render_blank(paper=paper).encode())


class TemplateDownloadsDirective(SphinxDirective):
    """``{template-downloads}``: a card per template paper, with its preview and its printable and fillable downloads."""

    has_content = False

    def run(self) -> list[nodes.Node]:
        from bmckit.layout import layout_for
        from bmckit.margins import HEADER_FIELDS

        config = bmc_config(self.config)
        if not config.downloads:
            return []
        page = self.env.app.builder.get_target_uri(self.env.docname)
        labels = ", ".join(label for label, _ in HEADER_FIELDS)
        cards = []
        for paper in config.template_papers:
            layout = layout_for(paper)
            name = layout.paper_name
            millimetres = f"{layout.width * 25.4 / 72:.0f} × {layout.height * 25.4 / 72:.0f} mm"
            height = round(PREVIEW_WIDTH * layout.height / layout.width)
            alt = (
                f"The blank {name} template: the nine blocks of the Business Model Canvas, each with its guiding questions, "
                f"under a header with a box to write in for the title and for {labels}"
            )
            preview = relative_uri(page, preview_path(paper))
            buttons = []
            for kind, label in (("printable", "Printable"), ("fillable", "Fillable")):
                path = f"templates/bmc-{paper}-{kind}.pdf"
                made = site_files(self.env.doctreedir) / path
                self.env.note_dependency(str(made))
                size = "PDF" + (f" · {made.stat().st_size / 1024:.0f} KB" if made.is_file() else "")
                buttons.append(
                    f'<a class="bmc-template-button bmc-{kind}" href="{escape(relative_uri(page, path))}" download>'
                    f'<span class="visually-hidden">{escape(name)} </span>{label} <span class="bmc-template-kb">{escape(size)}</span></a>'
                )
            cards.append(
                f'<figure class="bmc-template" id="template-{paper}">'
                f'<h1 class="bmc-template-paper">{escape(name)} <span class="bmc-template-size">{millimetres}, landscape</span></h1>'
                f'<img src="{escape(preview)}" width="{PREVIEW_WIDTH}" height="{height}" alt="{escape(alt)}" decoding="async">'
                f'<figcaption class="bmc-template-buttons">{"".join(buttons)}</figcaption></figure>'
            )
        html = f'{STYLE}<div class="bmc-templates">{"".join(cards)}</div>'
        return [linked_html(html)]  # its headings set one level below the page's section


def setup_template_previews(app: Sphinx) -> None:
    app.connect("builder-inited", write_previews)
    app.add_directive("template-downloads", TemplateDownloadsDirective)
