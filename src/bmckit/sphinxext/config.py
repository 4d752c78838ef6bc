"""The extension's settings, declared once: each field is a ``bmc_<name>`` value in ``conf.py``."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from sphinx.errors import ConfigError

if TYPE_CHECKING:
    from collections.abc import Callable

    from sphinx.application import Sphinx
    from sphinx.config import Config

PREFIX = "bmc_"


def _papers() -> tuple[str, ...]:
    from bmckit.layout import paper_sizes

    return paper_sizes()


def _one_paper(value: Any) -> str | None:
    if not isinstance(value, str) or value.lower() not in _papers():
        return f"must be one of {', '.join(_papers())}"
    return None


def _some_papers(value: Any) -> str | None:
    if not isinstance(value, (list, tuple)) or not value or any(_one_paper(v) for v in value):
        return f"must be a non-empty list drawn from {', '.join(_papers())}"
    return None


def _flag(value: Any) -> str | None:
    return None if isinstance(value, bool) else "must be True or False"


def _edition(value: Any) -> str | None:
    return None if value in EDITIONS else f"must be one of {', '.join(EDITIONS)}"


EDITIONS = ("teacher", "student")


def _text(value: Any) -> str | None:
    return None if isinstance(value, str) else "must be a string"


def _web_address(value: Any) -> str | None:
    return None if isinstance(value, str) and value.startswith(("https://", "http://")) else "must be a web address (https://…)"


def _repository(value: Any) -> str | None:
    if _web_address(value) or value.rstrip("/").count("/") < 4:
        return "must be a repository's web address, such as https://github.com/owner/name"
    return None


def _name(value: Any) -> str | None:
    return None if isinstance(value, str) and value.strip() and " " not in value else "must be a branch or tag name"


@dataclass(frozen=True)
class BmcConfig:
    """Every ``bmc_*`` setting, with its default, its check and what it does."""

    paper: str = field(
        default="a4",
        metadata={"check": _one_paper, "help": "Paper of the case studies' PDFs and the default of the canvas directive's :paper:."},
    )
    template_papers: tuple[str, ...] = field(
        default_factory=_papers,
        metadata={"check": _some_papers, "help": "Paper sizes of the blank templates under templates/ (default: every paper size)."},
    )
    downloads: bool = field(
        default=True,
        metadata={"check": _flag, "help": "Write the templates and case-study downloads into the site at their stable URLs."},
    )
    edition: str = field(
        default="teacher",
        metadata={
            "check": _edition,
            "help": "teacher: exercises with their worked solutions (closed until opened); student: no solution in any page or "
            "download, for teachers who grade the exercises.",
        },
    )

    lite_dir: str = field(
        default="",
        metadata={
            "check": _text,
            "help": "The folder (from conf.py's) with the browser's wheels and JupyterLite's settings; empty: no notebooks in the browser.",
        },
    )
    lite_notebooks: str = field(
        default="notebooks",
        metadata={"check": _text, "help": "The folder (from conf.py's) of the notebooks to run in the browser."},
    )

    repository: str = field(
        default="https://github.com/bmckit/bmckit",
        metadata={"check": _repository, "help": "The public repository the notebooks' Binder and Colab links open."},
    )
    branch: str = field(default="main", metadata={"check": _name, "help": "The branch (or tag) of the repository those links open."})
    binderhub: str = field(
        default="https://mybinder.org",
        metadata={"check": _web_address, "help": "The BinderHub that launches the notebooks."},
    )

    @classmethod
    def from_sphinx(cls, config: Config) -> BmcConfig:
        values = {f.name: getattr(config, PREFIX + f.name) for f in dataclasses.fields(cls)}
        values["paper"] = values["paper"].lower()
        values["template_papers"] = tuple(p.lower() for p in values["template_papers"])
        return cls(**values)


def setup_config(app: Sphinx) -> None:
    """Register each field as ``bmc_<name>`` and check the values once the configuration is read."""
    for spec in dataclasses.fields(BmcConfig):
        default = _default(spec)
        types = (list, tuple) if isinstance(default, tuple) else (type(default),)
        app.add_config_value(PREFIX + spec.name, default, "env", types=types, description=spec.metadata["help"])
    app.connect("config-inited", validate_config)


def _default(spec: dataclasses.Field[Any]) -> Any:
    """A setting's default, made by its factory where it has one (as the paper sizes, read from layout.toml)."""
    if spec.default_factory is not dataclasses.MISSING:
        return spec.default_factory()
    return spec.default


def validate_config(app: Sphinx, config: Config) -> None:
    problems = []
    for spec in dataclasses.fields(BmcConfig):
        check: Callable[[Any], str | None] = spec.metadata["check"]
        problem = check(getattr(config, PREFIX + spec.name))
        if problem:
            problems.append(f"{PREFIX}{spec.name} {problem}")
    if problems:
        raise ConfigError("; ".join(problems))


def bmc_config(config: Config) -> BmcConfig:
    return BmcConfig.from_sphinx(config)
