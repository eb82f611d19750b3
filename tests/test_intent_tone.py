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
    index = {name: n for n, name in enumerate(NAMES)}
    assert {NAMES[n] for n in blocked_by_tone(surface_tokens(message), index)} == blocked


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


INTRODUCTIONS = [
    ("hi, I am a records clerk", True),
    ("Morning! I work in the city attorney's office.", True),
    ("hello, this is Chief Ramos from Dayton PD", True),
    ("hi im new here", True),
    ("hi, I'm a records clerk. how long do we keep footage?", False),  # a question follows
    ("Good morning, I am the chief. Can officers mute audio", False),
    ("hello, I am the chief and I need the retention rules", False),  # a request
    ("hey, I'm wondering whether we need consent", False),
    ("I am a records clerk", False),  # no greeting
    ("hi", False),  # a greeting, but matched by its examples, not this rule
]


@pytest.mark.parametrize("message, expected", INTRODUCTIONS, ids=[m for m, _ in INTRODUCTIONS])
def test_is_introduction(message, expected):
    from bwc_bot.intents import is_introduction

    assert is_introduction(message) is expected


def test_introduction_is_greeted_not_answered(bot):
    a = bot.ask("Hello, I am the records supervisor at a county sheriff's office")
    assert (a.intent, a.entry_id) == ("greeting", None)
    assert bot.ask("hi, I'm a records clerk. how long do we keep footage?").topic == "retention"


@pytest.mark.parametrize(
    "message, intent, topic",
    [
        ("how should I use this tool", "help", None),  # "this tool" speaks to the bot
        ("what is this tool for", "help", None),
        ("how do we evaluate this program", None, "evaluation_metrics"),  # "this program" is the BWC program
    ],
)
def test_this_tool_speaks_to_the_bot(bot, message, intent, topic):
    a = bot.ask(message)
    assert (a.intent, a.topic) == (intent, topic)
