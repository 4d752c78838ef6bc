"""Every download at a stable, human URL: blank templates and the case studies, written by bmckit at build time.

The files are made once per build, on ``builder-inited``, into a folder beside
the doctrees (``<doctrees>/bmckit-downloads/site``), and skipped when nothing
they are made from changed; ``build-finished`` copies them into the root of an
HTML site. Paths, from the site's root:

* ``templates/bmc-<paper>-fillable.pdf``: the blank fillable canvas;
* ``templates/bmc-<paper>-printable.pdf``: the same page with its form fields
  removed, guiding questions and all, to print and write on by hand;
* ``templates/starter.yaml``: the commented starter canvas file;
* ``cases/<name>.pdf``, ``cases/<name>-fillable.pdf``, ``cases/<name>.svg``,
  ``cases/<name>.yaml``: each case study (``bmc_paper`` paper);
* ``handouts/relationship-types.pdf``, ``handouts/exercises.pdf``,
  ``handouts/rubric.pdf`` and, in the teacher's edition only,
  ``handouts/exercise-solutions.pdf``: the class kit's printed handouts.

Canvases a page draws from its own files go under ``_canvases/`` (see
:mod:`bmckit.sphinxext.canvas`).
"""

from __future__ import annotations

import filecmp
import hashlib
import os
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from docutils.parsers.rst import directives
from sphinx.util.docutils import SphinxDirective, SphinxRole

from bmckit.sphinxext.config import bmc_config
from bmckit.sphinxext.elements import Cell, download_link, logger, table

if TYPE_CHECKING:
    from collections.abc import Callable

    from docutils import nodes
    from sphinx.application import Sphinx

    from bmckit.model import Canvas
    from bmckit.sphinxext.config import BmcConfig

STAMP = "stamp"


@dataclass(frozen=True)
class Download:
    """One file of the site's downloads: what it is, its paper, its path from the site's root, and how to make it."""

    name: str
    paper: str
    path: str
    make: Callable[[], bytes]


def staging(doctreedir: str | os.PathLike[str]) -> Path:
    """Where the downloads are written before they are copied into the site."""
    return Path(doctreedir) / "bmckit-downloads"


def site_files(doctreedir: str | os.PathLike[str]) -> Path:
    """The files to copy into the site, at their paths from its root."""
    return staging(doctreedir) / "site"


def catalogue(config: BmcConfig) -> list[Download]:
    """Every stable download, in the order the download list shows them."""
    from bmckit.cases import CASE_NAMES
    from bmckit.layout import layout_for

    found = []
    for paper in config.template_papers:
        label = layout_for(paper).paper_name
        found.append(Download(f"Blank canvas to print, {label}", label, f"templates/bmc-{paper}-printable.pdf", _printable(paper)))
        found.append(Download(f"Blank fillable canvas, {label}", label, f"templates/bmc-{paper}-fillable.pdf", _fillable(paper)))
    found.append(Download("Starter canvas file (YAML)", "", "templates/starter.yaml", _starter))
    found.extend(handout_downloads(config))
    for name in CASE_NAMES:
        found.extend(case_downloads(name, config.paper))
    return found


def case_downloads(name: str, paper: str) -> list[Download]:
    from bmckit.cases import case_text
    from bmckit.layout import layout_for

    title, label = name.capitalize(), layout_for(paper).paper_name
    return [
        Download(f"{title}: printable canvas", label, f"cases/{name}.pdf", lambda: _drawn_case(name, "pdf", paper)),
        Download(f"{title}: fillable canvas", label, f"cases/{name}-fillable.pdf", lambda: _drawn_case(name, "pdf", paper, fillable=True)),
        Download(f"{title}: drawing (SVG)", label, f"cases/{name}.svg", lambda: _drawn_case(name, "svg", paper)),
        Download(f"{title}: canvas file (YAML)", "", f"cases/{name}.yaml", lambda: case_text(name).encode()),
    ]


def handout_downloads(config: BmcConfig) -> list[Download]:
    """The class kit's printed handouts; the exercises' solutions only in the teacher's edition."""
    from bmckit.layout import layout_for

    paper = config.paper if config.paper in {"a4", "letter"} else "a4"
    label = layout_for(paper).paper_name
    found = [
        Download(
            "The six relationship types on one page",
            label,
            "handouts/relationship-types.pdf",
            _handout("relationship_types_summary", paper),
        ),
        Download("Exercise sheet, with room to write", label, "handouts/exercises.pdf", _handout("exercise_sheet", paper)),
        Download("Rubric for a submitted canvas", label, "handouts/rubric.pdf", _handout("rubric_pdf", paper)),
    ]
    if config.edition == "teacher":
        found.append(
            Download(
                "Exercises with worked solutions (for the teacher)",
                label,
                "handouts/exercise-solutions.pdf",
                _handout("exercise_sheet", paper, solutions=True),
            )
        )
    return found


def _handout(name: str, paper: str, **options: bool) -> Callable[[], bytes]:
    def make() -> bytes:
        from bmckit.render import handouts

        made: bytes = getattr(handouts, name)(paper=paper, **options)
        return made

    return make


def case_paths(name: str) -> dict[str, str]:
    """The stable paths of a case study's downloads, by format."""
    return {
        "PDF": f"cases/{name}.pdf",
        "fillable PDF": f"cases/{name}-fillable.pdf",
        "SVG": f"cases/{name}.svg",
        "YAML": f"cases/{name}.yaml",
    }


def _drawn_case(name: str, fmt: str, paper: str, *, fillable: bool = False) -> bytes:
    from bmckit.cases import load_case

    return drawn_canvas(load_case(name), fmt, paper, fillable=fillable, source=f"bmckit/data/cases/{name}.yaml")


