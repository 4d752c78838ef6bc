"""A page drawn sooner on a phone: no script in the way of its first paint, and the theme's stylesheets cut to what it uses.

On a phone over a slow network (Lighthouse's mobile profile: a 150 ms round trip, 1.6 Mbit/s) a page shows nothing
until every stylesheet and every plain ``<script>`` in its ``<head>`` has arrived. Two things stood in the way:

* Sphinx and its extensions load their scripts (``doctools.js``, the copy button, sphinx-design's tabs, the widgets'
  loader on a notebook page …) as plain scripts in the ``<head>``. Each is given ``defer`` here: it still runs
  before the page's ``DOMContentLoaded``, in the same order, but after the page is drawn. The few lines Sphinx writes
  into the page itself (``DOCUMENTATION_OPTIONS.pagename = …``) need the scripts before them, so they become module
  scripts, which the browser runs in that same deferred order. The search page keeps its scripts as they are, as its
  template runs its own lines against them.
* The theme's stylesheet (pydata-sphinx-theme's, 377 KB: Bootstrap, Font Awesome's 2,000 icons and the theme) and
  the other third-party ones hold mostly rules for classes no page of this site uses. When the build finishes, each
  rule whose selector names a class or id found nowhere in the site (in no page and no script, where a class a
  script adds is named) is left out of the joined stylesheet below, as is a custom property nothing reads; the files
  themselves stay in ``_static`` as their packages wrote them. A rule is kept whenever in doubt: names inside
  ``:not()``, ``:is()`` and the like are not looked at, and at-rules other than ``@media`` and ``@supports`` stay whole.
* A page linked thirteen stylesheets, and a phone's browser fetches six at a time from one host over HTTP/1.1: three
  round trips before anything shows. Each page now links one stylesheet, ``_static/bmckit-styles-<key>.css``, the
  theme's and every other it used to link, in the same order, joined when the build finishes (and cut as above)
  with their ``@import`` inlined and their ``url()`` rewritten to where the joined file sits. Pages that link the same
  stylesheets share one file; a page with formulas, which adds KaTeX's, gets its own.

The theme's own search scripts, loaded on every page for a search-as-you-type box this site does not switch on, are
left out of its pages by ``docs/_templates/layout.html``.
"""

from __future__ import annotations

import fnmatch
import hashlib
import json
import os
import posixpath
import re
import zlib
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bmckit.sphinxext.cache import cache_folder

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable

    from sphinx.application import Sphinx

TRIMMED = (
    "styles/pydata-sphinx-theme.css",  # Bootstrap 5, Font Awesome 6 and the theme
    "styles/sphinx-book-theme.css",
    "basic.css",  # Sphinx's own
    "pygments.css",  # a colour for every token of every language
    "sphinx-design.min.css",  # every grid, card, badge and icon class, used or not
    "mystnb.*.css",  # notebook outputs of every kind
    "copybutton.css",
    "exercise.css",
)
"""The third-party stylesheets under ``_static`` that are cut to the rules the site uses (glob patterns); the site's
own, whose classes its scripts may put together from parts, stay whole."""
_SKIPPED_FOLDERS = {"lite", "_sources", "_images", "_static"}
"""Folders of the built site that hold no page: JupyterLite's app has its own stylesheets; the others hold sources,
images and the files pages load."""
_NAME = re.compile(r"-?[A-Za-z_][\w-]*")
_SCRIPT = re.compile(r"""<script\b[^>]*\bsrc="([^"?#]+)""")
_VARIABLE = re.compile(r"var\(\s*(--[\w-]+)")
_SELECTOR_NAME = re.compile(r"[.#](-?[A-Za-z_](?:[\w-]|\\.)*)")


