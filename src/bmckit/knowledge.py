"""The knowledge base: what the site, the notebooks, the templates and the checks all say.

Facts live in ``bmckit/data/knowledge/*.toml``; this module reads each file
once, on first use, into read-only records (named tuples, which cost a
fifth of a frozen dataclass to define), so that one fact stands in one place
and every front end speaks the model's vocabulary. TOML, because the
standard library reads it fifteen times faster than a pure-Python YAML
parser, and every command and notebook reads the knowledge base.
"""

from __future__ import annotations

from functools import cache
from typing import Any, NamedTuple

from bmckit.model import BlockId, CustomerValue, MarketType, Motivation, RelationshipType, Status
from bmckit.package_data import read_data


class Article(NamedTuple):
    """A reference article the project's facts come from."""

    id: str
    title: str
    takes: str = ""
    """What the site takes from it, for the Sources page."""
    also_named: tuple[str, ...] = ()
    """Shorter names the site's prose gives it ("Business Model Canvas: Mastering Customer Relationships")."""

    @property
    def names(self) -> tuple[str, ...]:
        """Every name the site gives the article, its full title first."""
        return (self.title, *self.also_named)


class BlockInfo(NamedTuple):
    """What one building block is for and the questions that fill it."""

    id: BlockId
    title: str
    purpose: str
    questions: tuple[str, ...]
    relationships: str
    """How this block shapes customer relationships."""


class Example(NamedTuple):
    text: str
    article: str
    """Id of the article the example comes from."""


class PoorFit(NamedTuple):
    """A kind of segment a relationship type serves badly, and why."""

    market_types: tuple[MarketType, ...]
    """Market types the rule applies to; empty means any."""
    customer_value: tuple[CustomerValue, ...]
    """Customer values the rule applies to; empty means any."""
    reason: str

    def applies_to(self, market_type: MarketType | None, customer_value: CustomerValue | None) -> bool:
        """True when a segment of this market type and value is a poor fit; unknowns never match."""
        market_ok = not self.market_types or market_type in self.market_types
        value_ok = not self.customer_value or customer_value in self.customer_value
        return market_ok and value_ok


class RelationshipTypeInfo(NamedTuple):
    """One of the six relationship types, with what it costs and whom it suits."""

    id: RelationshipType
    name: str
    short: str
    """The name as a note's label, where space is short: the name's own words, some left out, in the same order
    ("Dedicated assistance" for "Dedicated personal assistance"), never other words, so a reader meets one name per type."""
    definition: str
    personal_contact: str
    cost_to_serve: str
    scalability: str
    suits_market_types: tuple[MarketType, ...]
    suits_customer_value: tuple[CustomerValue, ...]
    suits_summary: str
    risks: tuple[str, ...]
    examples: tuple[Example, ...]
    poor_fits: tuple[PoorFit, ...]


class MotivationInfo(NamedTuple):
    id: Motivation
    name: str
    short: str
    """The name where space is short, its own words shortened as a relationship type's ("Retention" for
    "Customer retention"); a table cell or a note's label uses it."""
    stage: str
    question: str
    definition: str
    tactics: tuple[str, ...]


class Variable(NamedTuple):
    symbol: str
    meaning: str


class ExampleInput(NamedTuple):
    """One input of a worked example: the variable it fills, its value and that value's unit."""

    symbol: str
    value: float
    unit: str = ""


class WorkedExample(NamedTuple):
    """Figures from a short scenario for a metric's formula; :func:`bmckit.economics.example_result` works it out."""

    scenario: str
    inputs: tuple[ExampleInput, ...]


class Metric(NamedTuple):
    """A way to measure a relationship, with its formula."""

    id: str
    abbreviation: str
    name: str
    definition: str
    formula: str
    variables: tuple[Variable, ...]
    unit: str
    range: str
    higher_is_better: bool
    note: str
    example: WorkedExample | None = None
    also_called: tuple[str, ...] = ()
    """Other names people write for it ("churn", "LTV"), so a canvas that names it is recognised."""
    tex: str | None = None
    """The formula in TeX, for typesetting it as mathematics; ``formula`` stays its plain-text form."""


class Statistic(NamedTuple):
    """A cited figure in the articles' own words, attributed as they give it."""

    id: str
    claim: str
    source: str
    articles: tuple[str, ...]
    """Ids of every article that gives the figure."""
    topic: str
    reference: str = ""


class MarketRow(NamedTuple):
    segment: str
    share_percent: float
    revenue_usd_billion: float


class MarketDimension(NamedTuple):
    name: str
    rows: tuple[MarketRow, ...]


class CrmMarket(NamedTuple):
    """The CRM market table as one reference article reports it."""

    source: str
    article: str
    year: int
    market_size_usd_billion: float
    cagr_percent: float
    forecast_period: str
    summary: str
    dimensions: tuple[MarketDimension, ...]


@cache
def _read(name: str) -> Any:
    import tomllib

    text = read_data(f"knowledge/{name}.toml")
    return tomllib.loads(text)[name]


@cache
def articles() -> tuple[Article, ...]:
    return tuple(
        Article(id=a["id"], title=a["title"], takes=a.get("takes", ""), also_named=tuple(a.get("also_named", ())))
        for a in _read("articles")
    )


@cache
def blocks() -> tuple[BlockInfo, ...]:
    """The nine blocks, in canvas order."""
    return tuple(
        BlockInfo(
            id=BlockId(b["id"]),
            title=b["title"],
            purpose=b["purpose"],
            questions=tuple(b["questions"]),
            relationships=b["relationships"],
        )
        for b in _read("blocks")
    )


