"""A starter canvas file: every block empty, with its guiding questions as comments.

Built from the knowledge base, so the questions a student reads in the file
are the ones printed on the paper templates and shown on the site.
"""

from __future__ import annotations

import datetime as dt

from bmckit import knowledge, schema


def starter_yaml(*, title: str = "My business model", today: dt.date | None = None) -> str:
    """The text of a commented starter canvas that loads as a valid, empty canvas."""
    date = (today or dt.date.today()).isoformat()
    types = ", ".join(schema.enum_values("$defs", "relationship_note", "properties", "type"))
    motivations = ", ".join(schema.enum_values("$defs", "relationship_note", "properties", "motivation"))
    lines = [
        "# A Business Model Canvas. Fill each block with short notes, one per line:",
        "#   - A note is plain text,",
        "#   - text: or a mapping with text,",
        "#     segments: [students]   # the segments it serves (declared below)",
        "#     status: hypothesis     # or validated",
        "# Check it with:  bmckit validate this-file.yaml  and  bmckit check this-file.yaml",
        "",
        f"title: {_yaml_text(title)}",
        "designed_for: ''",
        "designed_by: ''",
        f"date: '{date}'",
        "version: '1'",
        "",
        "# Declare your customer segments once; notes refer to them by id.",
        "segments: []",
        "#  - id: students",
        "#    name: University students",
        "#    colour: '#8ecae6'",
        "#    market_type: mass      # mass, niche, segmented, diversified, multi-sided",
        "#    customer_value: low    # low, medium, high",
        "",
        "blocks:",
    ]
    for info in knowledge.blocks():
        lines.append(f"  # {info.title}: {info.purpose}")
        lines.extend(f"  #   - {question}" for question in info.questions)
        if info.id == "customer_relationships":
            lines.append(f"  # Give each relationship a type ({types})")
            lines.append(f"  # and a motivation ({motivations}).")
        lines.append(f"  {info.id}: []")
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def _yaml_text(text: str) -> str:
    """``text`` as a YAML scalar, quoted only when YAML needs it."""
    from io import StringIO

    from ruamel.yaml import YAML

    stream = StringIO()
    yaml = YAML(typ="safe", pure=True)
    yaml.width = 4096
    yaml.allow_unicode = True
    yaml.default_flow_style = False
    yaml.dump({"k": text}, stream)
    return stream.getvalue().removeprefix("k: ").strip()
