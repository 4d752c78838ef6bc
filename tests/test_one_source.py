"""One fact, one place: each name and choice a reader meets comes from one data file, and every user of it follows.

Each test changes the fact in a copy of the data folder (the ``change_fact``
fixture, in conftest.py) and sees every drawing, page, widget and help text
that shows it change with it, so a second copy typed by hand somewhere fails
here.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from bmckit import knowledge
from bmckit.model import BlockId, Canvas, Header, Item, RelationshipType, Segment

if TYPE_CHECKING:
    from collections.abc import Callable

    ChangeFact = Callable[[str, str, str], None]

TYPES = "knowledge/relationship_types.toml"
RENAMED = "Renamed staff help"
"""A new name (and label) for personal assistance, found nowhere else."""


@pytest.mark.parametrize("info", [*knowledge.relationship_types(), *knowledge.motivations()], ids=lambda info: str(info.id))
def test_a_short_name_is_the_name_shortened(info: knowledge.RelationshipTypeInfo | knowledge.MotivationInfo) -> None:
    name_words = iter(info.name.lower().split())
    assert all(word in name_words for word in info.short.lower().split()), f"{info.short!r} is not {info.name!r} shortened"


def rename_personal_assistance(change_fact: ChangeFact) -> knowledge.RelationshipTypeInfo:
    """Rename personal assistance (name and label) in the data copy; what it was called before."""
    before = knowledge.relationship_type(RelationshipType.PERSONAL_ASSISTANCE)
    change_fact(TYPES, f'name = "{before.name}"', f'name = "{RENAMED}"')
    change_fact(TYPES, f'short = "{before.short}"', f'short = "{RENAMED}"')
    return before


def test_a_renamed_type_is_renamed_in_the_drawing_the_advisor_and_the_editor(change_fact: ChangeFact) -> None:
    from bmckit import advice
    from bmckit.render.svg import render
    from bmckit.widgets import choices

    before = rename_personal_assistance(change_fact)
    segment = Segment(id="readers", name="Local readers")
    note = Item("Staff recommend books", segments=("readers",), type=RelationshipType.PERSONAL_ASSISTANCE)
    drawing = render(Canvas(Header(title="Bookshop"), (segment,), {BlockId.CUSTOMER_RELATIONSHIPS: (note,)}))
    assert f">{RENAMED}<" in drawing
    assert before.short not in drawing

    ranked = {r.type: r.name for r in advice.rank(segment)}
    assert ranked[RelationshipType.PERSONAL_ASSISTANCE] == RENAMED
    assert advice.suggestion(Canvas(Header(title="Bookshop"), (segment,), {}), "readers", "personal-assistance").text.startswith(RENAMED)

    assert (RENAMED, RelationshipType.PERSONAL_ASSISTANCE) in choices.relationship_types()
    assert before.name not in [label for label, _ in choices.relationship_types()]


def test_a_renamed_type_is_renamed_in_bmckit_advise(change_fact: ChangeFact, netflix: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from bmckit.cli import main

    before = rename_personal_assistance(change_fact)
    assert main(["advise", str(netflix)]) == 0
    out = capsys.readouterr().out
    assert re.search(rf"^  \d\. {RENAMED}$", out, re.MULTILINE)
    assert before.name not in out


GLOSSARY_PAGES = {
    "index.md": """\
        # Home

        A {term}`relationship type` such as {term}`personal assistance` serves a {term}`motivation` such as
        {term}`retention` or {term}`Customer expansion`.

        ```{toctree}
        glossary
        relationships/motivations
        relationships/personal-assistance
        relationships/dedicated-personal-assistance
        relationships/self-service
        relationships/automated-services
        relationships/communities
        relationships/co-creation
        ```
        """,
    "glossary.md": """\
        # Glossary

        ```{knowledge-glossary} relationship-types
        :see: relationships/{id}

        relationship type
          One of the six below.
        ```

        ```{knowledge-glossary} motivations
        :see: relationships/motivations

        motivation
          What a relationship is for; see {doc}`relationships/motivations`.
        ```
        """,
    "relationships/motivations.md": "# Motivations\n",
    **{f"relationships/{t.id}.md": f"# {t.name}\n" for t in knowledge.relationship_types()},
}


@pytest.mark.slow
def test_the_glossary_is_the_knowledge_bases(tmp_path: Path) -> None:
    from tests.test_sphinxext import build

    status, warnings, out = build(tmp_path, GLOSSARY_PAGES, "bmc_downloads = False\n")
    assert (status, warnings) == (0, "")
    page = (out / "glossary.html").read_text(encoding="utf-8")
    for info in knowledge.relationship_types():
        assert f'id="term-{info.id}"' in page, "the anchors a type's term had when the glossary was typed by hand"
        assert f'id="term-{info.id}">{info.name}<' in page
        assert info.definition in page
        assert f'href="relationships/{info.id}.html"' in page
        if info.short != info.name:
            assert f">{info.short}<" in page, "the label a canvas prints is a term too"
    for motivation in knowledge.motivations():
        assert f'id="term-{motivation.id}">{motivation.short}<' in page
        assert motivation.definition in page
    home = (out / "index.html").read_text(encoding="utf-8")
    assert 'href="glossary.html#term-personal-assistance"' in home
    assert 'href="glossary.html#term-retention"' in home


@pytest.mark.slow
def test_a_renamed_type_and_a_new_definition_change_the_glossary(change_fact: ChangeFact, tmp_path: Path) -> None:
    from tests.test_sphinxext import build

    before = rename_personal_assistance(change_fact)
    retention = knowledge.motivation("retention").definition
    change_fact("knowledge/motivations.toml", retention, "Keeping customers, as the data copy now says.")
    pages = {**GLOSSARY_PAGES, "index.md": GLOSSARY_PAGES["index.md"].replace("{term}`personal assistance`", f"{{term}}`{RENAMED}`")}
    status, warnings, out = build(tmp_path, pages, "bmc_downloads = False\n")
    assert (status, warnings) == (0, "")
    page = (out / "glossary.html").read_text(encoding="utf-8")
    terms = re.findall(r"<dt [^>]*>([^<]*)<", page)
    assert RENAMED in terms
    assert before.name not in terms
    assert "Keeping customers, as the data copy now says." in page
    assert retention not in page


def test_a_motivations_short_name_is_the_case_tables(change_fact: ChangeFact) -> None:
    from bmckit.cases import load_case
    from bmckit.sphinxext.comparison import comparison_rows, relationship_rows

    assert "Retention" in {cell for row in comparison_rows(("netflix",)) for cell in row[1:]}
    change_fact("knowledge/motivations.toml", 'short = "Retention"', 'short = "Keeping"')
    cells = {cell for row in comparison_rows(("netflix",)) for cell in row[1:]}
    assert "Keeping" in cells
    assert "Retention" not in cells
    assert "Keeping" in [row[2] for row in relationship_rows(load_case("netflix"))]


def test_a_motivations_short_name_is_the_drawings_and_the_outlines(change_fact: ChangeFact) -> None:
    from bmckit.cases import load_case
    from bmckit.render import render

    change_fact("knowledge/motivations.toml", 'short = "Retention"', 'short = "Keeping"')
    drawing, outline = (render(load_case("netflix"), fmt).text for fmt in ("svg", "markdown"))
    assert re.search(r'class="note-label"[^>]*>[^<]* · keeping<', drawing)
    assert "· retention" not in drawing
    assert "for keeping" in outline
    assert "for retention" not in outline


def test_the_headers_labels_are_typed_once() -> None:
    """The drawing, the fillable form, the outline and the editor label the header's fields from bmckit.margins."""
    package = Path(__file__).parents[1] / "src" / "bmckit"
    typed = [path.relative_to(package) for path in package.rglob("*.py") if '"Designed by"' in path.read_text(encoding="utf-8")]
    assert typed == [Path("margins.py")]


