"""The options of the editor's drop-downs, in the knowledge base's words.

Each list starts with "not stated" (``None``), so an item or a segment that
states nothing keeps stating nothing after a round trip through the editor.
"""

from __future__ import annotations

from typing import Any

import ipywidgets as widgets
from ipywidgets.widgets.widget_description import DescriptionStyle  # not re-exported at the top

from bmckit import knowledge
from bmckit.model import CustomerValue, MarketType, Status

Options = list[tuple[str, object]]

NOT_STATED = "not stated"
LABELLED = {"description_width": "initial"}
"""Labels as wide as their words: every drop-down says what it chooses, for sighted and screen-reader users alike."""
_DROPDOWN_STYLE = DescriptionStyle(**LABELLED)
"""``LABELLED`` as one style widget that every drop-down shares, rather than one for each."""


def relationship_types() -> Options:
    return [(NOT_STATED, None), *((info.name, info.id) for info in knowledge.relationship_types())]


def motivations() -> Options:
    return [(NOT_STATED, None), *((info.name, info.id) for info in knowledge.motivations())]


def statuses() -> Options:
    return [(NOT_STATED, None), *((status.value.capitalize(), status) for status in Status)]


def market_types() -> Options:
    return [(NOT_STATED, None), *((kind.value.replace("-", " ").capitalize(), kind) for kind in MarketType)]


def customer_values() -> Options:
    return [(NOT_STATED, None), *((f"{value.value.capitalize()} value", value) for value in CustomerValue)]


def dropdown(description: str, options: Options, value: object, **kwargs: Any) -> widgets.Dropdown:
    """A labelled drop-down showing ``value``; "not stated" (``None``) shows its label rather than an empty box."""
    index = next((i for i, (_, option) in enumerate(options) if option == value), None)
    if index is None:
        raise ValueError(f"{value!r} is not one of {[option for _, option in options]}")
    return widgets.Dropdown(description=description, options=options, index=index, style=_DROPDOWN_STYLE, **kwargs)


def select(dropdown: widgets.Dropdown, value: object) -> None:
    """Show ``value`` in a drop-down made by :func:`dropdown` ("not stated" included)."""
    dropdown.index = next(i for i, option in enumerate(dropdown.options) if (option[1] if isinstance(option, tuple) else option) == value)
