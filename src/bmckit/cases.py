"""The five case studies shipped with bmckit, as canvas files in ``data/cases``."""

from __future__ import annotations

from typing import TYPE_CHECKING

from bmckit import canvas_files
from bmckit.package_data import read_data

if TYPE_CHECKING:
    from bmckit.model import Canvas

CASE_NAMES = ("amazon", "apple", "netflix", "starbucks", "zappos")
"""The case studies by name, alphabetically."""


class UnknownCaseError(KeyError):
    """No case study has that name."""

    def __str__(self) -> str:
        return f"no case study named {self.args[0]!r}; choose one of {', '.join(CASE_NAMES)}"


def case_text(name: str) -> str:
    """The case study's canvas file as shipped, comments and all."""
    if name not in CASE_NAMES:
        raise UnknownCaseError(name)
    return read_data(f"cases/{name}.yaml")


def load_case(name: str) -> Canvas:
    """The case study as a canvas."""
    return canvas_files.loads(case_text(name), fmt="yaml", source=f"bmckit/data/cases/{name}.yaml")
