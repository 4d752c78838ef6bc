"""Where this site explains what a canvas shows: each block's page, each relationship type's page, each motivation.

The canvas figure, the phone's cards and the map on the home page all link
through here, so a page moved is changed in one place.
"""

from __future__ import annotations

BLOCK_PAGES = "canvas"
TYPE_PAGES = "relationships"
MOTIVATIONS_PAGE = "relationships/motivations"


def block_page(block: str) -> str:
    """The docname of a block's page: ``customer_relationships`` is ``canvas/customer-relationships``."""
    return f"{BLOCK_PAGES}/{block.replace('_', '-')}"


def type_page(relationship_type: str) -> str:
    """The docname of a relationship type's page: ``self-service`` is ``relationships/self-service``."""
    return f"{TYPE_PAGES}/{relationship_type.replace('_', '-')}"


def motivation_anchor(motivation: str) -> str:
    """The id, on :data:`MOTIVATIONS_PAGE`, of a motivation's section: ``motivation-retention``."""
    return f"motivation-{motivation}"
