"""Memory soak: ask 100,000 questions with one Bot and watch resident memory.

Run: `.venv/bin/python benchmarks/soak.py [COUNT]`. Writes benchmarks/results/soak.md.
Resident set size is read from /proc/self/status (Linux). The figure that matters is
the growth after warm-up, reported against the warm-up baseline in the same process.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bwc_bot import Bot  # noqa: E402
from bwc_bot.evals import load_cases  # noqa: E402


def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def main() -> int:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    os.environ.setdefault("BWC_BOT_CACHE_DIR", tempfile.mkdtemp(prefix="bwc-soak-"))
    bot = Bot()
    qs = [c.question for c in load_cases([ROOT / "tests" / "questions" / "dev.yaml"])]
    # every question a little different, so nothing is served from a cache
    qs += ["x" * n + " retention" for n in range(1, 50)] + ["\x1b[2J hostile \u202e", "", "retension shedule"]
    for q in qs:
        bot.ask(q)
    base = rss_mb()
    samples = []
    t = time.perf_counter()
    for n in range(1, count + 1):
        q = qs[n % len(qs)]
        bot.ask(q if n % 3 else f"{q} {n}")
        if n % (count // 10) == 0:
            samples.append((n, rss_mb()))
    elapsed = time.perf_counter() - t
    final = samples[-1][1]
    lines = [
        "# Memory soak",
        "",
        f"{time.strftime('%Y-%m-%d %H:%M:%S')}: {count:,} questions with one Bot in {elapsed:.1f} s "
        f"({elapsed / count * 1000:.3f} ms per question).",
        "",
        f"Resident memory after warm-up (baseline): {base:.1f} MB; after {count:,} questions: {final:.1f} MB; "
        f"growth {final - base:+.1f} MB ({final / base:.3f} x baseline).",
        "",
        "| questions | RSS MB |",
        "| --- | --- |",
        *[f"| {n:,} | {mb:.1f} |" for n, mb in samples],
    ]
    out = ROOT / "benchmarks" / "results" / "soak.md"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text("\n".join(lines) + "\n")
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())
