"""Consistency checks: one test per rule, and the case studies pass them all."""

from __future__ import annotations

import pytest

from bmckit.cases import CASE_NAMES, load_case
from bmckit.check import check
from bmckit.model import BlockId, Canvas, CustomerValue, Header, Item, MarketType, RelationshipType, Segment

SHOPPERS = Segment("shoppers", "Shoppers", "#8ecae6", MarketType.MASS, CustomerValue.LOW)
CLIENTS = Segment("clients", "Private clients", "#ffd166", MarketType.NICHE, CustomerValue.HIGH)


def canvas(segments: tuple[Segment, ...], **blocks: tuple[Item, ...]) -> Canvas:
    return Canvas(Header("Test"), segments, {BlockId(name): items for name, items in blocks.items()})


def rules(c: Canvas) -> list[str]:
    return [f.rule for f in check(c)]


@pytest.mark.parametrize("name", CASE_NAMES)
def test_case_studies_are_consistent(name: str) -> None:
    assert check(load_case(name)) == []


def test_a_well_served_segment_has_no_findings() -> None:
    c = canvas(
        (SHOPPERS,),
        customer_relationships=(Item("FAQ", ("shoppers",), type=RelationshipType.SELF_SERVICE),),
        channels=(Item("Web shop", ("shoppers",)),),
    )
    assert check(c) == []


def test_orphan_segment() -> None:
    (finding,) = check(canvas((SHOPPERS,), channels=(Item("Web shop"),)))
    assert finding.rule == "orphan-segment"
    assert finding.block is BlockId.CUSTOMER_SEGMENTS
    assert "'shoppers' (Shoppers) is declared but no item refers to it" in str(finding)


def test_segment_without_relationship_or_channel() -> None:
    c = canvas((SHOPPERS, CLIENTS), value_propositions=(Item("Low prices", ("shoppers",)), Item("Advice", ("clients",))))
    assert rules(c) == ["segment-without-relationship", "segment-without-channel"] * 2
    assert str(check(c)[1]) == (
        "channels: no channel serves segment 'shoppers' (Shoppers); add a channels note tagged with it [segment-without-channel]"
    )


def test_untagged_items_serve_every_segment() -> None:
    c = canvas(
        (SHOPPERS,),
        value_propositions=(Item("Low prices", ("shoppers",)),),
        customer_relationships=(Item("Help pages", type=RelationshipType.SELF_SERVICE),),
        channels=(Item("Web shop"),),
    )
    assert check(c) == []


def test_undeclared_segment_reference() -> None:
    (finding,) = check(canvas((), channels=(Item("Catalogue", ("retirees",)),)))
    assert (finding.rule, finding.block, finding.index) == ("undeclared-segment", BlockId.CHANNELS, 0)
    assert str(finding) == "channels[0] 'Catalogue': refers to segment 'retirees', which is not declared [undeclared-segment]"


def test_relationship_without_type() -> None:
    (finding,) = check(canvas((), customer_relationships=(Item("Friendly staff"),)))
    assert (finding.rule, finding.index, finding.item) == ("relationship-without-type", 0, "Friendly staff")


def test_poor_fit_flagged_with_the_knowledge_base_reason() -> None:
    from bmckit import knowledge

    item = Item("A personal banker for every shopper", ("shoppers",), type=RelationshipType.DEDICATED_PERSONAL_ASSISTANCE)
    c = canvas((SHOPPERS,), customer_relationships=(item,), channels=(Item("Branches", ("shoppers",)),))
    (finding,) = check(c)
    assert finding.rule == "poor-fit"
    reasons = [r.reason for r in knowledge.relationship_type(item.type).poor_fits if r.applies_to(MarketType.MASS, CustomerValue.LOW)]
    assert reasons
    assert reasons[0] in finding.message
    assert "(mass market, low value)" in finding.message


def test_the_same_type_fits_a_high_value_niche() -> None:
    item = Item("A personal banker", ("clients",), type=RelationshipType.DEDICATED_PERSONAL_ASSISTANCE)
    c = canvas((CLIENTS,), customer_relationships=(item,), channels=(Item("Private office", ("clients",)),))
    assert check(c) == []


def test_segment_of_unknown_market_is_never_flagged() -> None:
    vague = Segment("people", "People", "#cccccc")
    item = Item("A personal banker", ("people",), type=RelationshipType.DEDICATED_PERSONAL_ASSISTANCE)
    assert check(canvas((vague,), customer_relationships=(item,), channels=(Item("Office", ("people",)),))) == []
