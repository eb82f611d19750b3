"""Tone rules for conversational intents: a complaint needs a negative word, and a
negated message is not thanks."""

import pytest

from bwc_bot.intents import NEGATIONS, NEGATIVE_CUES, blocked_by_tone
from bwc_bot.text import surface_tokens

NAMES = ("greeting", "thanks", "goodbye", "help", "feedback_negative")

CASES = [
    ("ok that makes sense", {"feedback_negative"}),
    ("that makes no sense", set()),
    ("that was not helpful", {"thanks"}),
    ("that didn't help", {"thanks"}),
    ("thanks, that helped", {"feedback_negative"}),
    ("no thanks, bye", set()),
]


@pytest.mark.parametrize("message, blocked", CASES, ids=[c[0] for c in CASES])
def test_blocked_by_tone(message, blocked):
    assert {NAMES[n] for n in blocked_by_tone(surface_tokens(message), NAMES)} == blocked


def test_bundled_examples_never_block_their_own_intent(bot):
    """Every complaint example has a negative word and no thanks example has a negation,
    so the rules cannot keep an intent from its own examples."""
    examples = {i.name: i.examples for i in bot.kb.intents}
    assert len(examples["feedback_negative"]) > 20 and len(examples["thanks"]) > 20
    assert [e for e in examples["feedback_negative"] if not set(surface_tokens(e)) & NEGATIVE_CUES] == []
    assert [e for e in examples["thanks"] if set(surface_tokens(e)) & NEGATIONS] == []


@pytest.mark.parametrize(
    "message, intent",
    [("great, that makes sense now, thanks", "thanks"), ("that was not helpful", "feedback_negative"), ("wrong answer", "feedback_negative")],
)
def test_tone_decides_between_thanks_and_complaint(bot, message, intent):
    assert bot.ask(message).intent == intent