def defer_scripts(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: object) -> None:
    """Every script of the page's ``<head>`` deferred: its files with ``defer``, its inline lines as module scripts."""
    if pagename == "search" or "script_files" not in context:
        return
    deferred = []
    for script in context["script_files"]:
        attributes = dict(getattr(script, "attributes", {}))
        if not hasattr(script, "attributes") or attributes.get("type", "text/javascript") != "text/javascript":
            deferred.append(script)  # an old-style name, or data rather than a script
            continue
        if script.filename and "async" not in attributes:
            attributes["defer"] = "defer"
        elif not script.filename and attributes.get("body"):
            attributes["type"] = "module"  # run in order with the deferred scripts, after the ones it needs
        deferred.append(type(script)(script.filename, priority=script.priority, **attributes))
    context["script_files"] = deferred


THEME_STYLESHEETS = ("_static/styles/theme.css", "_static/styles/pydata-sphinx-theme.css")
"""What pydata-sphinx-theme links before every other stylesheet, from its template (``docs/_templates/layout.html``
leaves those links out of a page whose stylesheets are joined)."""
_BUNDLES = "bmckit-stylesheets"
"""The folder, beside the doctrees, that keeps which stylesheets each joined file holds, for the end of the build."""


def join_stylesheets(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: object) -> None:
    """The page's stylesheets, the theme's first, as one link to the file they will be joined into."""
    sheets = context.get("css_files")
    if not sheets or not hasattr(sheets[0], "attributes") or not _theme_links_its_own(app):
        return
    joined, kept = [], []
    for sheet in sheets:
        name = os.fspath(sheet.filename)
        local = name.startswith("_static/") and "://" not in name
        if local and sheet.attributes.get("rel") == "stylesheet" and sheet.attributes.get("media", "all") == "all":
            joined.append(name)
        else:
            kept.append(sheet)
    names = [*THEME_STYLESHEETS, *joined]
    key = hashlib.sha256("\n".join(names).encode()).hexdigest()[:12]
    record = Path(app.doctreedir) / _BUNDLES / f"{key}.json"
    if not record.is_file():
        record.parent.mkdir(parents=True, exist_ok=True)
        record.write_text(json.dumps(names), encoding="utf-8")
    context["css_files"] = [type(sheets[0])(f"_static/bmckit-styles-{key}.css", priority=0), *kept]
    context["bmc_stylesheets_joined"] = True


def _theme_links_its_own(app: Sphinx) -> bool:
    """Whether the theme is pydata-sphinx-theme or one built on it (sphinx-book-theme), whose stylesheets are joined
    too; with any other theme the page keeps its stylesheets as they are."""
    theme = getattr(app.builder, "theme", None)
    folders = theme.get_theme_dirs() if theme is not None else []
    return any(Path(folder, "static", THEME_STYLESHEETS[1].removeprefix("_static/")).is_file() for folder in folders)


def write_joined_stylesheets(app: Sphinx, exception: BaseException | None) -> None:
    """Each joined stylesheet the pages link, written from its parts as the output holds them now."""
    if exception is not None or app.builder.format != "html":
        return
    out = Path(app.outdir)
    records = sorted((Path(app.doctreedir) / _BUNDLES).glob("*.json"))
    if not records:
        return
    used = names_used(out)
    variables = variables_used(out / "_static", used)
    digest = hashlib.sha256("\n".join(sorted(used | variables)).encode()).hexdigest()

    def part(name: str, css: str) -> str:
        # The stylesheets stay in _static as their packages wrote them (myst-nb and sphinx-exercise refuse to copy theirs
        # over a changed file on the next build); only their copy in the joined file is cut.
        if any(fnmatch.fnmatch(name.removeprefix("_static/"), pattern) for pattern in TRIMMED):
            return _trimmed_once(css, used, variables, digest)
        return css

    versions = {}
    for record in records:
        names = json.loads(record.read_text(encoding="utf-8"))
        if all((out / name).is_file() for name in names):
            joined = "".join(_inlined(out, name, part) for name in names)
            (out / "_static" / f"bmckit-styles-{record.stem}.css").write_text(joined, encoding="utf-8")
            versions[record.stem] = f"{zlib.crc32(joined.encode()):08x}"
    # Each page names its joined file with the version it has now (Sphinx wrote the page before the file was), so a
    # browser or `make serve` never shows a page with a stylesheet it kept from before an edit.
    for page in _pages(out):
        html = page.read_text(encoding="utf-8")
        versioned = _JOINED_LINK.sub(lambda match: f'{match[1]}?v={versions.get(match[2], match[3] or "")}"', html)
        if versioned != html:
            page.write_text(versioned, encoding="utf-8")


