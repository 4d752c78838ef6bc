"""The canvas as data: one vocabulary that every other module speaks.

A :class:`Canvas` holds a header, the customer segments it is designed for and
the nine building blocks, each a tuple of :class:`Item`. The classes are
frozen dataclasses so that a canvas can be compared, hashed into caches and
passed between the renderers, the checks and the widgets without anyone
changing it behind another's back; "editing" makes a new canvas with
:func:`dataclasses.replace`.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Iterator, Mapping


class BlockId(enum.StrEnum):
    """The nine building blocks, in the order a canvas is read and written."""

    KEY_PARTNERSHIPS = "key_partnerships"
    """The partners and suppliers the business relies on."""
    KEY_ACTIVITIES = "key_activities"
    """What the business must do well for its model to work."""
    KEY_RESOURCES = "key_resources"
    """The assets the model needs: physical, intellectual, human, financial."""
    VALUE_PROPOSITIONS = "value_propositions"
    """Why customers choose this business over another."""
    CUSTOMER_RELATIONSHIPS = "customer_relationships"
    """How the business gets, keeps and grows its customers."""
    CHANNELS = "channels"
    """How the business reaches, sells to and delivers to its customers."""
    CUSTOMER_SEGMENTS = "customer_segments"
    """The groups of people or organisations the business serves."""
    COST_STRUCTURE = "cost_structure"
    """What running the model costs."""
    REVENUE_STREAMS = "revenue_streams"
    """How the business earns money from each segment."""


class RelationshipType(enum.StrEnum):
    """The six kinds of customer relationship."""

    PERSONAL_ASSISTANCE = "personal-assistance"
    """People help customers during and after the sale."""
    DEDICATED_PERSONAL_ASSISTANCE = "dedicated-personal-assistance"
    """One named person looks after each customer over time."""
    SELF_SERVICE = "self-service"
    """Customers help themselves with what the business provides."""
    AUTOMATED_SERVICES = "automated-services"
    """Self-service made personal by software that knows the customer."""
    COMMUNITIES = "communities"
    """Customers help each other in a space the business runs."""
    CO_CREATION = "co-creation"
    """Customers help make the product: reviews, designs, content."""


class Motivation(enum.StrEnum):
    """Why a relationship exists."""

    ACQUISITION = "acquisition"
    """To win new customers."""
    RETENTION = "retention"
    """To keep the customers the business has."""
    EXPANSION = "expansion"
    """To sell more to existing customers."""


class Status(enum.StrEnum):
    """How sure the canvas's author is of an item."""

    HYPOTHESIS = "hypothesis"
    """An assumption not yet tested with customers."""
    VALIDATED = "validated"
    """Tested and confirmed."""


class MarketType(enum.StrEnum):
    """The kind of market a customer segment forms."""

    MASS = "mass"
    """One large group with broadly similar needs."""
    NICHE = "niche"
    """A small, specialised group."""
    SEGMENTED = "segmented"
    """Groups with slightly different needs and problems."""
    DIVERSIFIED = "diversified"
    """Unrelated groups with very different needs."""
    MULTI_SIDED = "multi-sided"
    """Two or more interdependent groups, as on a platform."""


class CustomerValue(enum.StrEnum):
    """What one customer of a segment is worth to the business."""

    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"


@dataclass(frozen=True)
class Segment:
    """A customer segment, declared once and referred to by its id."""

    id: str
    """Short lower-case name used by items to say whom they serve."""
    name: str
    """The name readers see."""
    colour: str | None = None
    """Colour of the segment's notes as the file gave it (``#rrggbb``, ``#rgb`` or a CSS name), or None for one from the palette."""
    market_type: MarketType | None = None
    """The kind of market the segment forms, if stated."""
    customer_value: CustomerValue | None = None
    """What one customer is worth, if stated."""


@dataclass(frozen=True)
class Item:
    """One note on the canvas."""

    text: str
    """What the note says."""
    segments: tuple[str, ...] = ()
    """Ids of the segments the item serves; none means every segment."""
    status: Status | None = None
    """Hypothesis or validated, if stated."""
    type: RelationshipType | None = None
    """For a customer-relationships item: the kind of relationship."""
    motivation: Motivation | None = None
    """For a customer-relationships item: why the relationship exists."""
    source: str = ""
    """Where the item comes from: an article's id (``bmc-example``) or a short citation of a public source; empty if not stated."""

    @property
    def is_plain(self) -> bool:
        """True when the item is only text, so it can be written as a plain string."""
        return not (self.segments or self.status or self.type or self.motivation or self.source)

    def serves(self, segment_id: str) -> bool:
        """True when the item serves the segment, explicitly or by serving everyone."""
        return not self.segments or segment_id in self.segments


@dataclass(frozen=True)
class Header:
    """What stands above the canvas."""

    title: str
    designed_for: str = ""
    designed_by: str = ""
    date: str = ""
    version: str = ""
    notes: str = ""
    """Free text: sources, assumptions, open questions."""


def _empty_blocks() -> dict[BlockId, tuple[Item, ...]]:
    return {block: () for block in BlockId}


@dataclass(frozen=True)
class Canvas:
    """A Business Model Canvas: a header, its segments and the nine blocks."""

    header: Header
    segments: tuple[Segment, ...] = ()
    blocks: Mapping[BlockId, tuple[Item, ...]] = field(default_factory=_empty_blocks)

    def __post_init__(self) -> None:
        # Every block is always present, in canonical order, so callers never
        # need to guard against a missing key.
        given = dict(self.blocks)
        unknown = set(given) - set(BlockId)
        if unknown:
            raise ValueError(f"unknown blocks: {sorted(map(str, unknown))}")
        ordered = {block: tuple(given.get(block, ())) for block in BlockId}
        object.__setattr__(self, "blocks", _FrozenBlocks(ordered))

    @property
    def title(self) -> str:
        return self.header.title

    def items(self, block: BlockId | str) -> tuple[Item, ...]:
        """The items of one block."""
        return self.blocks[block if isinstance(block, BlockId) else BlockId(block)]

    def all_items(self) -> Iterator[tuple[BlockId, int, Item]]:
        """Every item with its block and its position in the block."""
        for block, items in self.blocks.items():
            for index, item in enumerate(items):
                yield block, index, item

    def segment(self, segment_id: str) -> Segment | None:
        """The declared segment with this id, or None."""
        return next((s for s in self.segments if s.id == segment_id), None)


class _FrozenBlocks(dict[BlockId, tuple[Item, ...]]):
    """A read-only, hashable mapping so that a Canvas stays immutable and hashable."""

    def __hash__(self) -> int:  # type: ignore[override]
        return hash(tuple(self.items()))

    def _refuse(self, *args: object, **kwargs: object) -> None:
        raise TypeError("a canvas's blocks cannot be changed; use dataclasses.replace")

    __setitem__ = __delitem__ = clear = pop = popitem = setdefault = update = _refuse  # type: ignore[assignment]