def help_text(command: str, capsys: pytest.CaptureFixture[str]) -> str:
    """``bmckit COMMAND --help`` with its lines joined, so a wrapped line reads as one."""
    from bmckit.cli import main

    assert main([command, "--help"]) == 0
    return " ".join(capsys.readouterr().out.split())


def test_the_advisors_answers_in_bmckit_advise_help_are_advice_toml_s(change_fact: ChangeFact, capsys: pytest.CaptureFixture[str]) -> None:
    from bmckit import advice

    for question in advice.questions():
        values = ",".join(value for _, value in question.options)
        assert f"--{question.id} {{{values}}} {question.prompt}" in help_text("advise", capsys)
    change_fact("knowledge/advice.toml", '{ value = "moderate",', '{ value = "middling",')
    change_fact("knowledge/advice.toml", 'prompt = "How complex is the offer?"', 'prompt = "How hard is the offer to grasp?"')
    assert "--complexity {simple,middling,complex} How hard is the offer to grasp?" in help_text("advise", capsys)


A0 = 'a0     = { name = "A0",'


@pytest.mark.parametrize("command", ["render", "blank", "batch"])
def test_the_paper_sizes_in_help_are_layout_toml_s(command: str, change_fact: ChangeFact, capsys: pytest.CaptureFixture[str]) -> None:
    assert "paper size: a4, letter, a3, a2, a1 or a0 (default: a4)" in help_text(command, capsys)
    change_fact("layout.toml", A0, 'b5     = { name = "B5",')
    assert "paper size: a4, letter, a3, a2, a1 or b5 (default: a4)" in help_text(command, capsys)


