"""Loading and validation: every broken file names its path and line."""

from pathlib import Path

import pytest

from bwc_bot import Bot, DataError, validate_paths
from bwc_bot.loader import read_data

from .conftest import DATA, MINI

BAD = sorted((DATA / "bad").glob("*.yaml"))


def _expectation(path: Path) -> str:
    first = path.read_bytes().split(b"\n", 1)[0].decode("utf-8")
    assert first.startswith("# expect: "), f"{path.name} needs an '# expect: ' header"
    return first[len("# expect: "):]


@pytest.mark.parametrize("path", BAD, ids=[p.stem for p in BAD])
def test_bad_file_reports_path_and_line(path):
    expected = path.name + _expectation(path)
    messages = [str(p) for p in read_data([path]).problems]
    assert any(expected in m for m in messages), messages


def test_mini_knowledge_base_loads(mini_bot):
    kb = mini_bot.kb
    assert [e.id for e in kb.entries][:2] == ["retention-period", "retention-deletion"]
    assert kb.settings.min_confidence == 0.15 and kb.settings.max_question_chars == 200
    assert {i.name for i in kb.intents} >= {"greeting", "thanks", "goodbye", "help", "out_of_scope"}
    assert len(kb.version) == 16


def _copy_mini(tmp_path):
    import shutil

    shutil.copytree(MINI, tmp_path / "kb")
    return tmp_path / "kb" / "knowledge", tmp_path / "kb" / "intents"


@pytest.mark.parametrize(
    "edit, expected",
    [
        (("entries.yaml", "related: [retention-deletion, activation-when]", "related: [retention-delete]"),
         "entry 'retention-period': related entry 'retention-delete' does not exist (did you mean 'retention-deletion'?)"),
        (("entries.yaml", "topic: training", "topic: trainng"), "entry 'training-officers': unknown topic 'trainng'"),
        (("entries.yaml", "- ref: study\n        locator: \"p. 3\"", "- ref: nosuch"), "entry 'activation-when': cites unknown source 'nosuch'"),
        (("entries.yaml", "id: retention-deletion", "id: retention-period"), "duplicate entry id 'retention-period'"),
        (("entries.yaml", "- mandatory recording events", "- retention period for bwc video"),
         "entry 'activation-when': phrasing 'retention period for bwc video' also belongs to entry 'retention-period'"),
        (("sources.yaml", "url: https://example.org/study", "url: example.org/study"), "source 'study': url 'example.org/study' is not an http(s) address"),
        (("../intents/intents.yaml", "examples: [bye, goodbye, see you later]", "examples: [bye, hello, see you later]"),
         "intent 'goodbye': phrasing 'hello' also belongs to intent 'greeting'"),
        (("../intents/intents.yaml", "  - intent: help\n", "  - intent: helpme\n"), "required intent 'help' is missing"),
        (("topic_examples.yaml", "  - topic: training\n", "  - topic: trainin\n"), "topic examples: unknown topic 'trainin'"),
        (("topic_examples.yaml", "what should the academy cover about cameras", "retention period for bwc video"),
         "topic_examples.yaml:12: topic examples 'training': question 'retention period for bwc video' is also a phrasing of entry 'retention-period'"),
        (("topic_examples.yaml", "does the cam have to be rolling during a foot chase", "see you later"),
         "topic_examples.yaml:9: topic examples 'activation': question 'see you later' is also a phrasing of intent 'goodbye'"),
        (("topic_examples.yaml", "what should the academy cover about cameras", "Purge schedule for uncategorized clips!"),
         "topic_examples.yaml:12: topic examples 'training': question 'Purge schedule for uncategorized clips!' is also listed under 'retention'"),
    ],
    ids=["broken-related", "unknown-topic", "unknown-source", "duplicate-id", "shared-phrasing", "bad-url", "intent-overlap", "missing-intent",
         "examples-unknown-topic", "example-is-entry-phrasing", "example-is-intent-example", "example-under-two-topics"],
)
def test_cross_file_problems_stop_loading(tmp_path, edit, expected):
    kdir, idir = _copy_mini(tmp_path)
    name, old, new = edit
    f = (kdir / name).resolve()
    text = f.read_text()
    assert old in text, f"test setup: {old!r} not in {name}"
    f.write_text(text.replace(old, new, 1))
    with pytest.raises(DataError) as info:
        Bot.from_paths(kdir, idir, use_cache=False)
    assert expected in str(info.value)
    assert any(expected in str(p) for p in info.value.problems)
    # validate reports the same problem without raising
    assert any(expected in str(p) for p in validate_paths([kdir, idir]))


def test_every_problem_is_reported_at_once(tmp_path):
    kdir, idir = _copy_mini(tmp_path)
    (kdir / "broken.yaml").write_text("version: 1\nentries:\n  - id: a\n  - id: B\n")
    (kdir / "worse.yaml").write_text("version: 1\nentries: [\n")
    with pytest.raises(DataError) as info:
        Bot.from_paths(kdir, idir, use_cache=False)
    text = str(info.value)
    assert "broken.yaml:3: entry 'a': missing required field `topic`" in text
    assert "broken.yaml:4:" in text and "worse.yaml:3: YAML syntax error" in text
    assert text.splitlines()[0].startswith("cannot load the knowledge base (")


def test_empty_knowledge_base_is_an_error(tmp_path):
    (tmp_path / "k").mkdir()
    (tmp_path / "i").mkdir()
    with pytest.raises(DataError) as info:
        Bot.from_paths(tmp_path / "k", tmp_path / "i", use_cache=False)
    assert "the knowledge base has no entries" in str(info.value)


def test_missing_directory(tmp_path):
    with pytest.raises(DataError) as info:
        Bot.from_paths(tmp_path / "nope", tmp_path / "nada", use_cache=False)
    assert "no such file or directory" in str(info.value)


def test_validate_single_file_uses_its_directory_as_context(mini_dirs):
    kdir, _ = mini_dirs
    problems = validate_paths([kdir / "entries.yaml"])
    assert [p for p in problems if p.severity == "error"] == []
    assert all(p.path.endswith("entries.yaml") for p in problems)
