"""Pages in step with bmckit's data and code: a question edited in ``blocks.toml`` or a note in a case file shows on the next build.

Sphinx reads a page again when its source changes or when a file the page noted
as a dependency changes. A page a bmckit directive or role drew reads bmckit's
knowledge base, case studies and layout, which Sphinx knows nothing of; without
help, ``make site`` and ``make serve`` would keep its old text ("0 changed").

So every page that runs one of bmckit's directives or roles (and every notebook
page, whose notebook imports bmckit) notes one dependency: a stamp beside the
doctrees holding the digest of bmckit's code and data. The stamp is rewritten
only when that digest changes, and then each page that depends on it is read
again; a page that draws nothing from bmckit is left as it was. Which directives
are bmckit's is read from the registry once the extension has registered them,
so a directive added later is covered without a line of its own.
"""

from __future__ import annotations

import hashlib
import os
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from docutils.parsers.rst import directives, roles

if TYPE_CHECKING:
    from docutils.parsers.rst import Directive
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

STAMP = "bmckit-code-digest"
"""The stamp's name in the doctrees folder: it holds :func:`code_digest` as of the last build."""
CODE_SUFFIXES = {".py", ".toml", ".json", ".yaml", ".ttf", ".mjs"}
"""What, of the package's own folder, a page or a notebook can be drawn with."""


@cache
def code_digest() -> str:
    """A hash of bmckit's code and its data folder: what a page drawn by bmckit, or a notebook's output, is made from."""
    from bmckit import package_data

    package = Path(__file__).parents[1]
    data = Path(package_data.DATA)  # the package's data folder, or the copy a test reads instead
    digest = hashlib.sha256()
    for path in sorted(package.rglob("*")):
        if path.is_file() and path.suffix in CODE_SUFFIXES and not path.is_relative_to(package / "data"):
            digest.update(f"code/{path.relative_to(package).as_posix()}\n".encode())
            digest.update(path.read_bytes())
    for path in sorted(data.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            digest.update(f"data/{path.relative_to(data).as_posix()}\n".encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def stamp_path(doctreedir: str | os.PathLike[str]) -> Path:
    return Path(os.path.abspath(doctreedir)) / STAMP


def depend_on_bmckit(env: BuildEnvironment) -> None:
    """Note that the page being read is drawn from bmckit's code and data, so it is read again when they change."""
    env.note_dependency(stamp_path(env.doctreedir))


def _pages_drawn_from_changed_code(app: Sphinx, env: BuildEnvironment, added: set[str], changed: set[str], removed: set[str]) -> list[str]:
    """Every page that depends on the stamp, when bmckit's code or data changed since the stamp was written."""
    stamp = stamp_path(app.doctreedir)
    digest = code_digest()
    if stamp.is_file() and stamp.read_text(encoding="utf-8") == digest:
        return []
    stamp.parent.mkdir(parents=True, exist_ok=True)
    stamp.write_text(digest, encoding="utf-8")
    return sorted(docname for docname, files in env.dependencies.items() if stamp in files and docname not in removed)


def _is_bmckits(component: Any) -> bool:
    """Whether a directive class, a role object or a role function comes from bmckit."""
    return str(getattr(component, "__module__", None) or "").startswith("bmckit.")


def _drawing_from_bmckit(directive: type[Directive]) -> type[Directive]:
    """``directive``, noting on each use that its page depends on bmckit's code and data."""

    class Drawing(directive):  # type: ignore[valid-type,misc]
        bmc_depends_on_bmckit = True

        def run(self) -> list[Any]:
            depend_on_bmckit(self.state.document.settings.env)
            return super().run()  # type: ignore[no-any-return]

    Drawing.__name__, Drawing.__qualname__, Drawing.__doc__ = directive.__name__, directive.__qualname__, directive.__doc__
    return Drawing


def _role_drawing_from_bmckit(role: Any) -> Any:
    """``role``, noting on each use that its page depends on bmckit's code and data."""

    def drawing(name: str, rawtext: str, text: str, lineno: int, inliner: Any, options: Any = None, content: Any = ()) -> Any:
        depend_on_bmckit(inliner.document.settings.env)
        return role(name, rawtext, text, lineno, inliner, options, content)

    drawing.bmc_depends_on_bmckit = True  # type: ignore[attr-defined]
    return drawing


def bmckit_directives() -> dict[str, Any]:
    """bmckit's directives as registered now (docutils keeps them in one table, as Sphinx's own checks read it)."""
    return {name: cls for name, cls in directives._directives.items() if isinstance(cls, type) and _is_bmckits(cls)}  # type: ignore[attr-defined]


def bmckit_roles() -> dict[str, Any]:
    return {name: role for name, role in roles._roles.items() if _is_bmckits(role)}  # type: ignore[attr-defined]


def wrap_bmckits(app: Sphinx) -> None:
    """Make every directive and role of bmckit mark its page as drawn from bmckit's code and data."""
    for name, directive in bmckit_directives().items():
        if not getattr(directive, "bmc_depends_on_bmckit", False):
            app.add_directive(name, _drawing_from_bmckit(directive), override=True)
    for name, role in bmckit_roles().items():
        if not getattr(role, "bmc_depends_on_bmckit", False):
            app.add_role(name, _role_drawing_from_bmckit(role), override=True)


def setup_fresh_pages(app: Sphinx) -> None:
    app.connect("builder-inited", wrap_bmckits)  # by then every directive and role is registered, whatever the order
    app.connect("env-get-outdated", _pages_drawn_from_changed_code)
