"""The quick paths of ``bmckit render`` give the answers the slow ones would.

Each quick path stands in for something slower that ``bmckit render`` used to
do on every run (pypdf to judge an existing PDF, compiling the schema's
validators); these tests hold each to the answer of
the slow path it replaces, and check that the slow path is not loaded.
"""

from __future__ import annotations

import re
import subprocess
import sys
from typing import TYPE_CHECKING, Any

import pytest

from bmckit import canvas_files, overwrite_guard
from bmckit.cases import load_case
from bmckit.render import fillable_pdf, printable_pdf

if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path


def _pypdf_reason(path: Path, monkeypatch: pytest.MonkeyPatch) -> str | None:
    """What pypdf says about a printable PDF at ``path``, the quick path turned off."""
    with monkeypatch.context() as patched:
        patched.setattr(overwrite_guard, "_is_untouched_printable", lambda data: False)
        return overwrite_guard.why_not_replaceable(path, "pdf")


@pytest.mark.parametrize(("case", "paper"), [("netflix", "a4"), ("starbucks", "letter"), ("apple", "a3")])
def test_a_printable_pdf_of_bmckits_is_known_from_its_bytes(case: str, paper: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    printed = tmp_path / "canvas.pdf"
    printed.write_bytes(printable_pdf.render(load_case(case), paper=paper))
    assert overwrite_guard._is_untouched_printable(printed.read_bytes())
    assert _pypdf_reason(printed, monkeypatch) is None
    assert overwrite_guard.why_not_replaceable(printed, "pdf") is None


def test_a_pdf_with_continuation_pages_is_known_from_its_bytes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import dataclasses

    from bmckit.model import BlockId, Item

    canvas = load_case("netflix")
    blocks = dict(canvas.blocks)
    blocks[BlockId.CHANNELS] += tuple(Item(f"Another channel, number {n}, with a few words more") for n in range(60))
    printed = tmp_path / "long.pdf"
    printed.write_bytes(printable_pdf.render(dataclasses.replace(canvas, blocks=blocks)))
    assert overwrite_guard._is_untouched_printable(printed.read_bytes())
    assert _pypdf_reason(printed, monkeypatch) is None


def _annotated(printed: Path, target: Path, *, incremental: bool) -> None:
    import pymupdf

    if incremental:
        target.write_bytes(printed.read_bytes())
        document = pymupdf.open(target)
        document[0].add_text_annot((100, 100), "Ask the team about this")
        document.saveIncr()
    else:
        document = pymupdf.open(printed)
        document[0].add_text_annot((100, 100), "Ask the team about this")
        document.save(target)
    document.close()


def _resaved(printed: Path, target: Path) -> None:
    """Saved again whole by a reader, nothing added: still bmckit's, so pypdf must say so."""
    import pymupdf

    document = pymupdf.open(printed)
    document.save(target, garbage=1)
    document.close()


@pytest.mark.parametrize("incremental", [True, False], ids=["saved-incrementally", "saved-whole"])
def test_annotations_added_in_a_reader_are_never_missed(incremental: bool, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    printed = tmp_path / "canvas.pdf"
    printed.write_bytes(printable_pdf.render(load_case("netflix")))
    annotated = tmp_path / "annotated.pdf"
    _annotated(printed, annotated, incremental=incremental)
    assert not overwrite_guard._is_untouched_printable(annotated.read_bytes())
    assert overwrite_guard.why_not_replaceable(annotated, "pdf") == "has annotations added in a PDF reader"
    assert _pypdf_reason(annotated, monkeypatch) == "has annotations added in a PDF reader"


def test_a_file_in_doubt_goes_to_pypdf(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    data = printable_pdf.render(load_case("netflix"))
    doubtful = {
        "truncated": data[: len(data) // 2],
        "appended to": data + b"\n% a note\n",
        "an incremental update": data + data[data.index(b"xref") :],
        "someone else's creator": data.replace(b"/Creator (bmckit)", b"/Creator (Bmckit)"),
        "a fake /Info in a comment": data.replace(b"trailer\n<<\n", b"trailer\n<<\n% /Info 1 0 R\n"),
        "a form": fillable_pdf.render_blank(),
    }
    for what, content in doubtful.items():
        assert not overwrite_guard._is_untouched_printable(content), what
    resaved = tmp_path / "resaved.pdf"
    source = tmp_path / "canvas.pdf"
    source.write_bytes(data)
    _resaved(source, resaved)
    assert overwrite_guard.why_not_replaceable(resaved, "pdf") == _pypdf_reason(resaved, monkeypatch)


def test_rendering_over_an_earlier_pdf_does_not_load_pypdf(tmp_path: Path) -> None:
    case = tmp_path / "case.yaml"
    canvas_files.save(load_case("netflix"), case)
    printed = tmp_path / "canvas.pdf"
    code = (
        "import sys; from bmckit.cli import main\n"
        f"assert main(['render', {str(case)!r}, '-o', {str(printed)!r}]) == 0\n"
        f"assert main(['render', {str(case)!r}, '-o', {str(printed)!r}]) == 0\n"
        "print(sorted({m.split('.')[0] for m in sys.modules} & {'pypdf', 'fastjsonschema'}))"
    )
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert "pypdf" not in run.stdout


def _without_version(code: str) -> str:
    """Generated code less fastjsonschema's VERSION line: the same code from another release of it is still the same."""
    return re.sub(r'^VERSION = ".*"\n', "", code, count=1, flags=re.MULTILINE)


def test_the_generated_validator_is_the_schemas() -> None:
    """``python -m bmckit.schema`` writes it; run that after changing the schema or GENERATOR_VERSION."""
    from importlib import resources

    from bmckit import schema

    shipped = resources.files("bmckit").joinpath(schema.VALIDATOR_MODULE).read_text(encoding="utf-8")
    assert f'VERSION = "{schema.GENERATOR_VERSION}"' in shipped, "written by another fastjsonschema than GENERATOR_VERSION"
    assert _without_version(shipped) == _without_version(schema.generate_validator()), "run: python -m bmckit.schema"


def test_a_fastjsonschema_that_writes_other_code_stops_the_generator(monkeypatch: pytest.MonkeyPatch) -> None:
    import fastjsonschema

    from bmckit import schema

    written = fastjsonschema.compile_to_code
    monkeypatch.setattr(
        fastjsonschema, "compile_to_code", lambda definition: written(definition).replace("from fastjsonschema", "from fjs")
    )
    with pytest.raises(ValueError, match="review generate_validator"):
        schema.generate_validator()


def _mutations(document: dict[str, Any]) -> list[Any]:
    """Documents near a valid one: each breaks (or keeps) it in one way the schema knows about."""
    import copy

    def changed(change: Callable[[dict[str, Any]], object]) -> dict[str, Any]:
        copied = copy.deepcopy(document)
        change(copied)
        return copied

    blocks = document["blocks"]
    first_block = next(iter(blocks))
    return [
        None,
        [],
        "a title",
        changed(lambda d: d.pop("title")),
        changed(lambda d: d.update(title="")),
        changed(lambda d: d.update(title=3)),
        changed(lambda d: d.update(colour="red")),
        changed(lambda d: d["blocks"].update(channel=[])),
        changed(lambda d: d["blocks"].update({first_block: "text"})),
        changed(lambda d: d["blocks"][first_block].append("")),
        changed(lambda d: d["blocks"][first_block].append({"text": "x", "status": "maybe"})),
        changed(lambda d: d["blocks"][first_block].append({"text": "x", "status": "validated"})),
        changed(lambda d: d["blocks"][first_block].append({"text": "x", "segments": ["a", "a"]})),
        changed(lambda d: d["blocks"][first_block].append({"text": "x", "segments": "a"})),
        changed(lambda d: d["blocks"][first_block].append({"status": "validated"})),
        changed(lambda d: d["blocks"][first_block].append({"text": "x", "type": "self-service"})),
        changed(lambda d: d["blocks"]["customer_relationships"].append({"text": "x", "type": "self-service"})),
        changed(lambda d: d["blocks"]["customer_relationships"].append({"text": "x", "type": "selfservice"})),
        changed(lambda d: d["blocks"]["customer_relationships"].append({"text": "x", "motivation": "acquisition"})),
        changed(lambda d: d.setdefault("segments", []).append({"id": "Bad Id", "name": "x"})),
        changed(lambda d: d.setdefault("segments", []).append({"id": "ok", "name": ""})),
        changed(lambda d: d.setdefault("segments", []).append({"id": "ok", "name": "x", "colour": "#12"})),
        changed(lambda d: d.setdefault("segments", []).append({"id": "ok", "name": "x", "market_type": "niche"})),
        changed(lambda d: d.setdefault("segments", []).append({"id": "ok", "name": "x", "customer_value": "huge"})),
        changed(lambda d: d.update(version=2.0)),
        changed(lambda d: d.update(date=None)),
    ]


@pytest.mark.parametrize("case", ["amazon", "apple", "netflix", "starbucks", "zappos", "starter"])
def test_the_whole_document_check_agrees_with_the_walk(case: str) -> None:
    """Where the generated check passes a document the walk finds nothing, and where it fails the walk finds something."""
    from bmckit import schema
    from bmckit.canvas_dicts import canvas_to_document
    from bmckit.cases import CASE_NAMES
    from bmckit.starter import starter_yaml

    assert case == "starter" or case in CASE_NAMES
    document = (
        canvas_files.yamldoc.parse(starter_yaml(title="A title")).document if case == "starter" else canvas_to_document(load_case(case))
    )
    for mutated in [document, *_mutations(document)]:
        walked = list(schema._walk(mutated, schema.canvas_schema(), ()))
        assert schema._passes_whole(mutated) == (not walked), (mutated, walked)


def test_reading_a_valid_file_compiles_no_validator(tmp_path: Path) -> None:
    case = tmp_path / "case.yaml"
    canvas_files.save(load_case("netflix"), case)
    code = f"import sys; from bmckit import canvas_files; canvas_files.load({str(case)!r}); print('fastjsonschema' in sys.modules)"
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert run.stdout.strip() == "False"
