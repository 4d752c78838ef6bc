"""Shared fixtures: canvas files written into a temporary folder, a copy of the data files to change, one Chromium, and the
built site."""

from __future__ import annotations

import contextlib
import os
import shutil
import sys
import textwrap
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from hypothesis import settings

pytest_plugins = ["tests.sitebuild"]  # the site, built once and served, for every site test

# The default keeps `make test` quick; HYPOTHESIS_PROFILE=stress digs much deeper before a release.
settings.register_profile("default", max_examples=60, deadline=None)
settings.register_profile("stress", max_examples=3000, deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator

    from playwright.sync_api import Browser


CHROMIUM = Path("/usr/bin/chromium")
"""Debian's Chromium, which `make test` installs (.ci/system-packages); Playwright never downloads a browser here."""


@pytest.fixture(scope="session")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Browser]:
    """One headless Chromium for the whole session, shared by the pdf.js and site tests (Playwright's sync API runs one
    event loop per process, so two session browsers cannot both be open)."""
    sync_api = pytest.importorskip("playwright.sync_api")
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is not installed (make test installs it)")
    home = tmp_path_factory.mktemp("chromium-home")  # Chromium writes to $HOME whatever its profile folder
    env = {**os.environ, "HOME": str(home), "XDG_CONFIG_HOME": str(home / ".config"), "XDG_CACHE_HOME": str(home / ".cache")}
    with sync_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=str(CHROMIUM),
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
            env=env,
        )
        try:
            yield launched
        finally:
            launched.close()


@contextlib.contextmanager
def _environment_kept() -> Iterator[None]:
    before = dict(os.environ)
    yield
    if dict(os.environ) != before:
        os.environ.clear()
        os.environ.update(before)


@pytest.fixture(scope="module", autouse=True)
def _environment_as_each_module_found_it() -> Iterator[None]:
    """Each test file starts from the environment the one before it started with: an in-process Sphinx build sets
    variables (the notebooks' kernel provisioner) that a later file's subprocesses would inherit, whatever order
    pytest-xdist runs the files in."""
    with _environment_kept():
        yield


@pytest.fixture(autouse=True)
def _environment_as_each_test_found_it() -> Iterator[None]:
    with _environment_kept():
        yield


@pytest.fixture(scope="session")
def axe_script() -> Path:
    """axe-core for the browser tests, installed once (tests/axe.py)."""
    from tests import axe

    return axe.axe_script()


@pytest.fixture
def netflix(tmp_path: Path) -> Path:
    """The Netflix case study as a canvas file in tmp_path."""
    from bmckit import canvas_files
    from bmckit.cases import load_case

    path = tmp_path / "netflix.yaml"
    canvas_files.save(load_case("netflix"), path)
    return path


@pytest.fixture
def changed_data(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A copy of bmckit's data folder, read in place of the real one: change a fact in it and see who follows.

    Data files are read once and cached, so every cache of bmckit's loaded modules is emptied before and after."""
    from bmckit import package_data

    copy = tmp_path / "data"
    shutil.copytree(package_data.DATA, copy)
    monkeypatch.setattr(package_data, "DATA", copy)
    forget_what_was_read()
    yield copy
    forget_what_was_read()


@pytest.fixture
def change_fact(changed_data: Path) -> Callable[[str, str, str], None]:
    """Replace the one occurrence of a text in a file of the data copy, e.g. ``change_fact("layout.toml", "a0", "b0")``,
    and forget what was read before, so the next use of the fact reads the changed file."""

    def change(relative: str, old: str, new: str) -> None:
        path = changed_data / relative
        text = path.read_text(encoding="utf-8")
        assert text.count(old) == 1, f"{old!r} is not in {relative} exactly once"
        path.write_text(text.replace(old, new), encoding="utf-8")
        forget_what_was_read()

    return change


def forget_what_was_read() -> None:
    """Empty every ``functools.cache`` of bmckit's loaded modules, so data files are read again."""
    for name, module in list(sys.modules.items()):
        if name == "bmckit" or name.startswith("bmckit."):
            for value in vars(module).values():
                if callable(getattr(value, "cache_clear", None)):
                    value.cache_clear()


@pytest.fixture
def write(tmp_path: Path) -> Callable[..., Path]:
    """Write dedented text to a file in tmp_path and return its path."""

    def _write(text: str, name: str = "canvas.yaml") -> Path:
        path = tmp_path / name
        path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
        return path

    return _write


MINIMAL = """
title: Corner bookshop
segments:
  - id: readers
    name: Local readers
    colour: "#8ecae6"
    market_type: niche
    customer_value: medium
blocks:
  customer_relationships:
    - text: Staff recommend books
      type: personal-assistance
      motivation: retention
      segments: [readers]
  channels:
    - text: The shop
      segments: [readers]
"""