_JOINED_LINK = re.compile(r"""(bmckit-styles-([0-9a-f]+)\.css)(?:\?v=([0-9a-f]*))?\"""")
_IMPORT = re.compile(r"""@import\s+(?:url\(\s*)?["']?([^"')\s]+)["']?\s*\)?\s*;""")
_URL = re.compile(r"""url\(\s*(["']?)([^"')]+)\1\s*\)""")
_CHARSET = re.compile(r"""@charset\s+"[^"]*"\s*;""")


def _inlined(out: Path, name: str, part: Callable[[str, str], str]) -> str:
    """The stylesheet ``name`` (relative to the output) as ``part`` gives it, its imports inlined, its URLs made relative
    to ``_static``."""
    folder = posixpath.dirname(name)
    css = part(name, _CHARSET.sub("", (out / name).read_text(encoding="utf-8")))

    def imported(match: re.Match[str]) -> str:
        return _inlined(out, posixpath.normpath(posixpath.join(folder, match[1])), part)

    def moved(match: re.Match[str]) -> str:
        url = match[2].strip()
        if url.startswith(("data:", "#", "/")) or "://" in url:
            return match[0]
        return f'url("{posixpath.relpath(posixpath.normpath(posixpath.join(folder, url)), "_static")}")'

    return _URL.sub(moved, _IMPORT.sub(imported, css)) + "\n"


def names_used(site: Path) -> set[str]:
    """Every word that could be a class or an id on the built site: each name-like token of its pages and of the
    scripts they load (a script no page loads, such as the theme's unused ``fontawesome.js``, names nothing)."""
    names: set[str] = set()
    scripts: set[Path] = set()
    for page in _pages(site):
        text = page.read_text(encoding="utf-8", errors="replace")
        names.update(_NAME.findall(text))
        scripts.update((page.parent / source).resolve() for source in _SCRIPT.findall(text) if "://" not in source)
    # A notebook page loads the widgets' loader, which loads the widget library beside it when a widget comes near.
    scripts.update(
        library.resolve() for script in list(scripts) if script.parent.name == "widgets" for library in script.parent.glob("*.js")
    )
    for script in sorted(path for path in scripts if path.is_file()):
        found = _NAME.findall(script.read_text(encoding="utf-8", errors="replace"))
        if script.parent.name == "widgets":
            # The widgets' library names all 1,700 of Font Awesome's icons in a stylesheet of its own, which draws its icons.
            found = [name for name in found if not name.startswith("fa-")]
        names.update(found)
    return names


def _pages(site: Path) -> Iterable[Path]:
    for path in site.rglob("*.html"):
        if not _SKIPPED_FOLDERS & set(path.relative_to(site).parts[:1]):
            yield path


def trim(css: str, used: set[str], variables: set[str] | None = None) -> str:
    """``css`` without the rules whose every selector names a class or id not in ``used`` and, given ``variables``,
    without the custom properties (``--name: …``) not among them."""
    import tinycss2

    rules = tinycss2.parse_stylesheet(css, skip_comments=False, skip_whitespace=True)
    return "".join(_kept(rule, used, variables) for rule in rules)


