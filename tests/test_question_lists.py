"""The project's own question lists, run through `bwc-bot test` with their thresholds.

`dev.yaml` is what thresholds and phrasings were tuned on; `heldout.yaml` was written
independently of the entries and never tuned against. The held-out thresholds are the
ones the knowledge-base issue sets.
"""

import pytest
from click.testing import CliRunner

from bwc_bot.cli import cli
from bwc_bot.evals import load_cases

from .conftest import TESTS

LISTS = TESTS / "questions"
HELD_OUT_THRESHOLDS = ["--fail-under", "topic_accuracy=0.92", "--fail-over", "false_abstention_rate=0.03",
                       "--fail-under", "abstain_recall=0.95", "--fail-under", "intent_accuracy=0.95"]


def test_lists_are_big_enough_and_disjoint():
    from bwc_bot.validate import normalize_phrasing

    dev, held = load_cases([LISTS / "dev.yaml"]), load_cases([LISTS / "heldout.yaml"])
    both = dev + held
    assert sum(c.in_scope for c in both) >= 300
    assert sum(c.out_of_scope for c in both) >= 60
    assert sum(bool(c.expect_intent) for c in both) >= 20
    assert not {normalize_phrasing(c.question) for c in dev} & {normalize_phrasing(c.question) for c in held}


@pytest.mark.parametrize("name", ["heldout.yaml", "dev.yaml"])
def test_question_list_meets_thresholds(name):
    result = CliRunner().invoke(cli, ["test", str(LISTS / name), "--only-thresholds", "--failures-only", *HELD_OUT_THRESHOLDS])
    # Only the metrics are shown on failure, so nobody tunes against individual held-out questions.
    metrics = result.stdout[result.stdout.find("Metrics"):result.stdout.find("By topic")]
    thresholds = result.stdout[result.stdout.find("Threshold"):]
    assert result.exit_code == 0, metrics + thresholds
    assert "Thresholds: all met" in result.stdout
