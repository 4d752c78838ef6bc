"""The shape of the package: data and the model at the bottom, front ends on top, no arrow upwards and no loops.

Every ``import`` of a bmckit module is an arrow, those inside functions
included (they are how front ends stay quick to start, not a way round the
layers); imports only for type checking are not. A new module must be given
a layer here, which is the moment to decide where it belongs.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).parents[1] / "src" / "bmckit"

LAYERS: list[tuple[str, set[str]]] = [
    ("ground: the model and what reads data", {"package_data", "model", "fontmetrics", "yamldoc", "colours", "schema", "canvas_validator"}),
    ("lower: the model's companions", {"canvas_dicts", "layout", "drawables", "knowledge", "teaching", "textfit", "formtext", "economics"}),
    ("middle: files, plans and checks", {"canvas_files", "cases", "starter", "margins", "plan", "check", "advice"}),
    (
        "the PDF machinery the PDF renderers share",
        {
            "render.pdf",
            "render.pdf.truetype",
            "render.pdf.page",
            "render.pdf.writer",
            "render.pdf.reportlab_page",
            "render.pdf.form_font",
            "render.pdf.forms",
            "render.pdf.read_back",
        },
    ),
    (
        "renderers",
        {
            "render.notes",
            "render.svg",
            "render.markdown",
            "render.printable_pdf",
            "render.fillable_pdf",
            "render.chart",
            "render.handouts",
            "render.cards",
            "render.template_svg",
            "render",
        },
    ),
    (
        "the teacher's tools",
        {
            "classroom",
            "classroom.csv_records",
            "classroom.roster",
            "classroom.filenames",
            "classroom.pages",
            "classroom.batch",
            "classroom.score",
            "classroom.review",
            "classroom.report",
            "classroom.parallel",
        },
    ),
    (
        "front ends",
        {
            "overwrite_guard",
            "cli.errors",
            "cli.reading",
            "cli.writing",
            "cli.commands",
            "cli.advise",
            "cli.classroom",
            "cli",
            "display",
            "__main__",
            "",
        },
    ),
    (
        "the notebook widgets (a front end)",
        {
            "widgets",
            "widgets.debounce",
            "widgets.downloads",
            "widgets.keeping",
            "widgets.choices",
            "widgets.stylesheet",
            "widgets.segment_names",
            "widgets.items",
            "widgets.header",
            "widgets.review",
            "widgets.toolbar",
            "widgets.kept_view",
            "widgets.editor",
            "widgets.advisor",
            "widgets.calculator",
        },
    ),
    (
        "the Sphinx extension (a front end)",
        {
            "sphinxext",
            "sphinxext.config",
            "sphinxext.cache",
            "sphinxext.elements",
            "sphinxext.downloads",
            "sphinxext.canvas",
            "sphinxext.knowledge",
            "sphinxext.charts",
            "sphinxext.comparison",
            "sphinxext.notebooks",
            "sphinxext.widgetjs",
            "sphinxext.sources",
            "sphinxext.teaching",
            "sphinxext.lite",
            "sphinxext.editor_app",
            "sphinxext.pyodidelock",
            "sphinxext.wheelpyc",
            "sphinxext.site_links",
            "sphinxext.freshness",
            "sphinxext.kernels",
            "sphinxext.favicon",
            "sphinxext.raw_links",
            "sphinxext.canvas_cards",
            "sphinxext.canvas_map",
            "sphinxext.formulas",
            "sphinxext.tables",
            "sphinxext.search_terms",
            "sphinxext.meta",
            "sphinxext.first_paint",
            "sphinxext.template_previews",
        },
    ),
]
LAYER_OF = {module: index for index, (_, modules) in enumerate(LAYERS) for module in modules}


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE).with_suffix("").parts
    return ".".join(parts).removesuffix("__init__").rstrip(".")


def is_module(dotted: str) -> bool:
    relative = Path(*dotted.split(".")[1:])
    return (PACKAGE / relative).with_suffix(".py").is_file() or (PACKAGE / relative / "__init__.py").is_file()


def imported(path: Path) -> set[str]:
    """The bmckit modules a file imports at run time (anywhere in it), as names relative to the package."""
    found: set[str] = set()

    class Visitor(ast.NodeVisitor):
        def visit_If(self, node: ast.If) -> None:
            if isinstance(node.test, ast.Name) and node.test.id == "TYPE_CHECKING":
                for child in node.orelse:
                    self.visit(child)
                return
            self.generic_visit(node)

        def visit_Import(self, node: ast.Import) -> None:
            found.update(alias.name for alias in node.names if alias.name.split(".")[0] == "bmckit")

        def visit_ImportFrom(self, node: ast.ImportFrom) -> None:
            if node.module and node.module.split(".")[0] == "bmckit":
                for alias in node.names:
                    name = f"{node.module}.{alias.name}"
                    found.add(name if is_module(name) else node.module)

    Visitor().visit(ast.parse(path.read_text(encoding="utf-8")))
    return {name.removeprefix("bmckit").lstrip(".") for name in found}


GRAPH = {module_name(path): imported(path) - {module_name(path)} for path in sorted(PACKAGE.rglob("*.py"))}


def test_every_module_has_a_layer() -> None:
    assert set(GRAPH) <= set(LAYER_OF), f"give these modules a layer: {sorted(set(GRAPH) - set(LAYER_OF))}"


@pytest.mark.parametrize("module", sorted(GRAPH))
def test_no_module_imports_one_above_it(module: str) -> None:
    upward = sorted(target for target in GRAPH[module] if LAYER_OF.get(target, 99) > LAYER_OF.get(module, -1))
    assert not upward, f"{module or 'bmckit'} ({LAYERS[LAYER_OF[module]][0]}) imports {upward} from above it"


def test_no_import_loops() -> None:
    visiting: list[str] = []
    done: set[str] = set()

    def visit(module: str) -> None:
        if module in visiting:
            loop = [*visiting[visiting.index(module) :], module]
            raise AssertionError("import loop: " + " → ".join(m or "bmckit" for m in loop))
        if module in done:
            return
        visiting.append(module)
        for target in sorted(GRAPH.get(module, ())):
            visit(target)
        visiting.pop()
        done.add(module)

    for module in sorted(GRAPH):
        visit(module)


def test_the_model_imports_nothing_of_bmckit() -> None:
    assert GRAPH["model"] == set()


def test_one_cache_folder() -> None:
    """Whatever bmckit keeps in the user's cache goes under the one folder :func:`bmckit.sphinxext.cache.cache_folder` names."""
    from bmckit.sphinxext.cache import cache_folder

    where = {"XDG_CACHE_HOME", '".cache"', "user_cache", "Library/Caches", "LOCALAPPDATA", "def cache_folder"}
    naming = {
        str(path.relative_to(PACKAGE)) for path in PACKAGE.rglob("*.py") if any(word in path.read_text(encoding="utf-8") for word in where)
    }
    assert naming == {"sphinxext/cache.py"}
    assert cache_folder("npm").parent == cache_folder("lite").parent == cache_folder()
    assert cache_folder().name == "bmckit"
