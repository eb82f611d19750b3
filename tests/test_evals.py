"""`bwc-bot test`: input formats, expectations, metrics, outputs, compare, sweep, exit codes."""

import json
import re
import xml.etree.ElementTree as ET

import pytest
from click.testing import CliRunner

from bwc_bot.cli import cli
from bwc_bot.errors import DataError
from bwc_bot.evals import Case, judge, load_cases, parse_threshold, run

from .conftest import DATA, MINI, REPO

EVALS = DATA / "evals"
K = ["--knowledge", str(MINI / "knowledge")]


@pytest.fixture
def runner():
    return CliRunner()


def test_every_input_format_loads():
    yaml_cases = load_cases([EVALS / "mini.yaml"])
    assert [c.line for c in yaml_cases] == [5, 10, 12, 15, 17, 19]
    first = yaml_cases[0]
    assert (first.expect_entry, first.expect_topic, first.expect_text, first.min_confidence) == (
        ("retention-period",), "retention", ("routine footage",), 0.3)
    assert yaml_cases[1].expect_entry == ("activation-when", "activation-deactivate")
    assert yaml_cases[2].rank == 3 and yaml_cases[0].rank == 1
    assert yaml_cases[3].expect_abstain is True and yaml_cases[4].expect_intent == "greeting"
    csv_cases = load_cases([EVALS / "mini.csv"])
    assert [(c.line, c.expect_topic, c.expect_abstain, c.expect_intent) for c in csv_cases] == [
        (2, "retention", None, None), (3, None, True, None), (4, None, None, "thanks")]
    (tsv,) = load_cases([EVALS / "mini.tsv"])
    assert tsv.expect_entry == ("activation-when", "activation-deactivate") and tsv.rank == 2
    plain = load_cases([EVALS / "plain.txt"])
    assert [(c.line, c.question) for c in plain] == [(2, "how long should body cam video be kept"), (4, "hi there")]
    assert all(not (c.expect_entry or c.expect_topic or c.expect_intent) for c in plain)


def test_defaults_apply_unless_a_question_overrides(tmp_path):
    f = tmp_path / "d.yaml"
    f.write_text("version: 1\ndefaults:\n  expect_topic: retention\n  rank: 2\nquestions:\n"
                 "  - question: a?\n  - question: b?\n    expect_topic: activation\n    rank: 1\n  - plain string question\n")
    cases = load_cases([f])
    assert [(c.expect_topic, c.rank) for c in cases] == [("retention", 2), ("activation", 1), ("retention", 2)]


@pytest.mark.parametrize(
    "content, name, expected",
    [
        ("version: 1\nquestions:\n  - question: hi\n    expect_intnt: greeting\n", "a.yaml", "a.yaml:4: unknown key `expect_intnt` (did you mean `expect_intent`?)"),
        ("version: 1\nquestions:\n  - question: x\n    expect_abstain: maybe\n", "b.yaml", "b.yaml:4: `expect_abstain` must be true or false, got 'maybe'"),
        ("version: 1\nquestions:\n  - expect_topic: retention\n", "c.yaml", "c.yaml:3: missing `question`"),
        ("version: 1\nquestions:\n  - question: x\n    rank: 0\n", "d.yaml", "d.yaml:4: `rank` must be a whole number of 1 or more"),
        ("version: 1\nquestions:\n  - question: x\n    min_confidence: 2\n", "e.yaml", "e.yaml:4: `min_confidence` must be a number from 0 to 1"),
        ("version: 1\nquestions:\n  - question: x\n    expect_abstain: true\n    expect_topic: retention\n", "f.yaml",
         "f.yaml:3: a question cannot both expect an abstention and expect an entry or topic"),
        ("version: 1\nquestions: [\n", "g.yaml", "g.yaml:3: YAML syntax error"),
        ("questions: []\n", "h.yaml", "h.yaml:1: needs `version: 1`"),
        ("question,expect_topc\nhi,retention\n", "i.csv", "i.csv:1: unknown column `expect_topc` (did you mean `expect_topic`?)"),
        ("topic\nretention\n", "j.csv", "j.csv:1: the header row needs a `question` column"),
        ("question\texpect_topic\nq\tretention\textra\n", "k.tsv", "k.tsv:2: row has 3 cells but the header has 2"),
    ],
)
def test_malformed_files_report_path_and_line(tmp_path, content, name, expected):
    f = tmp_path / name
    f.write_text(content)
    with pytest.raises(DataError) as info:
        load_cases([f])
    assert any(str(p).endswith(expected) or expected in str(p) for p in info.value.problems), [str(p) for p in info.value.problems]


