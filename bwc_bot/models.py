"""Frozen value types: what the loader produces and what ``Bot.ask`` returns."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass(frozen=True, slots=True)
class Problem:
    """One problem in a data file, printed as ``path:line: message``."""

    path: str
    line: int | None
    message: str
    severity: str = "error"  # "error" or "warning"

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        tag = "" if self.severity == "error" else "warning: "
        return f"{where}: {tag}{self.message}"


@dataclass(frozen=True, slots=True)
class Source:
    """A work in the bibliography (``knowledge/sources.yaml``)."""

    id: str
    title: str
    publisher: str
    year: str
    url: str
    note: str = ""


@dataclass(frozen=True, slots=True)
class SourceRef:
    """An entry's reference to a bibliography work, with an optional page or section."""

    ref: str
    locator: str = ""


@dataclass(frozen=True, slots=True)
class Topic:
    """One topic of the fixed vocabulary."""

    id: str
    label: str
    description: str


@dataclass(frozen=True, slots=True)
class Entry:
    """One knowledge entry: a canonical question, its phrasings and a cited answer."""

    id: str
    topic: str
    question: str
    alternates: tuple[str, ...]
    answer: str
    sources: tuple[SourceRef, ...]
    related: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    reviewed: str = ""
    path: str = ""
    line: int = 0

    @property
    def phrasings(self) -> tuple[str, ...]:
        return (self.question, *self.alternates)


@dataclass(frozen=True, slots=True)
class Intent:
    """A conversational or out-of-scope intent with example phrasings."""

    name: str
    examples: tuple[str, ...]
    responses: tuple[str, ...] = ()
    path: str = ""
    line: int = 0


@dataclass(frozen=True, slots=True)
class TopicExamples:
    """Practitioner questions labelled with the topic they are about (trains the topic model)."""

    topic: str
    questions: tuple[str, ...]
    path: str = ""
    line: int = 0
    lines: tuple[int, ...] = ()  # the line of each question, for messages

    def located(self) -> list[tuple[str, int]]:
        """Each question with its line (the group's line when unknown)."""
        return [(q, self.lines[n] if n < len(self.lines) else self.line) for n, q in enumerate(self.questions)]


@dataclass(frozen=True, slots=True)
class Synonym:
    """Variant phrases that mean the same as a canonical term."""

    canonical: str
    variants: tuple[str, ...]


class _JSONReady:
    """``to_dict()`` for the small value types inside an Answer."""

    __slots__ = ()

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)  # type: ignore[call-overload]


@dataclass(frozen=True, slots=True)
class Citation(_JSONReady):
    """A source an answer rests on."""

    title: str
    publisher: str
    year: str
    url: str
    locator: str = ""


@dataclass(frozen=True, slots=True)
class RelatedEntry(_JSONReady):
    """A related question the user may want next."""

    entry_id: str
    question: str


@dataclass(frozen=True, slots=True)
class Suggestion(_JSONReady):
    """An entry offered when the bot abstains or when the top two answers are close."""

    entry_id: str
    question: str
    topic: str


ANSWER_KEYS = (
    "question",
    "answered",
    "text",
    "entry_id",
    "topic",
    "intent",
    "confidence",
    "citations",
    "related",
    "suggestions",
    "reason",
    "kb_version",
)


@dataclass(frozen=True, slots=True)
class Answer:
    """What ``Bot.ask`` returns; ``to_dict()`` is the JSON contract."""

    question: str
    answered: bool
    text: str
    entry_id: str | None = None
    topic: str | None = None
    intent: str | None = None
    confidence: float = 0.0
    citations: tuple[Citation, ...] = ()
    related: tuple[RelatedEntry, ...] = ()
    suggestions: tuple[Suggestion, ...] = ()
    reason: str | None = None
    kb_version: str = ""
    notes: tuple[str, ...] = field(default=(), compare=False)

    def to_dict(self) -> dict[str, Any]:
        """The JSON form: exactly the keys in ``ANSWER_KEYS``, in that order."""
        return {
            "question": self.question,
            "answered": self.answered,
            "text": self.text,
            "entry_id": self.entry_id,
            "topic": self.topic,
            "intent": self.intent,
            "confidence": round(float(self.confidence), 4),
            "citations": [c.to_dict() for c in self.citations],
            "related": [r.to_dict() for r in self.related],
            "suggestions": [s.to_dict() for s in self.suggestions],
            "reason": self.reason,
            "kb_version": self.kb_version,
        }
