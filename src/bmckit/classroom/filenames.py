"""File names for teams: safe on every system a class uses, and never the same for two teams.

A team is called whatever students call it: "Team 1/2", "Les Écureuils",
"Команда А", "CON", "?!". Names keep their letters in any script (file
systems and zip files store Unicode), lose only what Windows, macOS or Linux
forbid, and are compared as those systems compare them (ignoring case and
Unicode normal form), so "Blue" and "blue" get different files.
"""

from __future__ import annotations

import re
import unicodedata
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Iterable

FORBIDDEN = re.compile(r'[\x00-\x1f\x7f<>:"/\\|?*]+')
"""Characters Windows refuses in a file name (a superset of what macOS and Linux refuse)."""
WINDOWS_RESERVED = frozenset({"con", "prn", "aux", "nul", *(f"com{n}" for n in range(1, 10)), *(f"lpt{n}" for n in range(1, 10))})
MAX_BYTES = 120
"""Well under the 255 bytes file systems allow, leaving room for a suffix and a number."""
FALLBACK = "team"


def safe_stem(name: str) -> str:
    """A file name (without suffix) for ``name``: its words, minus what a file system refuses."""
    text = unicodedata.normalize("NFC", name)
    text = FORBIDDEN.sub("-", text)
    text = " ".join(text.split()).strip(" .-")
    if text.casefold().split(".")[0] in WINDOWS_RESERVED:
        text = f"{text}-team"
    encoded = text.encode()
    if len(encoded) > MAX_BYTES:
        text = encoded[:MAX_BYTES].decode(errors="ignore").rstrip(" .-")
    return text or FALLBACK


def unique_stems(names: Iterable[str]) -> list[str]:
    """A safe stem for each name, in order; a stem that would clash with an earlier one gets " (2)", " (3)"…"""
    taken: set[str] = set()
    stems = []
    for name in names:
        base = safe_stem(name)
        stem, number = base, 1
        while _key(stem) in taken:
            number += 1
            stem = f"{base} ({number})"
        taken.add(_key(stem))
        stems.append(stem)
    return stems


def _key(stem: str) -> str:
    """How a case-insensitive file system compares names: macOS folds case and Unicode form, Windows upper-cases ("ı" is "I")."""
    return unicodedata.normalize("NFC", unicodedata.normalize("NFC", stem).upper().casefold())