ANSWER_CASES = [
    # case, answer fields, expected failure fragments
    (Case("q", "f", 1, expect_entry=("a",)), dict(answered=True, entry_id="a", topic="t"), []),
    (Case("q", "f", 1, expect_entry=("a",)), dict(answered=True, entry_id="b", topic="t"), ["expected entry a, got b"]),
    (Case("q", "f", 1, expect_entry=("a",), rank=3), dict(answered=True, entry_id="b", topic="t"), []),
    (Case("q", "f", 1, expect_entry=("z",), rank=3), dict(answered=True, entry_id="b", topic="t"), ["expected z in the top 3"]),
    (Case("q", "f", 1, expect_topic="t"), dict(answered=False, reason="no_match"), ["expected topic t, got no answer (no_match)"]),
    (Case("q", "f", 1, expect_abstain=True), dict(answered=False, reason="out_of_scope"), []),
    (Case("q", "f", 1, expect_abstain=True), dict(answered=True, entry_id="a", topic="t"), ["expected an abstention, got a"]),
    (Case("q", "f", 1, expect_abstain=False), dict(answered=False, reason="low_confidence"), ["expected an answer"]),
    (Case("q", "f", 1, expect_intent="greeting"), dict(answered=False, intent="thanks", reason="conversational"), ["expected intent greeting, got thanks"]),
    (Case("q", "f", 1, expect_text=("Footage", "missing")), dict(answered=True, entry_id="a", text="footage here"), ["expected text 'missing'"]),
    (Case("q", "f", 1, min_confidence=0.5), dict(answered=True, entry_id="a", confidence=0.4), ["confidence 0.40 below 0.50"]),
]


@pytest.mark.parametrize("case, fields, expected", ANSWER_CASES)
def test_every_expectation_kind(case, fields, expected):
    from bwc_bot.models import Answer

    answer = Answer(question="q", text=fields.pop("text", "text"), **fields)
    failures = judge(case, answer, ("a", "b", "c"))
    assert len(failures) == len(expected)
    for fragment, failure in zip(expected, failures):
        assert fragment in failure


def test_metrics_on_the_mini_lists(mini_bot):
    report = run(mini_bot, load_cases([EVALS / "mini.yaml", EVALS / "mini.csv"]))
    m = report.metrics
    assert report.counts["questions"] == 9
    assert m["accuracy"] == 1.0 and m["hit_at_3"] == 1.0 and m["mrr"] == 1.0
    assert m["abstain_recall"] == 1.0 and m["abstain_precision"] == 1.0 and m["intent_accuracy"] == 1.0
    assert m["false_abstention_rate"] == 0.0
    assert m["topic_accuracy"] == pytest.approx(4 / 5, abs=1e-3)  # one question deliberately expects the wrong topic
    assert report.confused == [("activation", "training", 1)]
    assert report.per_topic["activation"]["questions"] == 2
    assert set(report.per_file) == {"tests/data/evals/mini.yaml", "tests/data/evals/mini.csv"}


def test_text_report_and_exit_codes(runner, tmp_path):
    r = runner.invoke(cli, ["test", *K, str(EVALS / "mini.csv")])
    assert r.exit_code == 0
    assert "PASS tests/data/evals/mini.csv:2" in r.stdout and "3 passed, 0 failed" in r.stdout
    r = runner.invoke(cli, ["test", *K, str(EVALS / "mini.yaml")])
    assert r.exit_code == 1
    assert "FAIL tests/data/evals/mini.yaml:19" in r.stdout and "! expected topic activation, got training" in r.stdout
    r = runner.invoke(cli, ["test", *K, str(EVALS / "mini.yaml"), "--only-thresholds"])
    assert r.exit_code == 0  # no thresholds given, failures don't count
    r = runner.invoke(cli, ["test", *K, str(EVALS / "mini.yaml"), "--only-thresholds", "--fail-under", "topic_accuracy=0.9"])
    assert r.exit_code == 1 and "topic_accuracy 0.7500 is under 0.9" in r.stdout
    r = runner.invoke(cli, ["test", *K, str(EVALS / "bad_keys.yaml")])
    assert r.exit_code == 2 and "bad_keys.yaml:4: unknown key `expect_intnt`" in r.stderr
    r = runner.invoke(cli, ["test", *K, str(tmp_path / "missing.yaml")])
    assert r.exit_code == 2 and "missing.yaml: no such file" in r.stderr


def test_threshold_usage_errors(runner):
    for args, message in [
        (["--fail-under", "false_abstention_rate=0.1"], "use --fail-over"),
        (["--fail-over", "accuracy=0.9"], "use --fail-under"),
        (["--fail-under", "acuracy=0.9"], "did you mean accuracy?"),
        (["--fail-under", "accuracy"], "expected METRIC=VALUE"),
    ]:
        r = runner.invoke(cli, ["test", *K, str(EVALS / "mini.csv"), *args])
        assert r.exit_code == 2 and message in r.stderr, r.stderr
    assert parse_threshold("hit-at-3=0.5") == ("hit_at_3", 0.5)


