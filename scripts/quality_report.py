"""Print the answer-quality table of docs/quality.md from the project's question lists.

Usage: .venv/bin/python scripts/quality_report.py
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bwc_bot import Bot  # noqa: E402
from bwc_bot.evals import load_cases, run  # noqa: E402

LISTS = [
    ("dev.yaml", "tuning (thresholds, phrasings); trains the topic model"),
    ("dev2.yaml", "tuning (gaps it revealed were filled); trains the topic model"),
    ("dev3.yaml", "tuning (gaps it revealed were filled); trains the topic model"),
    ("dev4.yaml", "cross-validation for the topic model; then trains it"),
    ("dev5.yaml", "validation: never trained or tuned on"),
    ("validation_oos.yaml", "validation (out of scope only): never trained on"),
    ("heldout.yaml", "held out: never tuned against"),
]


def main() -> int:
    bot = Bot()
    print(f"Knowledge base `{bot.version}`: {len(bot.kb.entries)} entries.\n")
    print("| list | role | in scope | out of scope | conversational | topic accuracy | unanswered in scope | out of scope declined | intents right |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- | --- |")
    for name, role in LISTS:
        path = ROOT / "tests" / "questions" / name
        if not path.exists():
            continue
        report = run(bot, load_cases([path]))
        m, c = report.metrics, report.counts
        pct = lambda v: "n/a" if v is None else f"{100 * v:.1f}%"  # noqa: E731
        print(f"| `{name}` | {role} | {c['in_scope']} | {c['out_of_scope']} | {c['conversational']} | {pct(m['topic_accuracy'])} | "
              f"{pct(m['false_abstention_rate'])} | {pct(m['abstain_recall'])} | {pct(m['intent_accuracy'])} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
