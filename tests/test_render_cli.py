"""`bmckit render` and `bmckit blank`: formats by suffix, paper sizes, stdout, errors and overflow notes."""

from __future__ import annotations

import json
import subprocess
import sys
from typing import TYPE_CHECKING

import pytest

from bmckit import canvas_files
from bmckit.cases import load_case
from bmckit.cli import main
from bmckit.render.markdown import render as render_markdown

if TYPE_CHECKING:
    from pathlib import Path


@pytest.mark.parametrize(
    ("suffix", "magic"), [(".pdf", b"%PDF-"), (".svg", b"<svg"), (".md", b"# Netflix"), (".json", b"{"), (".yml", b"title: Netflix")]
)
def test_format_from_suffix(netflix: Path, tmp_path: Path, suffix: str, magic: bytes) -> None:
    out = tmp_path / f"out{suffix}"
    assert main(["render", str(netflix), "-o", str(out)]) == 0
    assert out.read_bytes().lstrip().startswith(magic)


def test_text_formats_to_stdout(netflix: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["render", str(netflix), "-o", "-", "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["title"] == "Netflix"
    assert main(["render", str(netflix), "-o", "-", "--format", "markdown"]) == 0
    assert capsys.readouterr().out == render_markdown(load_case("netflix"))


def test_render_errors(netflix: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["render", str(netflix), "-o", str(tmp_path / "x.docx")]) == 2
    assert "cannot tell the format from" in capsys.readouterr().err
    assert main(["render", str(netflix), "-o", str(tmp_path / "x.pdf"), "--paper", "b5"]) == 2
    assert capsys.readouterr().err == "bmckit: unknown paper size 'b5'; choose one of a4, letter, a3, a2, a1, a0\n"
    assert main(["render", str(netflix), "-o", "-", "--format", "pdf"]) == 2
    assert "PDF cannot go to standard output" in capsys.readouterr().err
    assert main(["render", str(netflix), "-o", str(tmp_path / "x.svg"), "--fillable"]) == 2
    assert "--fillable is for PDF output only" in capsys.readouterr().err
    assert main(["render", str(netflix), "-o", str(tmp_path / "missing" / "x.pdf")]) == 2
    assert "cannot write: No such file or directory" in capsys.readouterr().err
    assert main(["render", str(netflix), "-o", str(netflix)]) == 2
    assert "is the input file" in capsys.readouterr().err


def test_render_never_overwrites_a_canvas_file_without_force(netflix: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    mine = tmp_path / "mine.json"
    mine.write_text("{}", encoding="utf-8")
    assert main(["render", str(netflix), "-o", str(mine)]) == 2
    assert mine.read_text(encoding="utf-8") == "{}"
    assert main(["render", str(netflix), "-o", str(mine), "--force"]) == 0
    drawing = tmp_path / "canvas.svg"
    assert main(["render", str(netflix), "-o", str(drawing)]) == 0
    assert main(["render", str(netflix), "-o", str(drawing)]) == 0, "drawings are made again at will"


def test_render_says_when_text_continues_on_another_page(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from tests.test_pdf import stress_canvas

    path = tmp_path / "stress.yaml"
    canvas_files.save(stress_canvas(), path)
    assert main(["render", str(path), "-o", str(tmp_path / "stress.pdf")]) == 0
    err = capsys.readouterr().err
    assert "bmckit: note: Customer Relationships does not fit its box even at the smallest type size; it continues on page 2" in err


def test_blank(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from pypdf import PdfReader

    out = tmp_path / "blank-a1.pdf"
    assert main(["blank", "-o", str(out), "--paper", "a1", "--title", "Workshop"]) == 0
    fields = PdfReader(out).get_fields() or {}
    assert fields["title"]["/V"] == "Workshop"
    greek = tmp_path / "greek.pdf"
    assert main(["blank", "-o", str(greek), "--title", "Ωμέγα café Кафе"]) == 0, "a title outside Latin-1 must not crash"
    assert (PdfReader(greek).get_fields() or {})["title"]["/V"] == "Ωμέγα café Кафе"
    assert main(["blank", "-o", str(tmp_path / "blank.svg")]) == 2
    assert "a blank template is a PDF" in capsys.readouterr().err


WITHOUT_PDF_EXTRA = "import sys; sys.modules['reportlab'] = None; sys.modules['pypdf'] = None\nfrom bmckit.cli import main\n"
"""The start of a script that runs the command line as if reportlab and pypdf were not installed."""


def _without_pdf_extra(*argv: str) -> subprocess.CompletedProcess[str]:
    code = f"{WITHOUT_PDF_EXTRA}sys.exit(main({list(argv)!r}))"
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)


def test_without_the_pdf_extra_printable_pdfs_are_made_and_forms_say_how_to_install(netflix: Path, tmp_path: Path) -> None:
    printable = _without_pdf_extra("render", str(netflix), "-o", str(tmp_path / "x.pdf"))
    assert printable.returncode == 0, printable.stderr
    assert (tmp_path / "x.pdf").read_bytes().startswith(b"%PDF-"), "the printable canvas needs no extra"
    install = 'the pdf extra: pip install "bmckit[pdf]"\n'
    fillable = _without_pdf_extra("render", str(netflix), "-o", str(tmp_path / "form.pdf"), "--fillable")
    assert (fillable.returncode, fillable.stderr) == (2, f"bmckit: fillable PDF forms need {install}")
    blank = _without_pdf_extra("blank", "-o", str(tmp_path / "blank.pdf"))
    assert (blank.returncode, blank.stderr) == (2, f"bmckit: fillable PDF forms need {install}")
    read = _without_pdf_extra("render", str(tmp_path / "x.pdf"), "-o", str(tmp_path / "back.yaml"))
    assert (read.returncode, read.stderr) == (2, f"bmckit: reading a PDF form needs {install}")
    svg = _without_pdf_extra("render", str(netflix), "-o", str(tmp_path / "x.svg"))
    assert svg.returncode == 0, "the core draws SVG without the PDF extra"


def test_a_printable_pdf_loads_neither_reportlab_nor_pillow_nor_pypdf(netflix: Path, tmp_path: Path) -> None:
    code = (
        "import sys; from bmckit.cli import main\n"
        f"assert main(['render', {str(netflix)!r}, '-o', {str(tmp_path / 'x.pdf')!r}]) == 0\n"
        "print(sorted({m.split('.')[0] for m in sys.modules} & {'reportlab', 'PIL', 'pypdf'}))"
    )
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert run.stdout.strip() == "[]"
    assert (tmp_path / "x.pdf").stat().st_size > 1000


def test_markdown_outline_escapes_markup() -> None:
    from bmckit.model import BlockId, Canvas, Header, Item

    text = render_markdown(Canvas(Header("*Bold* <b>"), blocks={BlockId.CHANNELS: (Item("[link](http://x) <script>"),)}))
    assert "# \\*Bold\\* \\<b\\>" in text
    assert "- \\[link\\](http://x) \\<script\\>" in text
    assert "## Key Partnerships\n\n*(empty)*" in text


@pytest.mark.slow
def test_a_bare_install_prints_pdfs_and_asks_for_the_extra_only_for_forms(netflix: Path, tmp_path: Path) -> None:
    """The wheel without extras, in a venv of its own: printable PDFs work; forms say how to install what they need."""
    import venv
    from pathlib import Path

    root = Path(__file__).parents[1]
    subprocess.run(
        [sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", str(tmp_path / "dist"), str(root)],
        check=True,
        capture_output=True,
    )
    (wheel,) = (tmp_path / "dist").glob("bmckit-*.whl")
    venv.create(tmp_path / "env", with_pip=True)
    python = tmp_path / "env" / "bin" / "python"
    subprocess.run([python, "-m", "pip", "install", "--quiet", str(wheel)], check=True, capture_output=True)
    missing = subprocess.run([python, "-c", "import reportlab"], capture_output=True, check=False)
    assert missing.returncode != 0, "a bare install has no reportlab"
    bmckit = tmp_path / "env" / "bin" / "bmckit"

    printable = subprocess.run(
        [bmckit, "render", str(netflix), "-o", "canvas.pdf"], capture_output=True, text=True, cwd=tmp_path, check=False
    )
    assert printable.returncode == 0, printable.stderr
    assert (tmp_path / "canvas.pdf").read_bytes().startswith(b"%PDF-")
    blank = subprocess.run([bmckit, "blank", "-o", "blank.pdf"], capture_output=True, text=True, cwd=tmp_path, check=False)
    assert (blank.returncode, blank.stderr) == (2, 'bmckit: fillable PDF forms need the pdf extra: pip install "bmckit[pdf]"\n')
