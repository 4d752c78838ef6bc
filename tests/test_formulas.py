"""A metric's TeX says what its plain-text formula says: the same words and figures in the same order.

The site typesets the TeX and keeps the plain text for screen readers and search; were one edited without the other,
a reader would see one formula and hear another.
"""

from __future__ import annotations

import re

import pytest

from bmckit import knowledge

TEX_COMMANDS = re.compile(r"\\[a-zA-Z]+")


def words(formula: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", TEX_COMMANDS.sub(" ", formula).lower())


@pytest.mark.parametrize("metric", knowledge.metrics(), ids=lambda m: m.id)
def test_the_tex_and_the_plain_formula_agree(metric: knowledge.Metric) -> None:
    assert metric.tex, f"{metric.id} has no tex in metrics.toml"
    assert words(metric.tex) == words(metric.formula)


def test_a_formula_whose_tex_says_otherwise_is_caught() -> None:
    assert words(r"\text{CAC} = \dfrac{\text{spend}}{\text{customers}}") != words("CAC = customers ÷ spend")
