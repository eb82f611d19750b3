"""U.S. state names in text: which states a question or an entry is about.

Body-camera law is mostly state law, so an answer about Minnesota is a poor fit for a
question about Oregon. ``compose`` uses ``states_named`` to say so in the answer when the
question names a state that the answering entry never mentions.
"""

from __future__ import annotations

import re

_NAMES = (
    "Alabama Alaska Arizona Arkansas California Colorado Connecticut Delaware Florida Georgia "
    "Hawaii Idaho Illinois Indiana Iowa Kansas Kentucky Louisiana Maine Maryland Massachusetts "
    "Michigan Minnesota Mississippi Missouri Montana Nebraska Nevada Ohio Oklahoma Oregon "
    "Pennsylvania Tennessee Texas Utah Vermont Virginia Washington Wisconsin Wyoming"
).split()
_TWO_WORDS = (
    "New Hampshire", "New Jersey", "New Mexico", "New York", "North Carolina", "North Dakota",
    "South Carolina", "South Dakota", "Rhode Island", "West Virginia",
)
DC = "Washington, DC"

# Longest names first, so "West Virginia" is not also read as "Virginia" and
# "Washington, DC" not as the state of Washington.
_PATTERN = re.compile(
    r"\b(?:(?P<dc>washington,?\s+d\.?\s?c\b\.?|district\s+of\s+columbia)|(?P<state>"
    + "|".join(re.escape(n).replace(r"\ ", r"\s+") for n in sorted((*_TWO_WORDS, *_NAMES), key=len, reverse=True))
    + r"))\b",
    re.IGNORECASE,
)
_CANONICAL = {" ".join(n.lower().split()): n for n in (*_TWO_WORDS, *_NAMES)}


_FIRST_WORDS = frozenset(n.split()[0].lower() for n in (*_TWO_WORDS, *_NAMES)) | {"district"}
_WORD = re.compile(r"[a-z]+")


def states_named(text: str) -> frozenset[str]:
    """The states (and Washington, DC) that ``text`` names, in canonical spelling."""
    if _FIRST_WORDS.isdisjoint(_WORD.findall(text.lower())):
        return frozenset()  # the common case, decided without the long pattern
    found = set()
    for m in _PATTERN.finditer(text):
        found.add(DC if m.group("dc") else _CANONICAL[" ".join(m.group("state").lower().split())])
    return frozenset(found)
