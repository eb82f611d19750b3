"""Fuzz Bot.ask and the renderers with hypothesis for a time budget; report what broke.

Run: `.venv/bin/python benchmarks/fuzz.py [SECONDS]`. Writes benchmarks/results/fuzz.md.
Every generated input must give an Answer with the documented JSON keys, a confidence
in 0..1, valid JSON, and terminal text free of control characters.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
import time
import traceback
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from bwc_bot import ANSWER_KEYS, Bot  # noqa: E402
from bwc_bot.render import to_json, to_text  # noqa: E402

PIECES = ["retention", "BWC", "bodycam", "footage", "FOIA", "officer", "\x1b[31m", "\x1b]0;x\x07", "\x00", "\u202e",
          "\u200b", "\ud800", "📹", "警察", "'; DROP TABLE x; --", "$(reboot)", "<script>", "{{7*7}}", "\n", "\t", "?", "é",
          "Oregon", "west  VIRGINIA", "Washington, D.C.", "Texas"]


def main() -> int:
    budget = float(sys.argv[1]) if len(sys.argv) > 1 else 120.0
    os.environ.setdefault("BWC_BOT_CACHE_DIR", tempfile.mkdtemp(prefix="bwc-fuzz-"))
    bot = Bot()
    count = {"inputs": 0}
    failures: list[str] = []
    deadline = time.time() + budget

    topic_ids = [t.id for t in bot.kb.topics]

    def check(text: str) -> None:
        count["inputs"] += 1
        # every other input is also limited to one topic (Bot.ask(..., topics=...))
        limit = [topic_ids[len(text) % len(topic_ids)]] if count["inputs"] % 2 else None
        try:
            a = bot.ask(text, topics=limit)
            d = a.to_dict()
            assert tuple(d) == ANSWER_KEYS
            assert 0.0 <= d["confidence"] <= 1.0
            json.loads(to_json(a))
            shown = to_text(a, w=80)
            assert all(ch == "\n" or (ord(ch) >= 0x20 and not 0x7F <= ord(ch) <= 0x9F) for ch in shown), "control character in output"
        except Exception:  # record and keep fuzzing
            failures.append(f"{text[:80]!r}: {traceback.format_exc(limit=2).splitlines()[-1]}")

    strategies = [
        st.text(max_size=2000),
        st.lists(st.sampled_from(PIECES), max_size=40).map(" ".join),
        st.binary(max_size=500).map(lambda b: b.decode("utf-8", "surrogateescape")),
        st.text(alphabet=st.characters(max_codepoint=0x2FFF), min_size=1000, max_size=20000),
    ]
    rounds = 0
    while time.time() < deadline:
        for strategy in strategies:
            @settings(max_examples=500, deadline=None, database=None, suppress_health_check=list(HealthCheck))
            @given(strategy)
            def run(text):
                check(text)

            run()
            rounds += 1
            if time.time() >= deadline:
                break
    elapsed = budget
    lines = [
        "# Fuzzing run",
        "",
        f"{time.strftime('%Y-%m-%d %H:%M:%S')}: {count['inputs']:,} generated inputs in about {elapsed:.0f} s "
        f"({rounds} hypothesis rounds over {len(strategies)} strategies: arbitrary text, mixtures of hostile pieces, "
        "undecodable bytes, long texts; every other input also limited to one topic).",
        "",
        f"Failures: {len(failures)}",
        *[f"- {f}" for f in failures[:50]],
    ]
    out = ROOT / "benchmarks" / "results" / "fuzz.md"
    out.write_text("\n".join(lines) + "\n")
    print("\n".join(lines))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
