"""axe-core, Deque's accessibility engine, as every browser test of the site runs it: the version pinned in
tests/site/package-lock.json (npm, installed by the tests themselves), the WCAG 2.1 A and AA rules, and what it finds
that is serious or critical."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from tests.localweb import npm_ci

if TYPE_CHECKING:
    from playwright.sync_api import Page

SITE = Path(__file__).parent / "site"
"""The npm project that installs axe-core for the tests."""
AXE_VERSION = "4.14.1"
WCAG_21_A_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
SERIOUS = {"serious", "critical"}

AXE = """(tags) => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})
  .then((results) => results.violations.map((v) => ({
    id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.map((n) => n.target.join(' ') + ': ' + (n.failureSummary || '').split('\\n').slice(1, 2).join('')),
  })))"""


def axe_script() -> Path:
    """tests/site/node_modules/axe-core/axe.min.js; `npm ci` runs only when it is missing or older than the lock."""
    why_not = npm_ci(SITE)
    if why_not:
        pytest.skip(f"{why_not}: it installs axe-core for these tests")
    return SITE / "node_modules" / "axe-core" / "axe.min.js"


def violations(page: Page, script: Path, tags: list[str] = WCAG_21_A_AA) -> list[dict[str, Any]]:
    """Every violation axe-core finds on ``page`` as it is now, whatever its impact: id, impact, help and the nodes."""
    page.add_script_tag(path=script)
    found: list[dict[str, Any]] = page.evaluate(AXE, tags)
    return found


def serious(found: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The serious and critical violations among ``found``."""
    return [violation for violation in found if violation["impact"] in SERIOUS]


def described(found: list[dict[str, Any]]) -> str:
    """Violations as lines a reader can act on: impact, rule, what it asks, and the first nodes that break it."""
    return "\n".join(f"  [{v['impact']}] {v['id']}: {v['help']}\n" + "\n".join(f"      {node}" for node in v["nodes"][:5]) for v in found)
