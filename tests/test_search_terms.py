"""The search keywords each page gains: other spellings of what it says, never words from its drawings' markup."""

from __future__ import annotations

from docutils import nodes

from bmckit.sphinxext.search_terms import page_keywords

SVG = '<svg aria-describedby="bmc-desc" data-source="x"><g class="note" data-segments="a"><text font-size="9">Hi</text></g></svg>'


def test_a_pages_keywords_come_from_its_words_not_from_the_markup_of_its_canvas() -> None:
    page = nodes.section(
        "",
        nodes.paragraph("", "Customers shape the product through co-creation and self-service."),
        nodes.raw("", SVG, format="html"),
    )
    words = page_keywords(page)
    assert "cocreation" in words
    assert "selfservice" in words
    assert not {"ariadescribedby", "bmcdesc", "datasource", "datasegments", "fontsize"} & set(words)
