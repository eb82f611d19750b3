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
    ("dev5.yaml", "validation until the third session, then cross-validation (misses inspected); never trained on"),
    ("dev6.yaml", "validation (third session): never trained on; out-of-scope misses inspected"),
    ("validation_oos.yaml", "validation (out of scope only): never trained on"),
    ("validation_oos2.yaml", "validation (out of scope only, third session): never trained on; chose one weight"),
    ("validation_conv.yaml", "validation (conversational, third session): never trained on; baseline misses inspected"),
    ("heldout.yaml", "held out: never tuned against"),
    ("heldout2.yaml", "held out (third session): never tuned against"),
    (("heldout.yaml", "heldout2.yaml"), "**held out, both lists: the issue's targets**"),
]


def main() -> int:
    bot = Bot()
    print(f"Knowledge base `{bot.version}`: {len(bot.kb.entries)} entries.\n")
    print("| list | role | in scope | out of scope | conversational | topic accuracy | unanswered in scope | out of scope declined | intents right |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- | --- |")
    for names, role in LISTS:
        names = (names,) if isinstance(names, str) else names
        paths = [ROOT / "tests" / "questions" / name for name in names]
        if not all(p.exists() for p in paths):
            continue
        report = run(bot, load_cases(paths))
        name = " + ".join(names)
        m, c = report.metrics, report.counts
        pct = lambda v: "n/a" if v is None else f"{100 * v:.1f}%"  # noqa: E731
        print(f"| `{name.replace(' + ', '` + `')}` | {role} | {c['in_scope']} | {c['out_of_scope']} | {c['conversational']} | {pct(m['topic_accuracy'])} | "
              f"{pct(m['false_abstention_rate'])} | {pct(m['abstain_recall'])} | {pct(m['intent_accuracy'])} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
