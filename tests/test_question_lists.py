"""The project's own question lists, run through `bwc-bot test` with their thresholds.

* `heldout.yaml` and `heldout2.yaml` (written blind in the third session and committed
  before it was run) are never tuned against. The knowledge-base issue's targets are
  judged on the two together, as decided before the second was run; the first alone is
  also guarded. Thresholds sit at the issue's values where reached, else just below the
  level reached (see docs/quality.md).
* `dev.yaml`, `dev2.yaml` and `dev3.yaml` were used for tuning (thresholds, phrasings,
  new entries for the gaps they revealed); `dev4.yaml` arrived later and only led to a few
  conversational examples. The in-scope questions of all four now also train the topic
  model (`knowledge/topic_examples.yaml`), so their scores are partly training-set
  scores. Their thresholds guard against regressions.
* `dev5.yaml` (validation) arrived after the topic examples were seeded and is never
  added to them; like `heldout.yaml` it measures questions the bot has not learned from.
* `validation_oos.yaml`, `validation_oos2.yaml`: out-of-scope questions never added to the
  out-of-scope intent; `validation_conv.yaml`: conversational messages never added to the
  intents. `dev6.yaml` (third session) is a validation list never trained on;
  `dev5.yaml` has been a cross-validation list since then.

Only aggregate metrics are shown when a list fails, so nobody tunes against individual
held-out questions.
"""

import pytest
from click.testing import CliRunner

from bwc_bot.cli import cli
from bwc_bot.evals import load_cases

from .conftest import TESTS

LISTS = TESTS / "questions"

HELD_OUT = ("heldout.yaml", "heldout2.yaml")
UNSEEN = (*HELD_OUT, "dev5.yaml", "dev6.yaml", "validation_oos.yaml", "validation_oos2.yaml", "validation_conv.yaml")

BOTH_HELD_OUT = " + ".join(HELD_OUT)  # run as one list: the targets apply to it

THRESHOLDS = {
    # The knowledge-base issue's four targets, at the values, on both held-out
    # lists together (reached: 95.7 / 0.0 / 97.8 / 96.2; intents have no slack, 25 of 26).
    BOTH_HELD_OUT: {"topic_accuracy": 0.92, "abstain_recall": 0.95, "intent_accuracy": 0.95, "false_abstention_rate": 0.03},
    # Each held-out list alone: just below the level reached (heldout.yaml: 92.0 / 0.0 /
    # 97.7 / 100, so topic, at 162 of 176, is guarded at 0.90; see docs/quality.md).
    "heldout.yaml": {"topic_accuracy": 0.90, "abstain_recall": 0.95, "intent_accuracy": 0.95, "false_abstention_rate": 0.03},
    "heldout2.yaml": {"topic_accuracy": 0.97, "abstain_recall": 0.95, "intent_accuracy": 0.8, "false_abstention_rate": 0.02},
    "dev.yaml": {"topic_accuracy": 0.95, "abstain_recall": 0.97, "intent_accuracy": 0.97, "false_abstention_rate": 0.02},
    "dev2.yaml": {"topic_accuracy": 0.94, "abstain_recall": 0.92, "intent_accuracy": 0.97, "false_abstention_rate": 0.03},
    "dev3.yaml": {"topic_accuracy": 0.96, "abstain_recall": 0.92, "intent_accuracy": 0.97, "false_abstention_rate": 0.02},
    "dev4.yaml": {"topic_accuracy": 0.93, "abstain_recall": 0.91, "intent_accuracy": 0.97, "false_abstention_rate": 0.03},
    "dev5.yaml": {"topic_accuracy": 0.92, "abstain_recall": 0.96, "intent_accuracy": 0.88, "false_abstention_rate": 0.02},
    "dev6.yaml": {"topic_accuracy": 0.97, "abstain_recall": 0.93, "false_abstention_rate": 0.02},
    "validation_oos.yaml": {"abstain_recall": 0.89},
    "validation_oos2.yaml": {"abstain_recall": 0.91},
    "validation_conv.yaml": {"intent_accuracy": 0.84},
}


def _args(limits: dict[str, float]) -> list[str]:
    args = []
    for metric, value in limits.items():
        flag = "--fail-over" if metric == "false_abstention_rate" else "--fail-under"
        args += [flag, f"{metric}={value}"]
    return args


def test_lists_are_big_enough_and_disjoint():
    from bwc_bot.validate import normalize_phrasing

    held = load_cases([LISTS / name for name in HELD_OUT])
    dev = load_cases([LISTS / name for name in THRESHOLDS if name not in HELD_OUT and name != BOTH_HELD_OUT])
    both = dev + held
    assert sum(c.in_scope for c in both) >= 300 and sum(c.in_scope for c in held) >= 150
    assert sum(c.out_of_scope for c in both) >= 60
    assert sum(bool(c.expect_intent) for c in both) >= 20
    assert not {normalize_phrasing(c.question) for c in dev} & {normalize_phrasing(c.question) for c in held}


def test_unseen_lists_never_train_the_topic_model(bot):
    """The held-out and validation lists measure unseen questions: none may be a topic
    example, and their overlap with intent examples is known and may not grow."""
    from bwc_bot.validate import normalize_phrasing

    unseen_lists = [LISTS / name for name in UNSEEN]
    unseen = {normalize_phrasing(c.question) for c in load_cases(unseen_lists)}
    examples = {normalize_phrasing(q) for x in bot.kb.topic_examples for q in x.questions}
    intent_examples = {normalize_phrasing(q) for i in bot.kb.intents for q in i.examples}
    assert len(examples) > 1000 and len(intent_examples) > 1000  # the bundled examples are loaded
    assert not unseen & examples
    # Stock phrases that writers produced independently ("hello", "thanks", "how long should
    # I keep my tax records") are both intent examples and list questions: 17 in heldout.yaml,
    # 3 in dev5.yaml, reported in docs/quality.md. The overlap must not grow.
    known = {"heldout.yaml": 17, "dev5.yaml": 3}
    known |= {name: 0 for name in UNSEEN if name not in known}
    for name, most in known.items():
        questions = {normalize_phrasing(c.question) for c in load_cases([LISTS / name])}
        assert len(questions & intent_examples) <= most, name


@pytest.mark.parametrize("name", sorted(THRESHOLDS))
def test_question_list_meets_thresholds(name):
    files = [str(LISTS / part) for part in name.split(" + ")]
    result = CliRunner().invoke(cli, ["test", *files, "--only-thresholds", "--failures-only", *_args(THRESHOLDS[name])])
    metrics = result.stdout[result.stdout.find("Metrics"):result.stdout.find("By topic")]
    thresholds = result.stdout[result.stdout.find("Threshold"):]
    assert result.exit_code == 0, metrics + thresholds
    assert "Thresholds: all met" in result.stdout