def test_the_sites_templates_are_made_in_every_paper_size_of_layout_toml(change_fact: ChangeFact) -> None:
    from bmckit.layout import paper_sizes
    from bmckit.sphinxext.config import BmcConfig

    assert BmcConfig().template_papers == paper_sizes()
    change_fact("layout.toml", A0, 'b5     = { name = "B5",')
    assert BmcConfig().template_papers == ("a4", "letter", "a3", "a2", "a1", "b5")


DOCS = Path(__file__).parents[1] / "docs"
TYPED_PAPER_LIST = re.compile(r"a4\W+(?:\(the default\)\W+)?letter\W+a3\W+a2\W+a1\W+(?:and|or)\W+a0", re.IGNORECASE)


def test_pages_name_the_paper_sizes_from_the_data_and_the_readme_names_them_right() -> None:
    from bmckit.layout import paper_sizes

    typed = [
        page.name for page in DOCS.rglob("*.md") if "_lite" not in page.parts and TYPED_PAPER_LIST.search(page.read_text(encoding="utf-8"))
    ]
    assert typed == [], "pages list the paper sizes with {{ paper_sizes }} (conf.py makes it from layout.toml)"
    conf = (DOCS.parent / "conf.py").read_text(encoding="utf-8")
    assert '"paper_sizes":' in conf
    assert "paper_sizes()" in conf
    *most, last = paper_sizes()
    readme = (DOCS.parent / "README.md").read_text(encoding="utf-8")
    assert f"# {', '.join(most)} or {last}, all landscape" in readme


NOTEBOOKS = DOCS.parent / "notebooks"


def code_cells(notebook: str) -> list[str]:
    """The code of a notebook's cells, those that run IPython's ``%`` commands (installing bmckit) left out."""
    import json

    cells = json.loads((NOTEBOOKS / notebook).read_text(encoding="utf-8"))["cells"]
    code = ["".join(cell["source"]) for cell in cells if cell["cell_type"] == "code"]
    return [text for text in code if not re.search(r"^\s*%", text, re.MULTILINE)]


def test_notebook_04_types_no_retention_step_or_cap() -> None:
    import ast

    from bmckit import economics

    typed = {economics.RETENTION_STEP, economics.MAX_RETENTION, economics.RETENTION_STEP * 100, economics.MAX_RETENTION * 100}
    numbers = [
        node.value for code in code_cells("04-economics.ipynb") for node in ast.walk(ast.parse(code)) if isinstance(node, ast.Constant)
    ]
    assert not [n for n in numbers if isinstance(n, (int, float)) and not isinstance(n, bool) and n in typed]


def test_notebook_04_and_its_calculator_follow_the_retention_step_and_cap(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from bmckit import economics

    monkeypatch.setattr(economics, "RETENTION_STEP", 0.1)
    monkeypatch.setattr(economics, "MAX_RETENTION", 0.85)
    assert economics.example_scenario().retention == pytest.approx(0.77), "the example's 77% retention, which the cap now cuts short"
    namespace: dict[str, object] = {}
    for code in code_cells("04-economics.ipynb"):
        exec(compile(code, "04-economics.ipynb", "exec"), namespace)
    printed = capsys.readouterr().out
    assert "Retention 85%: CLV" in printed
    calculator = namespace["calculator"]
    assert calculator.retention.max == 85  # type: ignore[attr-defined]
    # 77% + 10 points would pass the 85% cap: the calculator says how many points it adds, not the step it could not take
    assert "the same, 8 points more retention (up to the 85% cap)" in calculator.figures.value  # type: ignore[attr-defined]