def _kept(rule: Any, used: set[str], variables: set[str] | None) -> str:
    import tinycss2

    if rule.type == "comment":
        return f"/*{rule.value}*/" if rule.value.startswith("!") else ""  # licence comments stay, as minifiers keep them
    if rule.type == "qualified-rule":
        selectors = [selector for selector in _split(tinycss2.serialize(rule.prelude)) if _may_match(selector, used)]
        if not selectors:
            return ""
        content = tinycss2.serialize(rule.content)
        if variables is not None and "--" in content:
            declarations = tinycss2.parse_blocks_contents(rule.content, skip_comments=True, skip_whitespace=True)
            content = ";".join(
                item.serialize()
                for item in declarations
                if item.type != "declaration" or not item.name.startswith("--") or item.name in variables
            )
        return f"{','.join(selectors)}{{{content}}}" if content else ""
    if rule.type == "at-rule" and rule.lower_at_keyword in {"media", "supports"} and rule.content is not None:
        inner = tinycss2.parse_rule_list(rule.content, skip_comments=True, skip_whitespace=True)
        kept = "".join(_kept(child, used, variables) for child in inner)
        return f"@{rule.at_keyword}{tinycss2.serialize(rule.prelude)}{{{kept}}}" if kept else ""
    return str(tinycss2.serialize([rule]))


def _split(prelude: str) -> list[str]:
    """The selectors of a rule's prelude, split at its commas outside parentheses and brackets."""
    selectors, depth, start = [], 0, 0
    for index, character in enumerate(prelude):
        if character in "([":
            depth += 1
        elif character in ")]":
            depth -= 1
        elif character == "," and depth == 0:
            selectors.append(prelude[start:index].strip())
            start = index + 1
    selectors.append(prelude[start:].strip())
    return [selector for selector in selectors if selector]


def _may_match(selector: str, used: set[str]) -> bool:
    # Only names outside parentheses and brackets: `:not(.x)` matches where .x is absent, `[href$=".pdf"]` names no class.
    outside = re.sub(r"\[[^\]]*\]", "", selector)
    while "(" in outside:
        shorter = re.sub(r"\([^()]*\)", "", outside)
        if shorter == outside:
            break
        outside = shorter
    return all(name.replace("\\", "") in used for name in _SELECTOR_NAME.findall(outside))


def variables_used(static: Path, names: set[str]) -> set[str]:
    """The custom properties (``--name``) a stylesheet reads with ``var()``, or a page or script names (``-name`` among
    ``names``, as their tokens run). Bootstrap alone declares some 500; a property no one reads is still inherited by
    every element, so each costs the browser's style work on every page."""
    variables = {f"-{name}" for name in names if name.startswith("-")}
    for sheet in static.rglob("*.css"):
        if not sheet.name.startswith("bmckit-styles-"):  # the joined files of the last build, about to be rewritten
            variables.update(_VARIABLE.findall(sheet.read_text(encoding="utf-8")))
    return variables


def _trimmed_once(css: str, used: set[str], variables: set[str], names_digest: str) -> str:
    # Cached by the stylesheet and the site's names: a rebuild that changed neither reads the cut copy, not the CSS.
    key = hashlib.sha256(f"{names_digest}\n{css}".encode()).hexdigest()[:24]
    path = cache_folder("trimmed-css") / f"{key}.css"
    if path.is_file():
        return path.read_text(encoding="utf-8")
    trimmed = trim(css, used, variables)
    path.parent.mkdir(parents=True, exist_ok=True)
    part = path.with_suffix(f".{hashlib.sha256(str(id(trimmed)).encode()).hexdigest()[:8]}.part")
    part.write_text(trimmed, encoding="utf-8")
    part.replace(path)
    return trimmed


def _forget_cut_copies(app: Sphinx) -> None:
    # An output folder where an earlier bmckit cut these in place: myst-nb and sphinx-exercise copy them again when the
    # build finishes, but only over no file (over a changed one they warn, and the build stops under -W).
    static = Path(app.outdir) / "_static"
    for leftover in [*static.glob("mystnb.*.css"), static / "exercise.css"]:
        leftover.unlink(missing_ok=True)


def setup_first_paint(app: Sphinx) -> None:
    app.connect("html-page-context", defer_scripts, priority=900)  # after every extension has added its scripts
    app.connect("html-page-context", join_stylesheets, priority=900)
    app.connect("builder-inited", _forget_cut_copies)
    app.connect("build-finished", write_joined_stylesheets, priority=900)  # after myst-nb and others copy their stylesheets
