"""Building the site as a teacher does: again after an edit, into a folder fit to publish, with nothing alarming said.

The favicon too: an SVG the pages name, and the same pixels in /favicon.ico at the root for whatever asks there.

A page a bmckit directive draws follows bmckit's data on the next incremental build (a tiny site in tmp_path, built twice
in this process around a change to a copy of the data); the whole site (the `build` fixture, as `make site` builds it)
keeps Sphinx's own files out of the published folder and runs its notebooks without the kernel's TCP warning.
"""

from __future__ import annotations

import io
import os
import pickle
import subprocess
import sys
import tempfile
import textwrap
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from bmckit.sphinxext.freshness import STAMP
from tests.sitebuild import ROOT

if TYPE_CHECKING:
    from collections.abc import Callable

    from playwright.sync_api import Browser, Response

    from tests.sitebuild import Build

QUESTION = "What kind of relationship does each segment expect?"
NOTE = "Unlimited viewing for a single monthly fee"

PAGES = {
    "index.md": "# Home\n\n```{toctree}\nquestions\ncase\nlink\nplain\n```\n",
    "questions.md": "# Questions\n\n```{block-questions} customer_relationships\n```\n",
    "case.md": "# Netflix\n\n```{canvas} netflix\n```\n",
    "link.md": "# Rubric\n\nThe {stable-download}`rubric <handouts/rubric.pdf>`, printed.\n",
    "plain.md": "# Plain\n\nA page that draws nothing from bmckit.\n",
}
CONF = 'extensions = ["myst_parser", "bmckit.sphinxext"]\nexclude_patterns = ["_build"]\nnitpicky = True\nbmc_downloads = False\n'


def _build(source: Path, out: Path) -> str:
    """Build ``source`` into ``out`` in this process (so it reads the data copy), with warnings as errors; the warnings."""
    from sphinx.cmd.build import build_main

    warnings = out.parent / "warnings.txt"
    status = build_main(
        ["-q", "-W", "--keep-going", "-n", "-b", "html", "-d", str(out.parent / "doctrees"), "-w", str(warnings), str(source), str(out)]
    )
    text = warnings.read_text(encoding="utf-8")
    assert status == 0, text
    return text


@pytest.fixture
def tiny_site(tmp_path: Path) -> tuple[Path, Path]:
    source = tmp_path / "src"
    source.mkdir()
    for name, text in PAGES.items():
        (source / name).write_text(textwrap.dedent(text), encoding="utf-8")
    (source / "conf.py").write_text(CONF, encoding="utf-8")
    return source, tmp_path / "html"


def _written(out: Path) -> dict[str, int]:
    """When each page of the site was last written (Sphinx writes its index and search pages every time)."""
    return {f"{name[:-3]}.html": (out / f"{name[:-3]}.html").stat().st_mtime_ns for name in PAGES}


@pytest.mark.slow
def test_an_edit_to_bmckits_data_shows_on_the_next_build_and_only_where_it_is_drawn(
    tiny_site: tuple[Path, Path], change_fact: Callable[[str, str, str], None]
) -> None:
    source, out = tiny_site
    assert _build(source, out) == ""
    assert QUESTION in (out / "questions.html").read_text(encoding="utf-8")
    assert "Unlimited viewing" in (out / "case.html").read_text(encoding="utf-8")  # the drawing wraps the rest
    before = _written(out)

    change_fact("knowledge/blocks.toml", QUESTION, "Which relationship does each segment ask of us?")
    change_fact("cases/netflix.yaml", NOTE, "Boundless viewing for a single monthly fee")
    assert _build(source, out) == ""

    questions = (out / "questions.html").read_text(encoding="utf-8")
    assert "Which relationship does each segment ask of us?" in questions
    assert QUESTION not in questions
    case = (out / "case.html").read_text(encoding="utf-8")
    assert "Boundless viewing" in case
    assert "Unlimited viewing" not in case
    after = _written(out)
    assert after["plain.html"] == before["plain.html"], "a page that draws nothing from bmckit is not written again"
    assert after["questions.html"] != before["questions.html"]

    # A third build, nothing changed: no page is read or written again.
    assert _build(source, out) == ""
    assert _written(out) == after


@pytest.mark.slow
def test_each_page_a_bmckit_directive_or_role_draws_depends_on_bmckits_data(tiny_site: tuple[Path, Path]) -> None:
    source, out = tiny_site
    _build(source, out)
    doctrees = out.parent / "doctrees"
    with (doctrees / "environment.pickle").open("rb") as file:
        env = pickle.load(file)  # the environment this test's own build just wrote
    depending = {docname for docname, files in env.dependencies.items() if any(path.name == STAMP for path in files)}
    assert depending == {"questions", "case", "link"}
    assert (doctrees / STAMP).is_file()


@pytest.mark.slow
def test_on_the_whole_site_the_pages_drawn_from_bmckit_follow_its_data(build: Build) -> None:
    assert build.returncode == 0, build.output
    with (build.out.parent / "doctrees" / "environment.pickle").open("rb") as file:
        env = pickle.load(file)  # the environment the session's own build wrote
    depending = {docname for docname, files in env.dependencies.items() if any(path.name == STAMP for path in files)}
    drawn = {"canvas/customer-relationships", "relationships/self-service", "cases/netflix", "cases/comparison", "glossary"}
    assert drawn | {"measuring/value-and-cost", "teach/exercises", "templates", "notebooks/02-your-own-canvas"} <= depending
    # relationships/designing names an article through the {article} role, so it follows the data too
    assert "relationships/designing" in depending
    assert {"guide", "printing", "teach/instructor-guide"}.isdisjoint(depending), "pages that draw nothing from bmckit"


