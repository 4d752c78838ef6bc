"""Where building the site keeps what it fetched or made once: npm files, JupyterLite's wheels and compiled files.

One folder for all of it, bmckit's in the user's cache as platformdirs places
it for each system (``$XDG_CACHE_HOME/bmckit`` or ``~/.cache/bmckit`` on
Linux, ``~/Library/Caches/bmckit`` on macOS, ``%LOCALAPPDATA%\\bmckit\\Cache``
on Windows): deleting it costs one slower build, never a wrong one.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from platformdirs import user_cache_path

if TYPE_CHECKING:
    from pathlib import Path


def cache_folder(*parts: str) -> Path:
    """bmckit's folder in the user's cache, or a folder in it, e.g. ``cache_folder("npm")``."""
    return user_cache_path("bmckit", appauthor=False).joinpath(*parts)
