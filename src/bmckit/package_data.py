"""bmckit's data files (knowledge base, layout, schema, fonts, case studies), found beside its code.

One place knows where they are, through ``importlib.resources``; the modules
that read a file keep what they make of it (``functools.cache``), so each is
read once. A wheel installs them as plain files, in a browser too, so
renderers that embed a font or a template engine that loads a folder get a
path on disk from :func:`data_path`.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

DATA = Path(str(resources.files("bmckit").joinpath("data")))
"""The data folder, files on disk wherever bmckit is installed (tests point it at a changed copy to see who follows a fact)."""


def data_path(relative: str) -> str:
    """The path of a data file, e.g. ``data_path("fonts/DejaVuSans.ttf")``."""
    return str(DATA.joinpath(*relative.split("/")))


def read_data(relative: str) -> str:
    """A data file's text, e.g. ``read_data("layout.toml")``."""
    return DATA.joinpath(*relative.split("/")).read_text(encoding="utf-8")