def block(block_id: BlockId | str) -> BlockInfo:
    return next(b for b in blocks() if b.id == BlockId(block_id))


@cache
def relationship_types() -> tuple[RelationshipTypeInfo, ...]:
    """The six relationship types, from most to least personal."""
    return tuple(_relationship_type(t) for t in _read("relationship_types"))


def relationship_type(type_id: RelationshipType | str) -> RelationshipTypeInfo:
    return next(t for t in relationship_types() if t.id == RelationshipType(type_id))


def _relationship_type(raw: dict[str, Any]) -> RelationshipTypeInfo:
    suits = raw["suits"]
    return RelationshipTypeInfo(
        id=RelationshipType(raw["id"]),
        name=raw["name"],
        short=raw["short"],
        definition=raw["definition"],
        personal_contact=raw["personal_contact"],
        cost_to_serve=raw["cost_to_serve"],
        scalability=raw["scalability"],
        suits_market_types=tuple(MarketType(m) for m in suits["market_types"]),
        suits_customer_value=tuple(CustomerValue(v) for v in suits["customer_value"]),
        suits_summary=suits["summary"],
        risks=tuple(raw["risks"]),
        examples=tuple(Example(text=e["text"], article=e["article"]) for e in raw["examples"]),
        poor_fits=tuple(
            PoorFit(
                market_types=tuple(MarketType(m) for m in rule.get("market_types", ())),
                customer_value=tuple(CustomerValue(v) for v in rule.get("customer_value", ())),
                reason=rule["reason"],
            )
            for rule in raw["poor_fits"] or ()
        ),
    )


@cache
def motivations() -> tuple[MotivationInfo, ...]:
    return tuple(
        MotivationInfo(
            id=Motivation(m["id"]),
            name=m["name"],
            short=m["short"],
            stage=m["stage"],
            question=m["question"],
            definition=m["definition"],
            tactics=tuple(m["tactics"]),
        )
        for m in _read("motivations")
    )


def motivation(motivation_id: Motivation | str) -> MotivationInfo:
    return next(m for m in motivations() if m.id == Motivation(motivation_id))


@cache
def metrics() -> tuple[Metric, ...]:
    return tuple(
        Metric(
            id=m["id"],
            abbreviation=m["abbreviation"],
            name=m["name"],
            definition=m["definition"],
            formula=m["formula"],
            variables=tuple(Variable(symbol=v["symbol"], meaning=v["meaning"]) for v in m["variables"]),
            unit=m["unit"],
            range=m["range"],
            higher_is_better=bool(m["higher_is_better"]),
            note=m["note"],
            example=_worked_example(m["example"]) if "example" in m else None,
            also_called=tuple(m.get("also_called", ())),
            tex=m.get("tex"),
        )
        for m in _read("metrics")
    )


def metric(metric_id: str) -> Metric:
    return next(m for m in metrics() if m.id == metric_id)


def _worked_example(raw: dict[str, Any]) -> WorkedExample:
    return WorkedExample(
        scenario=raw["scenario"],
        inputs=tuple(ExampleInput(symbol=i["symbol"], value=float(i["value"]), unit=i.get("unit", "")) for i in raw["inputs"]),
    )


def format_value(value: float, unit: str) -> str:
    """A figure as a page shows it: ``£1,350``, ``90%``, ``7.4``, ``10 months``."""
    number = f"{value:,.0f}" if float(value).is_integer() else f"{value:,.2f}".rstrip("0").rstrip(".")
    if unit == "currency":
        return f"£{value:,.0f}" if float(value).is_integer() else f"£{value:,.2f}"
    if unit == "percent":
        return f"{number}%"
    if unit == "ratio":
        return f"{number}:1"
    if unit in ("months", "years"):
        return f"{number} {unit[:-1] if value == 1 else unit}"
    return number


@cache
def statistics() -> tuple[Statistic, ...]:
    return tuple(
        Statistic(
            id=s["id"],
            claim=s["claim"],
            source=s["source"],
            articles=tuple(s["articles"]),
            topic=s["topic"],
            reference=s.get("reference", ""),
        )
        for s in _read("statistics")
    )


@cache
def crm_market() -> CrmMarket:
    raw = _read("crm_market")
    return CrmMarket(
        source=raw["source"],
        article=raw["article"],
        year=int(raw["year"]),
        market_size_usd_billion=float(raw["market_size_usd_billion"]),
        cagr_percent=float(raw["cagr_percent"]),
        forecast_period=str(raw["forecast_period"]),
        summary=raw["summary"],
        dimensions=tuple(
            MarketDimension(
                name=d["name"],
                rows=tuple(
                    MarketRow(
                        segment=r["segment"], share_percent=float(r["share_percent"]), revenue_usd_billion=float(r["revenue_usd_billion"])
                    )
                    for r in d["rows"]
                ),
            )
            for d in raw["dimensions"]
        ),
    )


def source_text(source: str, status: Status | None = None) -> str:
    """A note's source as a reader sees it: an article's title for its id, else the citation as written."""
    if not source:
        return "Not given" + (": an interpretation made for this case" if status == Status.HYPOTHESIS else "")
    return _article_titles().get(source, source)


@cache
def _article_titles() -> dict[str, str]:
    return {a.id: a.title for a in articles()}
