"""Answering on the mini knowledge base: entries, intents, abstention, did-you-mean."""

import pytest

from bwc_bot import ANSWER_KEYS, Answer, BotError, QuestionTypeError, UnknownTopicError

CASES = [
    # question, answered, entry_id, intent, reason
    ("How long should body cam video be kept?", True, "retention-period", None, None),
    ("when do cops have to turn on the bodycam", True, "activation-when", None, None),
    ("what training do officers get before wearing one", True, "training-officers", None, None),
    ("how long should bwc retension be", True, "retention-period", None, None),  # typo corrected
    ("hi", False, None, "greeting", "conversational"),
    ("Thank you!", False, None, "thanks", "conversational"),
    ("what can you do", False, None, "help", "conversational"),
    ("how long should I keep my tax records", False, None, None, "out_of_scope"),
    ("what is the meaning of life", False, None, None, "no_match"),
    ("", False, None, None, "empty_question"),
    ("   \n\t ", False, None, None, "empty_question"),
    ("?!?", False, None, None, "empty_question"),
]


@pytest.mark.parametrize("question, answered, entry_id, intent, reason", CASES, ids=[c[0][:30] or "empty" for c in CASES])
def test_answer_table(mini_bot, question, answered, entry_id, intent, reason):
    a = mini_bot.ask(question)
    assert (a.answered, a.entry_id, a.intent, a.reason) == (answered, entry_id, intent, reason)
    assert 0.0 <= a.confidence <= 1.0
    assert a.text.strip()


def test_knowledge_answer_carries_citations_and_related(mini_bot):
    a = mini_bot.ask("How long should body-worn camera footage be kept?")
    assert a.answered and a.citations
    assert a.citations[0].title == "Mini Toolkit" and a.citations[0].locator == "Retention"
    assert 2 <= len(a.related) <= 4
    assert a.related[0].entry_id == "retention-deletion"


def test_related_filled_when_entry_declares_too_few(mini_bot):
    a = mini_bot.ask("automatic deletion of expired footage")
    assert a.entry_id == "retention-deletion"
    assert len(a.related) >= 2


def test_help_lists_topics(mini_bot):
    a = mini_bot.ask("what topics do you know")
    assert "Retention" in a.text and "training" in a.text and "{topics}" not in a.text


def test_abstention_offers_nearest_entries(mini_bot):
    a = mini_bot.ask("retention")
    if a.answered:  # a one-word query may answer; then it must be the retention entry
        assert a.topic == "retention"
    else:
        assert a.reason == "low_confidence" and a.suggestions


def test_truncation_is_noted(mini_bot):
    a = mini_bot.ask("how long should footage be kept " + "please " * 100)
    assert "only the first 200 were read" in a.text


def test_answers_are_frozen(mini_bot):
    a = mini_bot.ask("hi")
    with pytest.raises(AttributeError):
        a.text = "changed"  # type: ignore[misc]


@pytest.mark.parametrize("bad", [None, 42, b"bytes", ["list"], {"q": 1}])
def test_non_string_raises_one_documented_error(mini_bot, bad):
    with pytest.raises(QuestionTypeError) as info:
        mini_bot.ask(bad)
    assert isinstance(info.value, TypeError)
    assert "question must be a str" in str(info.value)


def test_json_contract(mini_bot):
    for q in ["How long should body cam video be kept?", "hi", "weather today", ""]:
        d = mini_bot.ask(q).to_dict()
        assert tuple(d) == ANSWER_KEYS
        assert isinstance(d["answered"], bool) and isinstance(d["confidence"], float)
        for c in d["citations"]:
            assert set(c) == {"title", "publisher", "year", "url", "locator"}
        for r in d["related"]:
            assert set(r) == {"entry_id", "question"}
        for s in d["suggestions"]:
            assert set(s) == {"entry_id", "question", "topic"}
        assert (d["reason"] is None) == d["answered"]
        assert d["kb_version"] == mini_bot.version


def test_answer_type():
    assert Answer.__dataclass_params__.frozen


def test_did_you_mean_is_not_repeated_among_related(bot):
    from bwc_bot.evals import load_cases

    from .conftest import TESTS

    seen_offer = 0
    for case in load_cases([TESTS / "questions" / "dev.yaml"]):
        a = bot.ask(case.question)
        if a.answered and a.suggestions:
            seen_offer += 1
            assert not {s.entry_id for s in a.suggestions} & {r.entry_id for r in a.related}
            assert 2 <= len(a.related) <= 4
    assert seen_offer > 0


@pytest.mark.parametrize(
    "oos_probability, offered",
    [(0.0, True), (0.99, False)],
    ids=["regression-says-ours", "regression-says-out"],
)
def test_scope_decline_offers_the_entry_only_when_plausible(mini_bot, oos_probability, offered):
    """A question declined for its wording still gets the entry that answers it, unless
    the topic regression also calls it out of scope."""
    from dataclasses import replace

    from bwc_bot.compose import compose

    a = mini_bot.analyze("How long should body-worn camera footage be kept?")
    doubtful = replace(a, anchored=False, oos_neighbour=a.kb_neighbour + 0.5, oos_probability=oos_probability)
    answer = compose(mini_bot, doubtful)
    assert (answer.answered, answer.reason) == (False, "out_of_scope")
    assert [s.entry_id for s in answer.suggestions] == (["retention-period"] if offered else [])
    assert ("closest one I can answer" in answer.text) == offered


@pytest.mark.parametrize("topics", ["retention", ["retention"], ("activation", "retention"), {"retention"}])
def test_topics_accept_one_id_or_any_iterable(mini_bot, topics):
    assert mini_bot.ask("How long should body cam video be kept?", topics=topics).entry_id == "retention-period"


def test_topics_decline_what_another_topic_answers_better(mini_bot):
    a = mini_bot.ask("How long should body cam video be kept?", topics=["training"])
    assert (a.answered, a.entry_id, a.reason) == (False, None, "outside_topics")
    assert "within the topics chosen (Training)" in a.text


def test_topics_keep_the_other_checks(mini_bot):
    assert mini_bot.ask("hi", topics=["training"]).intent == "greeting"
    assert mini_bot.ask("how long should I keep my tax records", topics=["retention"]).reason == "out_of_scope"


@pytest.mark.parametrize("topics", [["retentoin"], [], ["retention", 3], "Retention"])
def test_unknown_topics_raise_one_documented_error(mini_bot, topics):
    with pytest.raises(UnknownTopicError, match="topics are: retention, activation, training") as info:
        mini_bot.ask("how long", topics=topics)
    assert isinstance(info.value, ValueError) and isinstance(info.value, BotError)


STATE_NOTE = "This answer is not specific to"


@pytest.mark.parametrize(
    "question, noted",
    [
        ("How long should body cam video be kept in Oregon?", "Oregon: it is general guidance"),
        ("How long should body cam video be kept in West Virginia or Ohio?", "Ohio or West Virginia: it is general guidance"),
        ("How long should body cam video be kept?", None),
    ],
)
def test_answer_notes_a_state_the_entry_does_not_cover(mini_bot, question, noted):
    a = mini_bot.ask(question)
    assert a.entry_id == "retention-period"
    if noted:
        assert f"(Note: {STATE_NOTE} {noted}. Check" in a.text
    else:
        assert STATE_NOTE not in a.text


def test_no_state_note_when_the_entry_mentions_the_state(bot):
    a = bot.ask("What must a body camera policy include under Minnesota law?")
    assert a.answered and "Minnesota" in a.text and STATE_NOTE not in a.text
