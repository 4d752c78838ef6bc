"""``bmckit advise FILE``: for each segment of a canvas, the six relationship types ranked, with the reasons for each."""

from __future__ import annotations

import json
import sys
from typing import TYPE_CHECKING

from bmckit.cli.errors import OK, UserError
from bmckit.cli.reading import read_canvas

if TYPE_CHECKING:
    import argparse

    from bmckit.advice import Ranked

CLOSING = "The ranking explains; you decide. Add the relationships you choose to the canvas's Customer Relationships block."


def run_advise(args: argparse.Namespace) -> int:
    from bmckit import advice

    canvas = read_canvas(args.file)
    answers = advice.Answers(contact=args.contact, complexity=args.complexity, budget=args.budget)
    segments = canvas.segments
    if args.segment:
        chosen = canvas.segment(args.segment)
        if chosen is None:
            declared = ", ".join(s.id for s in segments) or "none"
            raise UserError(f"{args.file}: no segment {args.segment!r} in customer_segments; its segments are {declared}")
        segments = (chosen,)
    if not segments:
        print(f"{args.file}: declares no customer segments, so there is nothing to advise on; add them under 'segments'", file=sys.stderr)
        return OK
    rankings = {segment.id: advice.rank(segment, answers) for segment in segments}
    if args.format == "json":
        print(json.dumps(_document(args.file, answers, segments, rankings), ensure_ascii=False, indent=2))
        return OK
    for segment in segments:
        known = ", ".join(
            part
            for part in (
                segment.market_type and f"{segment.market_type} market",
                segment.customer_value and f"{segment.customer_value} value",
            )
            if part
        )
        print(f"{segment.name} ({segment.id}{'; ' + known if known else ''})")
        for ranked in rankings[segment.id]:
            print(f"  {ranked.rank}. {ranked.name}")
            for reason in ranked.reasons:
                print(f"       {'+' if reason.supports else '-'} {reason.text}")
        print()
    unanswered = [field for field in answers._fields if getattr(answers, field) is None]
    if unanswered:
        print(f"Not answered, so not weighed: {', '.join('--' + field for field in unanswered)}.", file=sys.stderr)
    print(CLOSING, file=sys.stderr)
    return OK


def _document(file: str, answers: object, segments: object, rankings: dict[str, tuple[Ranked, ...]]) -> dict[str, object]:
    """The JSON output: the answers given and, per segment id, the types in rank order with their reasons."""
    return {
        "file": file,
        "answers": answers._asdict(),  # type: ignore[attr-defined]
        "segments": [
            {
                "id": segment.id,
                "name": segment.name,
                "market_type": segment.market_type,
                "customer_value": segment.customer_value,
                "ranking": [
                    {
                        "rank": ranked.rank,
                        "type": str(ranked.type),
                        "name": ranked.name,
                        "score": ranked.score,
                        "reasons": [{"text": reason.text, "for": reason.supports} for reason in ranked.reasons],
                    }
                    for ranked in rankings[segment.id]
                ],
            }
            for segment in segments  # type: ignore[attr-defined]
        ],
    }