def drawn_canvas(canvas: Canvas, fmt: str, paper: str, *, fillable: bool = False, source: str = "") -> bytes:
    """A canvas rendered for the site; what does not fit its page (or form field) is a build warning naming ``source``."""
    from bmckit.render import render
    from bmckit.render.notes import CONTINUED, FIELD

    rendered = render(canvas, fmt, paper=paper, fillable=fillable)
    what = "fillable PDF" if fillable else fmt.upper()
    for note in rendered.notes:
        if note.kind in {CONTINUED, FIELD}:
            logger.warning(f"{canvas.title} ({what}, {paper}): {note}", type="bmckit", subtype="overflow", location=source or None)
    return rendered.data


def _fillable(paper: str) -> Callable[[], bytes]:
    def make() -> bytes:
        from bmckit.render import fillable_pdf

        return fillable_pdf.render_blank(paper=paper)

    return make


def _printable(paper: str) -> Callable[[], bytes]:
    def make() -> bytes:
        return printable_blank(paper)

    return make


def printable_blank(paper: str) -> bytes:
    """The blank fillable canvas with its form fields taken out: the same page, for pen and paper."""
    import io

    from pypdf import PdfWriter
    from pypdf.generic import NameObject

    from bmckit.render import fillable_pdf

    writer = PdfWriter(clone_from=io.BytesIO(fillable_pdf.render_blank(paper=paper)))
    for page in writer.pages:
        if "/Annots" in page:
            del page[NameObject("/Annots")]
    if "/AcroForm" in writer.root_object:
        del writer.root_object[NameObject("/AcroForm")]
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _starter() -> bytes:
    from bmckit.starter import starter_yaml

    return starter_yaml().encode()


def _fingerprint(config: BmcConfig) -> str:
    """What the downloads are made from: bmckit's code and data (sizes and times), the settings, and the day."""
    import datetime as dt

    from bmckit import __version__, package_data

    # The day too: the starter file carries today's date.
    digest = hashlib.sha256(f"{__version__}|{config}|{dt.date.today()}".encode())
    roots = [Path(__file__).parents[1], Path(package_data.DATA)]
    for root in roots:
        for path in sorted(root.rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts:
                info = path.stat()
                digest.update(f"{path}|{info.st_size}|{info.st_mtime_ns}\n".encode())
    return digest.hexdigest()


def write_downloads(app: Sphinx) -> None:
    """Make every stable download, unless the ones already made are from the same code, data and settings."""
    config = bmc_config(app.config)
    if not config.downloads:
        return
    root = staging(app.doctreedir)
    stamp = root / STAMP
    fingerprint = _fingerprint(config)
    files = catalogue(config)
    if stamp.is_file() and stamp.read_text() == fingerprint and all((site_files(app.doctreedir) / d.path).is_file() for d in files):
        return
    for download in files:
        write_file(site_files(app.doctreedir) / download.path, download.make())
    stamp.write_text(fingerprint)


def write_file(path: Path, data: bytes) -> None:
    """Write ``data`` unless the file already holds it, so unchanged files keep their times."""
    if path.is_file() and path.read_bytes() == data:
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f".{path.name}.{os.getpid()}")
    partial.write_bytes(data)
    partial.replace(path)


def copy_downloads(app: Sphinx, exception: Exception | None) -> None:
    """Copy the made files into the root of an HTML site, skipping those already there and the same."""
    source = site_files(app.doctreedir)
    if exception is not None or app.builder.format != "html" or not source.is_dir():
        return
    for path in sorted(source.rglob("*")):
        if not path.is_file() or path.name.startswith("."):
            continue
        target = Path(app.outdir) / path.relative_to(source)
        if target.is_file() and filecmp.cmp(path, target, shallow=False):
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, target)


class DownloadListDirective(SphinxDirective):
    """``{download-list}``: a table of every stable download, with its paper, size and link; ``:folders:`` picks some.

    ``:folders: handouts templates`` lists only what lives under those folders of the site.
    """

    has_content = False
    required_arguments = 0
    option_spec: ClassVar[dict[str, Callable[[str], object]]] = {"folders": directives.unchanged_required}

    def run(self) -> list[nodes.Node]:
        config = bmc_config(self.config)
        folders = str(self.options.get("folders", "")).split()
        rows: list[list[Cell]] = []
        for download in catalogue(config):
            if folders and download.path.split("/")[0] not in folders:
                continue
            path = site_files(self.env.doctreedir) / download.path
            self.env.note_dependency(str(path))
            size = f"{path.stat().st_size / 1024:.0f}" if path.is_file() else "?"
            rows.append([download.name, download.paper or "—", size, download_link(Path(download.path).name, download.path)])
        return [table(["Download", "Paper", "Size (KB)", "Link"], rows, classes=["bmc-download-list"])]


class StableDownloadRole(SphinxRole):
    """``{stable-download}`label <handouts/rubric.pdf>```: a link to one of the site's stable downloads, by its path."""

    def run(self) -> tuple[list[nodes.Node], list[nodes.system_message]]:
        import re

        found = re.fullmatch(r"(?s)(.+?)\s*<([^<>]+)>", self.text)
        label, path = (found.group(1), found.group(2)) if found else (self.text, self.text)
        known = [download.path for download in catalogue(bmc_config(self.config))]
        if path not in known:
            message = self.inliner.reporter.error(f"no stable download {path!r}; the site has {', '.join(known)}", line=self.lineno)
            return [], [message]
        return [download_link(label, path)], []


def setup_downloads(app: Sphinx) -> None:
    app.connect("builder-inited", write_downloads)
    app.connect("build-finished", copy_downloads)
    app.add_directive("download-list", DownloadListDirective)
    app.add_role("stable-download", StableDownloadRole())
