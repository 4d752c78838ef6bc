"""The JavaScript that draws saved widgets on a static page, served by the site itself.

myst-nb embeds each executed notebook's widget state in its page and, by
default, loads require.js and ``@jupyter-widgets/html-manager`` from public CDNs,
so offline the widgets vanish without a word. Here the html-manager's
self-contained ``embed.js`` (it needs no require.js and renders every widget
state script on the page) is taken from the npm registry once, checked against
the pinned integrity hash, kept in the user's cache folder and copied into the
site's ``_static/widgets/``. The version is the html-manager series that goes
with ipywidgets 8, which the notebooks use; the build stops when they part.

That library is 1.9 MB and draws every widget at the page's ``load``, which kept
a notebook page's main thread busy for seconds on a phone. So a page does not
load it in its head: it loads ``bmckit-widgets.js`` (beside this module), which
loads the library only when a widget output is on screen, or within a screen
of it once the reader scrolls, or when the page is printed, and then asks it
to draw. embed.js draws from a ``load`` listener it adds when it runs, which a
library loaded after the page's load never hears, and the package has no other
self-contained entry point (its ``embed-amd.js`` is 3.6 MB and needs
require.js). So the site serves embed.js changed in one place,
:data:`DRAW_HOOK`: the listener becomes
``window.bmckitDrawWidgets``. The build stops if that text is not found exactly
once, so a new version of the package is looked at before it is served.
"""

from __future__ import annotations

import base64
import hashlib
import io
import os
import tarfile
import urllib.request
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from sphinx.errors import ExtensionError
from sphinx.util import logging

from bmckit.sphinxext.cache import cache_folder

if TYPE_CHECKING:
    from sphinx.application import Sphinx

logger = logging.getLogger(__name__)


class NpmFile(NamedTuple):
    """Files taken from one pinned npm package's tarball."""

    package: str
    version: str
    integrity: str
    """The registry's ``sha512-…`` hash of the tarball."""
    files: dict[str, str]
    """Member of the tarball → path under the site's ``_static``."""

    @property
    def tarball(self) -> str:
        return f"https://registry.npmjs.org/{self.package}/-/{self.package.split('/')[-1]}-{self.version}.tgz"


HTML_MANAGER = NpmFile(
    package="@jupyter-widgets/html-manager",
    version="1.0.15",
    integrity="sha512-5thBIV6ymNgmPVOHvzx+gGy8ZSKmSazhtGw4/c4xJDVzRhG9PTeQsRjF3FUTopvFi//SABeNz1yp47bCrJ3CQA==",
    files={
        "package/dist/embed.js": "widgets/embed.js",
        "package/dist/embed.js.LICENSE.txt": "widgets/embed.js.LICENSE.txt",
        # Font Awesome's icon fonts, which a few widgets draw (the upload button's icon, say). Only the WOFF2 files: every
        # browser that runs embed.js reads WOFF2 and then asks for nothing else.
        **{
            f"package/dist/{name}.woff2": f"widgets/{name}.woff2"
            for name in ("1551f4f60c37af51121f", "7a3337626410ca2f4071", "d878b0a6a1144760244f")
        },
    },
)
IPYWIDGETS_MAJOR = 8
"""html-manager 1.0.x renders the widget state that ipywidgets 8 saves."""

WIDGET_JS: dict[str, dict[str, str]] = {"widgets/bmckit-widgets.js": {"defer": "defer"}}
"""The value for myst-nb's ``nb_ipywidgets_js``: the one script, relative to ``_static``, loaded on widget pages only.
It loads ``widgets/embed.js`` when a widget output comes near the screen."""

LOADER = Path(__file__).with_name("bmckit-widgets.js")
"""The small script a widget page loads in its head, served as ``_static/widgets/bmckit-widgets.js``."""

