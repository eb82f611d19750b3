"""Speed benchmarks for bwc-bot. Run with `make bench` (or `python benchmarks/run.py`).

Machines here are noisy, so every figure is a median over many runs and is also
reported as a ratio against a baseline measured in the same process or the same
command loop:

* ask (in process): `Bot.ask` on the shipped knowledge base over the question lists,
  against scoring the same analysed terms with rank-bm25's `BM25Okapi.get_scores`
  over the phrasing corpus (what a naive use of the library costs);
* cold one-shot CLI: `bwc-bot ask QUESTION --json` in a new process with a warm index
  cache, against `python -c pass` (the interpreter's own start-up);
* worst-case questions: 1 MB of text, a million repeated words, control characters,
  against the median ordinary question.

Results go to benchmarks/results/latest.json and latest.md.
"""

from __future__ import annotations

import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bwc_bot import Bot  # noqa: E402
from bwc_bot.evals import load_cases  # noqa: E402


def pct(values, q):
    values = sorted(values)
    k = min(len(values) - 1, max(0, round(q / 100 * (len(values) - 1))))
    return values[k]


def questions() -> list[str]:
    files = [ROOT / "tests" / "questions" / "dev.yaml"]
    qs = [c.question for c in load_cases([f for f in files if f.exists()])]
    return qs or ["How long should body-worn camera footage be kept?"]


def _time_each(fn, items: list, rounds: int) -> list[float]:
    """Seconds taken by ``fn(item)`` for every item, ``rounds`` times over."""
    times = []
    for _ in range(rounds):
        for item in items:
            t = time.perf_counter()
            fn(item)
            times.append(time.perf_counter() - t)
    return times


def bench_ask(bot: Bot, qs: list[str], rounds: int = 5) -> dict:
    from rank_bm25 import BM25Okapi

    for q in qs:  # warm up (lazy spelling index, caches)
        bot.ask(q)
    times = _time_each(bot.ask, qs, rounds)
    naive = BM25Okapi([list(d) for d in bot.index.phrasing_terms])
    base = _time_each(naive.get_scores, [bot.analyzer.terms(q) for q in qs], rounds)
    med, p99, bmed = statistics.median(times), pct(times, 99), statistics.median(base)
    return {
        "questions": len(qs) * rounds,
        "median_ms": round(med * 1000, 3),
        "p99_ms": round(p99 * 1000, 3),
        "max_ms": round(max(times) * 1000, 3),
        "baseline": "rank_bm25 BM25Okapi.get_scores over the phrasing corpus, same terms",
        "baseline_median_ms": round(bmed * 1000, 3),
        "ratio_to_baseline": round(med / bmed, 3),
    }


def bench_cold(runs: int = 15) -> dict:
    env = dict(os.environ)
    cache = tempfile.mkdtemp(prefix="bwc-bench-cache-")
    env["BWC_BOT_CACHE_DIR"] = cache
    exe = [sys.executable, "-m", "bwc_bot"]
    cmd = exe + ["ask", "--json", "how long should body camera footage be kept"]
    first = time.perf_counter()
    subprocess.run(cmd, env=env, check=True, capture_output=True, cwd=tempfile.gettempdir())
    build = time.perf_counter() - first
    times, base = [], []
    for _ in range(runs):  # interleave so both see the same machine load
        t = time.perf_counter()
        subprocess.run(cmd, env=env, check=True, capture_output=True, cwd=tempfile.gettempdir())
        times.append(time.perf_counter() - t)
        t = time.perf_counter()
        subprocess.run([sys.executable, "-c", "pass"], env=env, check=True, capture_output=True)
        base.append(time.perf_counter() - t)
    med, bmed = statistics.median(times), statistics.median(base)
    return {
        "runs": runs,
        "first_run_building_cache_ms": round(build * 1000, 1),
        "median_ms": round(med * 1000, 1),
        "p90_ms": round(pct(times, 90) * 1000, 1),
        "baseline": "python -c pass (interpreter start-up), interleaved",
        "baseline_median_ms": round(bmed * 1000, 1),
        "ratio_to_baseline": round(med / bmed, 2),
    }


def bench_worst(bot: Bot, ordinary_ms: float) -> dict:
    cases = {
        "1 MB of text": "body camera footage retention " * (1024 * 1024 // 30),
        "a million repeated words": "retention " * 1_000_000,
        "control characters and escapes": ("\x1b[31m\x00\x07 bodycam \u202e\u200b" * 50_000),
        "one 1 MB word": "a" * 1_000_000,
        "emoji and other scripts": ("📹 警察 カメラ كاميرا " * 30_000),
    }
    out = {}
    for name, text in cases.items():
        times = []
        for _ in range(5):
            t = time.perf_counter()
            bot.ask(text)
            times.append(time.perf_counter() - t)
        med = statistics.median(times)
        out[name] = {"chars": len(text), "median_ms": round(med * 1000, 2), "ratio_to_ordinary_question": round(med * 1000 / ordinary_ms, 1)}
    return out


def main() -> int:
    os.environ.setdefault("BWC_BOT_CACHE_DIR", tempfile.mkdtemp(prefix="bwc-bench-"))
    t = time.perf_counter()
    bot = Bot()
    load_ms = (time.perf_counter() - t) * 1000
    qs = questions()
    ask = bench_ask(bot, qs)
    cold = bench_cold()
    worst = bench_worst(bot, ask["median_ms"])
    result = {
        "when": time.strftime("%Y-%m-%d %H:%M:%S"),
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}",
        "kb_version": bot.version,
        "entries": len(bot.kb.entries),
        "bot_load_ms_in_process": round(load_ms, 1),
        "ask_in_process": ask,
        "cli_cold_ask_json": cold,
        "worst_case_questions": worst,
    }
    out = ROOT / "benchmarks" / "results"
    out.mkdir(parents=True, exist_ok=True)
    (out / "latest.json").write_text(json.dumps(result, indent=2) + "\n")
    md = [
        "# Latest benchmark results",
        "",
        f"{result['when']}; {result['machine']}; {result['entries']} entries (kb {result['kb_version']}).",
        "",
        "| measure | median | other | baseline (same run) | ratio |",
        "| --- | --- | --- | --- | --- |",
        f"| `Bot.ask` in process ({ask['questions']} asks) | {ask['median_ms']} ms | p99 {ask['p99_ms']} ms | {ask['baseline_median_ms']} ms: {ask['baseline']} | {ask['ratio_to_baseline']} |",
        f"| `bwc-bot ask --json` cold process | {cold['median_ms']} ms | p90 {cold['p90_ms']} ms; first run (builds cache) {cold['first_run_building_cache_ms']} ms | {cold['baseline_median_ms']} ms: {cold['baseline']} | {cold['ratio_to_baseline']} |",
    ]
    for name, w in worst.items():
        md.append(f"| worst case: {name} ({w['chars']:,} chars) | {w['median_ms']} ms | | median ordinary question | {w['ratio_to_ordinary_question']} |")
    (out / "latest.md").write_text("\n".join(md) + "\n")
    print("\n".join(md))
    return 0


if __name__ == "__main__":
    sys.exit(main())