def test_references_to_unknown_entries_are_input_errors(runner, tmp_path):
    f = tmp_path / "q.yaml"
    f.write_text("version: 1\nquestions:\n  - question: x\n    expect_entry: no-such-entry\n")
    r = runner.invoke(cli, ["test", *K, str(f)])
    assert r.exit_code == 2 and "q.yaml:3: `expect_entry`: no entry 'no-such-entry'" in r.stderr


def test_json_output_and_compare(runner, tmp_path):
    before = tmp_path / "before.json"
    r = runner.invoke(cli, ["test", *K, str(EVALS / "mini.yaml"), "--format", "json", "-o", str(before)])
    assert r.exit_code == 1 and r.stdout.startswith("5/6 passed; report written to")
    data = json.loads(before.read_text())
    assert data["counts"]["questions"] == 6 and len(data["results"]) == 6
    assert data["results"][0]["outcome"] == "entry:retention-period"
    # pretend one question used to fail and another used to pass with a different answer
    data["results"][0]["passed"] = False
    data["results"][1]["passed"] = True
    data["results"][1]["outcome"] = "entry:training-officers"
    data["results"][5]["passed"] = True
    before.write_text(json.dumps(data))
    r = runner.invoke(cli, ["test", *K, str(EVALS / "mini.yaml"), "--compare", str(before)])
    assert "Compared with the previous run: 1 changed, 1 improved, 1 regressed, 0 new" in r.stdout
    assert "regressed: what training do officers need before wearing a camera" in r.stdout
    r = runner.invoke(cli, ["test", *K, str(EVALS / "mini.yaml"), "--compare", str(tmp_path / "nope.json")])
    assert r.exit_code == 2 and "cannot read the previous report" in r.stderr


def test_junit_parses_and_counts_match(runner, tmp_path):
    out = tmp_path / "report.xml"
    r = runner.invoke(cli, ["test", *K, str(EVALS / "mini.yaml"), str(EVALS / "mini.csv"), "--format", "junit", "-o", str(out),
                            "--fail-under", "accuracy=0.5"])
    assert r.exit_code == 1
    root = ET.parse(out).getroot()
    assert root.tag == "testsuites"
    suites = root.findall("testsuite")
    assert [s.get("name") for s in suites] == ["tests/data/evals/mini.yaml", "tests/data/evals/mini.csv", "thresholds"]
    cases = root.findall(".//testcase")
    assert int(root.get("tests")) == len(cases) == 10
    assert int(root.get("failures")) == len(root.findall(".//failure")) == 1
    assert suites[0].get("failures") == "1" and suites[2].get("failures") == "0"


def test_tsv_output(runner):
    r = runner.invoke(cli, ["test", *K, str(EVALS / "mini.csv"), "--format", "tsv"])
    rows = [line.split("\t") for line in r.stdout.strip().splitlines()]
    assert rows[0] == ["file", "line", "question", "passed", "outcome", "topic", "confidence", "failures"]
    assert len(rows) == 4 and rows[3][4] == "intent:thanks"


def test_plain_list_just_records_answers(runner):
    r = runner.invoke(cli, ["test", *K, str(EVALS / "plain.txt")])
    assert r.exit_code == 0 and "2 passed" in r.stdout and "-> retention-period [retention]" in r.stdout


def test_sweep(runner, mini_bot):
    from bwc_bot.evals import sweep

    rows = sweep(mini_bot, load_cases([EVALS / "mini.yaml"]), [0.0, 0.15, 0.99])
    assert [r["min_confidence"] for r in rows] == [0.0, 0.15, 0.99]
    assert [r["current"] for r in rows] == [False, True, False]
    assert rows[0]["coverage"] == 1.0 and rows[2]["coverage"] < rows[0]["coverage"]
    r = runner.invoke(cli, ["test", *K, str(EVALS / "mini.yaml"), "--sweep"])
    assert "Threshold sweep (min_confidence)" in r.stdout and "<- current" in r.stdout


def _yaml_blocks(text: str) -> list[str]:
    return re.findall(r"```yaml\n(version: 1\n.*?)```", text, re.S)


def test_readme_example_is_a_working_question_list(runner, tmp_path):
    (block,) = [b for b in _yaml_blocks((REPO / "README.md").read_text()) if "questions:" in b]
    f = tmp_path / "readme.yaml"
    f.write_text(block)
    r = runner.invoke(cli, ["test", str(f)])
    assert r.exit_code == 0, r.output


def test_help_example_is_a_working_question_list(runner, tmp_path):
    help_text = runner.invoke(cli, ["test", "--help"]).stdout.splitlines()
    start = next(n for n, line in enumerate(help_text) if line.strip() == "version: 1")
    lines = []
    for line in help_text[start:]:
        if not line.strip():
            break
        lines.append(line)
    indent = len(lines[0]) - len(lines[0].lstrip())
    f = tmp_path / "help.yaml"
    f.write_text("\n".join(line[indent:] for line in lines) + "\n")
    r = runner.invoke(cli, ["test", str(f)])
    assert r.exit_code == 0, (f.read_text(), r.output)