DRAW_HOOK = (
    'window._jupyter_widget_embedder=!0,window.addEventListener("load",',
    "window._jupyter_widget_embedder=!0,(window.bmckitDrawWidgets=",
)
"""The one change to html-manager's ``embed.js``: its ``load`` listener, ``(()=>{…})``, is kept as a function the loader
calls, ``(window.bmckitDrawWidgets=(()=>{…}))``, rather than added to the window's ``load`` event."""


def vendored(npm: NpmFile, cache: Path | None = None) -> Path:
    """A folder holding ``npm``'s files at their ``_static`` paths, fetched and checked on first use."""
    folder = (cache or cache_folder("npm")) / f"{npm.package.replace('/', '+')}-{npm.version}"
    if all((folder / target).is_file() for target in npm.files.values()):
        return folder
    tarball = _fetch(npm)
    with tarfile.open(fileobj=io.BytesIO(tarball), mode="r:gz") as archive:
        for member, target in npm.files.items():
            extracted = archive.extractfile(member)
            if extracted is None:
                raise ExtensionError(f"{npm.package}@{npm.version} has no {member}")
            path = folder / target
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(extracted.read())
    return folder


def drawn_on_demand(source: Path) -> Path:
    """A folder beside ``source`` (the vendored html-manager) with the same files, embed.js changed by
    :data:`DRAW_HOOK`, and the loader: what the site serves."""
    old, new = DRAW_HOOK
    embed = (source / "widgets" / "embed.js").read_text(encoding="utf-8")
    if embed.count(old) != 1:
        raise ExtensionError(
            f"{HTML_MANAGER.package}@{HTML_MANAGER.version}'s embed.js has {embed.count(old)} copies of {old!r}, not one: "
            "the widgets could not be drawn on demand (see bmckit.sphinxext.widgetjs.DRAW_HOOK)"
        )
    folder = source.with_name(source.name + "+on-demand")
    files = {target: (source / target).read_bytes() for target in HTML_MANAGER.files.values()}
    files["widgets/embed.js"] = embed.replace(old, new).encode("utf-8")
    files["widgets/bmckit-widgets.js"] = LOADER.read_bytes()
    for target, content in files.items():
        path = folder / target
        if path.is_file() and path.read_bytes() == content:
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_name(f".{path.name}.{os.getpid()}")
        partial.write_bytes(content)
        os.replace(partial, path)  # whole, even with another build reading the same cache
    return folder


def _fetch(npm: NpmFile) -> bytes:
    logger.info("fetching %s@%s from the npm registry (once; kept in %s)", npm.package, npm.version, cache_folder("npm"))
    try:
        with urllib.request.urlopen(npm.tarball, timeout=60) as response:
            data: bytes = response.read()
    except OSError as error:
        raise ExtensionError(f"cannot fetch {npm.tarball} ({error}); the widget pages need it once, then it is cached") from error
    algorithm, _, expected = npm.integrity.partition("-")
    actual = base64.b64encode(hashlib.new(algorithm, data).digest()).decode("ascii")
    if actual != expected:
        raise ExtensionError(f"{npm.tarball} does not match its pinned integrity hash; refusing to serve it")
    return data


def _check_ipywidgets() -> None:
    try:
        installed = metadata.version("ipywidgets")
    except metadata.PackageNotFoundError:
        return
    if int(installed.split(".")[0]) != IPYWIDGETS_MAJOR:
        logger.warning(
            "ipywidgets %s is installed, but the site serves %s %s, which renders ipywidgets %d widgets",
            installed,
            HTML_MANAGER.package,
            HTML_MANAGER.version,
            IPYWIDGETS_MAJOR,
            type="bmckit",
            subtype="widgets",
        )


def _add_static(app: Sphinx) -> None:
    if app.builder.format != "html":
        return
    _check_ipywidgets()
    app.config.html_static_path = [*app.config.html_static_path, str(drawn_on_demand(vendored(HTML_MANAGER)))]


def setup_widget_js(app: Sphinx) -> None:
    app.connect("builder-inited", _add_static)
