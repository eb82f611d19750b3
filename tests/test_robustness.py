"""Hostile and strange input: every string gets a proper Answer, quickly, and nothing
from a question or a knowledge file reaches the terminal as a control sequence."""

import json
import threading
import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bwc_bot import ANSWER_KEYS, Answer, QuestionTypeError
from bwc_bot.render import clean, to_json, to_text

NASTY = [
    "",
    " ",
    "\t\n\r",
    "a",
    "?",
    "!!!...???",
    "\x00",
    "body\x00cam retention",
    "\x1b[2J\x1b[H clear screen",
    "\x1b]0;title\x07 osc",
    "\x1b]8;;http://evil.example\x07link\x1b]8;;\x07",
    "\x9b31m C1 CSI",
    "\u202eevil right-to-left override",
    "zero\u200b\u200c\u200dwidth\ufeff",
    "📹📹📹 🙂",
    "警察のボディカメラの映像はどのくらい保存すべきですか",
    "¿Cuánto tiempo se guardan los videos de las cámaras corporales?",
    "كم من الوقت يتم الاحتفاظ بلقطات الكاميرات",
    "\ud800 lone surrogate \udfff",
    "'; DROP TABLE entries; --",
    "$(rm -rf /) `reboot` && echo pwned",
    "<script>alert(1)</script><img src=x onerror=alert(1)>",
    "!!python/object/apply:os.system ['ls']",
    "{{7*7}} ${jndi:ldap://x}",
    "%s%s%s%n",
    "../../../../etc/passwd",
    "A" * 100_000,
    "retention " * 200_000,
    "body camera footage " * 60_000,
]


def _check(answer: Answer, question: str) -> None:
    assert isinstance(answer, Answer)
    d = answer.to_dict()
    assert tuple(d) == ANSWER_KEYS
    assert 0.0 <= d["confidence"] <= 1.0
    json.loads(to_json(answer))  # always valid JSON
    assert answer.text.strip()
    shown = to_text(answer, w=80)
    for bad in ("\x1b", "\x07", "\x00", "\x9b", "\u202e"):
        assert bad not in shown


@pytest.mark.parametrize("question", NASTY, ids=[repr(q[:20]) for q in NASTY])
def test_nasty_questions_get_a_polite_answer(bot, question):
    t = time.perf_counter()
    answer = bot.ask(question)
    elapsed = time.perf_counter() - t
    _check(answer, question)
    assert elapsed < 5.0  # bounded; benchmarks/ measures the real figure


def test_long_question_is_truncated_with_a_note(bot):
    limit = bot.kb.settings.max_question_chars
    answer = bot.ask("how long should body camera footage be kept " + "x" * (limit * 3))
    assert f"only the first {limit:,} were read" in answer.text


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(max_size=400))
def test_any_text(bot, text):
    _check(bot.ask(text), text)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.sampled_from(NASTY[:26] + ["retention", "BWC", "footage", "FOIA", "officer", "?"]), max_size=8).map(" ".join))
def test_mixtures_of_nasty_pieces(bot, text):
    _check(bot.ask(text), text)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(alphabet=st.characters(min_codepoint=0, max_codepoint=0x1F, exclude_characters="\n"), max_size=50))
def test_control_characters_never_reach_output(bot, text):
    answer = bot.ask("retention " + text)
    assert clean(to_text(answer)) == to_text(answer) or "\x1b" not in to_text(answer)
    assert all(ch == "\n" or ord(ch) >= 0x20 for ch in to_text(answer))


@pytest.mark.parametrize("bad", [None, 1, 1.5, b"bytes", bytearray(b"x"), ["q"], ("q",), {"q": 1}, object()])
def test_non_strings_raise_one_documented_error(bot, bad):
    with pytest.raises(QuestionTypeError, match="question must be a str"):
        bot.ask(bad)


def test_shared_bot_in_many_threads_matches_sequential(bot):
    from .conftest import TESTS
    from bwc_bot.evals import load_cases

    questions = [c.question for c in load_cases([TESTS / "questions" / "dev.yaml"])] + NASTY[:20]
    expected = {q: bot.ask(q).to_dict() for q in questions}
    errors: list[str] = []

    def worker(offset: int) -> None:
        for n in range(len(questions) * 2):
            q = questions[(n * 7 + offset) % len(questions)]
            got = bot.ask(q).to_dict()
            if got != expected[q]:
                errors.append(q)

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert len(questions) * 2 * 8 >= 4000


def test_hostile_knowledge_text_is_neutralised_on_output(tmp_path):
    import shutil

    from bwc_bot import Bot

    from .conftest import MINI

    shutil.copytree(MINI, tmp_path / "kb")
    f = tmp_path / "kb" / "knowledge" / "entries.yaml"
    text = f.read_text()
    # a YAML double-quoted string turns \x1b and \x07 into real control characters
    hostile = '"Keep \\x1b]0;owned\\x07routine\\u202e footage \\x1b[2J for a period."'
    text = text.replace(
        "answer: >-\n      Keep routine footage for a fixed period set in policy and evidentiary footage\n      until the case ends; check your state's records schedule.",
        "answer: " + hostile,
    )
    f.write_text(text)
    bot = Bot.from_paths(tmp_path / "kb" / "knowledge", tmp_path / "kb" / "intents", use_cache=False)
    answer = bot.ask("How long should body cam video be kept?")
    assert "\x1b" in answer.text  # the library returns the data as written...
    shown = to_text(answer)
    assert "\x1b" not in shown and "\x07" not in shown and "\u202e" not in shown  # ...the terminal never sees it
    assert "Keep" in shown and "footage" in shown
