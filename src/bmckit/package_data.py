"""bmckit's data files (knowledge base, layout, schema, fonts, case studies), found beside its code.

A wheel installs them as plain files, in a browser too, so they are read as
files: ``importlib.resources`` would find them the same way but costs a
command more start-up time than reading them does.
"""

from __future__ import annotations

import os

DATA = os.path.join(os.path.dirname(os.path.abspath(__file__)), "data")


def data_path(relative: str) -> str:
    """The path of a data file, e.g. ``data_path("fonts/DejaVuSans.ttf")``."""
    return os.path.join(DATA, *relative.split("/"))


def read_data(relative: str) -> str:
    """A data file's text, e.g. ``read_data("layout.toml")``."""
    with open(data_path(relative), encoding="utf-8") as stream:
        return stream.read()