@pytest.mark.slow
def test_the_published_folder_holds_no_build_internals(build: Build) -> None:
    assert build.returncode == 0, build.output
    assert not (build.out / ".doctrees").exists()
    internals = sorted(str(path.relative_to(build.out)) for path in build.out.rglob("*") if path.suffix in {".pickle", ".doctree"})
    assert internals == []
    # bmckit's own files made beside the doctrees still land where the pages link to them.
    assert (build.out / "templates" / "bmc-a4-fillable.pdf").is_file()
    assert (build.out / "cases" / "netflix.pdf").is_file()


@pytest.mark.slow
def test_the_notebooks_run_without_the_kernels_warning_about_tcp(build: Build) -> None:
    assert build.returncode == 0, build.output
    assert "without encryption" not in build.output
    assert "over TCP" not in build.output


KERNEL = """
import os, nbformat
from nbclient import execute
notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("print(6 * 7)")])
notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
print(execute(notebook, cwd=os.environ["WHERE"]).cells[0].outputs[0]["text"].strip())
"""


@pytest.mark.slow  # it runs a kernel, as the notebook tests do
@pytest.mark.skipif(os.name != "posix", reason="Unix sockets: elsewhere kernels keep TCP")
def test_a_kernel_started_as_the_build_starts_one_runs_over_ipc_and_leaves_no_socket(tmp_path: Path) -> None:
    pytest.importorskip("nbclient")
    # A short temporary folder, as a reader's is: a socket's path holds at most 107 bytes, and pytest's own folders (a
    # worker's, under pytest-xdist) leave too few of them.
    with tempfile.TemporaryDirectory(prefix="bmckit-") as sockets:
        environment = {**os.environ, "JUPYTER_DEFAULT_PROVISIONER_NAME": "bmckit-ipc", "TMPDIR": sockets, "WHERE": str(tmp_path)}
        run = subprocess.run([sys.executable, "-c", KERNEL], capture_output=True, text=True, env=environment, timeout=120, check=False)
        assert run.returncode == 0, run.stderr
        assert run.stdout.strip() == "42"
        assert "without encryption" not in run.stderr
        assert list(Path(sockets).iterdir()) == [], "the kernel's socket folder is removed when it shuts down"


FAVICON = ROOT / "docs" / "_static" / "favicon.svg"
ACCENT = (0xE4, 0x68, 0x3B, 255)  # customer relationships, the site's focus


def test_the_ico_is_the_svg_icon_pixel_for_pixel() -> None:
    from PIL import Image

    from bmckit.sphinxext.favicon import favicon_ico

    icon = Image.open(io.BytesIO(favicon_ico(FAVICON.read_text(encoding="utf-8"))))
    assert icon.format == "ICO"
    assert icon.ico.sizes() == {(16, 16), (32, 32), (64, 64)}
    icon.size = (32, 32)
    pixels = icon.convert("RGBA")
    assert pixels.getpixel((22, 5)) == ACCENT  # inside the customer relationships block
    assert pixels.getpixel((0, 0)) == (255, 255, 255, 255)  # the sheet
    assert pixels.getpixel((19, 5)) == (255, 255, 255, 255)  # the gap between two blocks


def test_an_icon_that_is_not_rectangles_on_whole_pixels_is_refused() -> None:
    from bmckit.sphinxext.favicon import NotPixelArt, favicon_ico

    with pytest.raises(NotPixelArt, match="circle"):
        favicon_ico('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><circle r="3"/></svg>')
    with pytest.raises(NotPixelArt, match="whole number"):
        favicon_ico('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="2.5" height="3"/></svg>')


@pytest.mark.slow
def test_pages_ask_for_nothing_that_is_missing_and_log_no_error(server: str, browser: Browser) -> None:
    context = browser.new_context()
    missing: list[str] = []
    icons: list[tuple[str, int, str]] = []
    errors: list[str] = []

    def response(answer: Response) -> None:
        if answer.status >= 400:
            missing.append(f"{answer.status} {answer.url}")
        if "favicon" in answer.url:
            icons.append((answer.url, answer.status, answer.headers.get("content-type", "")))

    context.on("response", response)
    try:
        for name in ("index.html", "canvas/customer-relationships.html", "notebooks/02-your-own-canvas.html"):
            page = context.new_page()
            page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
            page.on("pageerror", lambda error: errors.append(str(error)))
            page.goto(f"{server}/{name}", wait_until="networkidle")
            assert page.evaluate("document.querySelector('link[rel~=icon]').getAttribute('href')").endswith("_static/favicon.svg")
            page.close()
        root = context.request.get(f"{server}/favicon.ico")
        assert root.status == 200
        assert root.body()[:4] == b"\x00\x00\x01\x00", "an ICO file"
    finally:
        context.close()
    assert missing == []
    assert errors == []
    assert icons, "Chromium fetched the icon the pages name"
    assert all(status == 200 and kind.startswith("image/svg+xml") for url, status, kind in icons if url.endswith(".svg"))
