"""Exceptions raised by bwc_bot on purpose.

Our exception hierarchy::

    BotError            Base class for every error bwc_bot raises on purpose.
    ├── DataError       Knowledge or intent files could not be loaded; ``.problems``
    │                   lists every problem found, each printed as ``path:line: message``.
    ├── QuestionTypeError (also a TypeError)
    │                   ``Bot.ask`` was given something that is not a ``str``.
    └── UnknownTopicError (also a ValueError)
                        ``Bot.ask(..., topics=...)`` named a topic the knowledge base
                        does not have; the message lists the topics it has.

``Bot.ask`` never raises for any string: bad, empty or hostile text gets a polite
``Answer`` instead.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Iterable

if TYPE_CHECKING:
    from .models import Problem


class BotError(Exception):
    """Base class for every error bwc_bot raises on purpose."""


class DataError(BotError):
    """Knowledge or intent files could not be loaded; ``problems`` says where and why."""

    def __init__(self, problems: Iterable["Problem"], summary: str = "knowledge base has problems"):
        self.problems = tuple(problems)
        lines = [str(p) for p in self.problems]
        count = sum(1 for p in self.problems if p.severity == "error")
        head = f"{summary} ({count} error{'s' if count != 1 else ''})"
        super().__init__("\n".join([head, *lines]) if lines else summary)


class QuestionTypeError(BotError, TypeError):
    """``Bot.ask`` was called with something other than a ``str``."""


class UnknownTopicError(BotError, ValueError):
    """``topics=`` named a topic id that is not in the knowledge base's vocabulary."""
