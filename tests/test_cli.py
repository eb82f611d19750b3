"""The command line: output, JSON, JSON Lines, exit codes 0/1/2, no tracebacks."""

import json

import pytest
from click.testing import CliRunner

from bwc_bot import ANSWER_KEYS
from bwc_bot.cli import cli

from .conftest import MINI

K = ["--knowledge", str(MINI / "knowledge")]


@pytest.fixture
def runner():
    return CliRunner()


def test_ask_prints_answer_with_numbered_citations(runner):
    r = runner.invoke(cli, ["ask", *K, "How long should body cam video be kept?"])
    assert r.exit_code == 0, r.output
    assert "Keep routine footage" in r.stdout
    assert "Sources\n  [1] Mini Toolkit. Test Publisher, 2020. Retention.\n      https://example.org/toolkit" in r.stdout
    assert "Related questions" in r.stdout


def test_ask_words_are_joined(runner):
    r = runner.invoke(cli, ["ask", *K, "how", "long", "should", "bodycam", "video", "be", "kept"])
    assert r.exit_code == 0 and "Keep routine footage" in r.stdout


def test_ask_json_has_exactly_the_documented_keys(runner):
    r = runner.invoke(cli, ["ask", *K, "--json", "when must officers turn on their body cameras"])
    assert r.exit_code == 0
    d = json.loads(r.stdout)
    assert tuple(d) == ANSWER_KEYS and d["entry_id"] == "activation-when"


def test_ask_json_lines_from_stdin_in_order(runner):
    lines = ["hi", "How long should body cam video be kept?", "", "weather today", "thanks"]
    r = runner.invoke(cli, ["ask", *K, "--json", "-"], input="\n".join(lines) + "\n")
    assert r.exit_code == 0
    out = [json.loads(line) for line in r.stdout.splitlines()]
    assert [o["question"] for o in out] == lines
    assert [o["reason"] for o in out] == ["conversational", None, "empty_question", "no_match", "conversational"]


def test_ask_plain_stream(runner):
    r = runner.invoke(cli, ["ask", *K, "-"], input="hi\nthanks\n")
    assert r.exit_code == 0 and r.stdout.count("\n\n") >= 1


@pytest.mark.parametrize(
    "topics, entry_id, reason",
    [
        (["retention"], "retention-period", None),
        (["training", "retention"], "retention-period", None),
        (["training"], None, "outside_topics"),
    ],
)
def test_ask_topic_limits_the_answer(runner, topics, entry_id, reason):
    flags = [arg for t in topics for arg in ("--topic", t)]
    r = runner.invoke(cli, ["ask", *K, *flags, "--json", "How long should body cam video be kept?"])
    assert r.exit_code == 0, r.output
    d = json.loads(r.stdout)
    assert (d["entry_id"], d["reason"]) == (entry_id, reason)


def test_ask_unknown_topic_is_a_usage_error_naming_the_topics(runner):
    r = runner.invoke(cli, ["ask", *K, "--topic", "retentoin", "how long"])
    assert r.exit_code == 2
    assert "unknown topic 'retentoin'; topics are: retention, activation, training" in r.stderr
    assert "Traceback" not in r.output


def test_ask_without_question_is_a_usage_error(runner):
    r = runner.invoke(cli, ["ask"])
    assert r.exit_code == 2 and "Missing argument" in r.stderr


def test_unknown_command_is_a_usage_error(runner):
    r = runner.invoke(cli, ["aks", "x"])
    assert r.exit_code == 2 and "No such command 'aks'" in r.stderr


def test_broken_knowledge_is_one_clear_error(runner, tmp_path):
    (tmp_path / "k").mkdir()
    (tmp_path / "k" / "bad.yaml").write_text("version: 1\nentries: [\n")
    r = runner.invoke(cli, ["ask", "--knowledge", str(tmp_path / "k"), "--intents", str(MINI / "intents"), "x"])
    assert r.exit_code == 1
    assert r.stderr.startswith("Error: cannot load the knowledge base")
    assert "bad.yaml:3: YAML syntax error" in r.stderr
    assert "Traceback" not in r.output


def test_validate_clean_and_broken(runner, tmp_path):
    r = runner.invoke(cli, ["validate", str(MINI / "knowledge"), str(MINI / "intents")])
    assert r.exit_code == 0 and r.stdout.strip().splitlines()[-1].startswith("OK: 0 errors")
    r = runner.invoke(cli, ["validate", "--strict", str(MINI / "knowledge"), str(MINI / "intents")])
    assert r.exit_code == 1  # the mini entries break the editorial rules (warnings)
    bad = tmp_path / "bad.yaml"
    bad.write_text("version: 1\nentries:\n  - id: x\n    id: y\n")
    r = runner.invoke(cli, ["validate", str(bad)])
    assert r.exit_code == 1
    assert "bad.yaml:4: duplicate key 'id' (first on line 3)" in r.stdout
    assert "validate: " in r.stderr


def test_validate_missing_path(runner, tmp_path):
    r = runner.invoke(cli, ["validate", str(tmp_path / "nope.yaml")])
    assert r.exit_code == 1 and "no such file or directory" in r.stdout


def test_topics(runner):
    r = runner.invoke(cli, ["topics", *K])
    assert r.exit_code == 0
    assert r.stdout.splitlines()[0].split()[:2] == ["retention", "2"]
    assert r.stdout.strip().endswith("5 entries in 3 topics")


def test_version_and_help(runner):
    assert runner.invoke(cli, ["--version"]).exit_code == 0
    r = runner.invoke(cli, ["--help"])
    assert r.exit_code == 0 and "ask" in r.stdout and "validate" in r.stdout


def test_hostile_question_cannot_reach_the_terminal(runner):
    r = runner.invoke(cli, ["ask", *K, "hi \x1b]0;owned\x07 \x1b[2J there"])
    assert r.exit_code == 0
    assert "\x1b" not in r.stdout and "\x07" not in r.stdout
