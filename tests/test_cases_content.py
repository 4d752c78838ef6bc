"""The case studies agree with the site's own definitions and say where each note comes from; figures are quoted as
the articles give them, and the sums that use them say what they show and no more."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from bmckit import canvas_files, knowledge, teaching
from bmckit.cases import CASE_NAMES, load_case
from bmckit.model import BlockId, Item, Motivation, RelationshipType, Status
from bmckit.sphinxext.comparison import relationship_rows, source_node, source_rows, source_text, type_uses

ROOT = Path(__file__).parent.parent
ARTICLES = {a.id for a in knowledge.articles()}
PUBLIC = re.compile(r"^[^:]+(: https?://\S+)?$")


def notes(case: str) -> list[tuple[BlockId, Item]]:
    canvas = load_case(case)
    return [(block, item) for block, items in canvas.blocks.items() for item in items]


def relationship(case: str, words: str) -> Item:
    return next(i for i in load_case(case).blocks[BlockId.CUSTOMER_RELATIONSHIPS] if words in i.text)


@pytest.mark.parametrize("case", CASE_NAMES)
def test_every_validated_note_and_every_relationship_says_where_it_comes_from(case: str) -> None:
    for block, item in notes(case):
        if item.status == Status.VALIDATED or block == BlockId.CUSTOMER_RELATIONSHIPS:
            assert item.source or item.status == Status.HYPOTHESIS, f"{case}: {item.text!r} is validated without a source"
        if item.source and item.source not in ARTICLES:
            assert PUBLIC.match(item.source), f"{case}: {item.source!r} is neither an article id nor 'Who, what: address'"
            assert not re.fullmatch(r"[a-z]+(-[a-z]+)+", item.source), f"{case}: {item.source!r} looks like a mistyped article id"


@pytest.mark.parametrize(
    ("case", "words"),
    [
        ("netflix", "live chat"),
        ("netflix", "ad-supported plan"),
        ("netflix", "Extra-member fees"),
        ("apple", "Developer Program membership fees"),
        ("apple", "Commission on App Store"),
    ],
)
def test_public_facts_marked_validated_name_their_public_source(case: str, words: str) -> None:
    item = next(i for _, i in notes(case) if words in i.text)
    assert item.status == Status.VALIDATED
    assert re.search(r": https://[a-z.]+\.(com|apple\.com)/?", item.source), item.source


def test_the_notes_the_definitions_ruled_out_are_filed_as_the_site_defines_the_types() -> None:
    # A community is a space the business runs or supports: customers telling friends is word of mouth, not one,
    # and a launch event is a channel.
    for case in CASE_NAMES:
        for item in load_case(case).blocks[BlockId.CUSTOMER_RELATIONSHIPS]:
            if item.type == RelationshipType.COMMUNITIES:
                assert not re.search(r"recommend|launch event|friends", item.text, re.IGNORECASE), (case, item.text)
    # Personal assistance is help from a member of staff; a perk given by order history is not.
    perks = relationship("zappos", "Surprise perks")
    assert perks.type == RelationshipType.AUTOMATED_SERVICES
    assert perks.status == Status.HYPOTHESIS
    zappos_channels = [i.text for i in load_case("zappos").blocks[BlockId.CHANNELS]]
    assert any("Word of mouth" in text for text in zappos_channels)


def test_the_generated_lesson_speaks_of_these_cases_and_agrees_with_the_motivations_page() -> None:
    uses = dict(type_uses(CASE_NAMES))
    personal = dict(uses["Personal assistance"])
    assert personal["Acquisition"] == ["Apple"], "personal assistance wins customers at Apple's stores, as in the laptop store"
    page = (ROOT / "docs" / "cases" / "comparison.md").read_text(encoding="utf-8")
    assert "never used to win" not in page
    assert "{case-type-uses}" in page
    assert "these five canvases" in page
    assert "not businesses in" in page
    motivations = (ROOT / "docs" / "relationships" / "motivations.md").read_text(encoding="utf-8")
    assert re.search(r"Winning customers.*personal assistance", motivations, re.DOTALL)


def test_a_source_is_shown_as_an_articles_title_or_as_a_citation_with_a_link() -> None:
    assert source_text("bmc-example") == "Customer Relationship BMC Example"
    cell = source_node("Apple Support: https://support.apple.com")
    assert cell.astext() == "Apple Support: https://support.apple.com"
    assert [r["refuri"] for r in cell.findall(lambda n: "refuri" in getattr(n, "attributes", {}))] == ["https://support.apple.com"]
    assert source_text("").startswith("Not given")


def test_a_notes_source_survives_the_file_and_is_written_last() -> None:
    canvas = load_case("netflix")
    again = canvas_files.loads(canvas_files.dumps(canvas))
    assert again == canvas
    text = canvas_files.dumps(canvas)
    assert "      status: validated\n      source: 'Netflix Help Center, Plans and pricing: https://help.netflix.com'" in text
    one = canvas_files.loads("title: T\nblocks:\n  channels:\n    - text: Shop\n      source: seven-ways\n")
    assert one.blocks[BlockId.CHANNELS][0].source == "seven-ways"
    assert not Item("Shop", source="seven-ways").is_plain


def test_a_source_must_be_text() -> None:
    with pytest.raises(canvas_files.CanvasFileError, match=r"blocks\.channels\[0\]\.source: expected text"):
        canvas_files.loads("title: T\nblocks:\n  channels:\n    - text: Shop\n      source: 3\n")


# Figures quoted as the sources give them --------------------------------------------------------------------------


def test_bain_is_cited_by_both_articles_that_give_it_in_their_words() -> None:
    bain = next(s for s in knowledge.statistics() if s.source == "Bain & Company")
    assert bain.articles == ("bmc-example", "business-model-cr")
    assert bain.claim == "Increasing customer retention rates by 5% can increase profits by 25% to 95%."
    salesforce = next(s for s in knowledge.statistics() if s.source == "Salesforce")
    assert "expect companies to understand their needs and expectations" in salesforce.claim
    assert "grasp" not in salesforce.claim


def test_the_retention_sums_say_what_they_show_and_no_more() -> None:
    exercise = next(e for e in teaching.exercises() if e.id == "compute-meal-kit-retention")
    solution = " ".join(exercise.solution.split())
    assert "mechanism" not in solution
    assert "What it does not show" in solution
    assert "percentage points" in solution
    assert "five per cent of the rate" in solution
    notebook = json.loads((ROOT / "notebooks" / "04-economics.ipynb").read_text(encoding="utf-8"))
    markdown = " ".join("".join(c["source"]) for c in notebook["cells"] if c["cell_type"] == "markdown")
    markdown = " ".join(markdown.split())
    assert "mechanism" not in markdown
    assert "It does not test or explain Bain's figure" in markdown
    assert "increasing customer retention rates by 5% can increase profits by 25% to 95%" in markdown


def test_upselling_is_a_tactic_of_expansion_not_another_name_for_it() -> None:
    expansion = knowledge.motivation(Motivation.EXPANSION)
    assert "upsell" not in expansion.definition.lower()
    assert any(t.startswith("Upsell") for t in expansion.tactics)
    glossary = (ROOT / "docs" / "glossary.md").read_text(encoding="utf-8").lower()
    assert "upsell" not in glossary


def test_the_quiz_on_communities_counts_the_cases_as_their_files_do() -> None:
    without = {load_case(n).title for n in CASE_NAMES} - {
        load_case(n).title
        for n in CASE_NAMES
        if any(i.type == RelationshipType.COMMUNITIES for i in load_case(n).blocks[BlockId.CUSTOMER_RELATIONSHIPS])
    }
    question = next(q for quiz in teaching.quizzes() for q in quiz.questions if q.id == "cases-no-community")
    words = {"Three": 3, "Four": 4}
    assert words[question.text.split()[0]] == len(CASE_NAMES) - len(without)
    assert {o.text for o in question.options if o.correct} == {o.text for o in question.options} & without


def test_the_exercises_describe_the_case_notes_as_filed() -> None:
    solution = teaching.exercise("compare-starbucks-apple").solution
    assert "launch events and in-store sessions" not in solution
    assert "Neither uses personal assistance to win customers" not in solution
    prompt = teaching.exercise("critique-zappos").prompt
    assert "A first draft" in prompt
    assert not any("recommending Zappos" in i.text for _, i in notes("zappos"))


def test_the_comparisons_own_words_match_what_the_cases_do() -> None:
    uses = dict(type_uses(CASE_NAMES))
    helped = {
        case for kind in ("Co-creation", "Communities") for motivation, where in uses[kind] if motivation == "Acquisition" for case in where
    }
    page = (ROOT / "docs" / "cases" / "comparison.md").read_text(encoding="utf-8")
    assert "Customers help win customers in every case but Apple" in page
    assert helped == {load_case(n).title for n in CASE_NAMES} - {"Apple"}


@pytest.mark.parametrize("case", CASE_NAMES)
def test_the_case_page_says_where_every_note_comes_from(case: str) -> None:
    canvas = load_case(case)
    shown = [(row[1], row[3].astext()) for row in source_rows(canvas)]
    shown += [(row[0].children[0].astext(), row[0].children[1].astext().removeprefix(". Source: ")) for row in relationship_rows(canvas)]
    expected = [(i.text, source_text(i.source, i.status)) for _, i in notes(case)]
    assert sorted(shown) == sorted(expected)
    for _, said in shown:
        assert said.strip()
    titles = {a.title for a in knowledge.articles()}
    assert any(said in titles for _, said in shown), "article ids are shown as the articles' titles"
