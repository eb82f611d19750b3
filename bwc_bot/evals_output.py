"""Render an evaluation ``Report``: terminal text, JSON, JUnit XML and TSV."""

from __future__ import annotations

import json
from typing import Any
from xml.sax.saxutils import escape, quoteattr

from .evals import METRICS, Report, Result, _outcome
from .render import clean, style


def _fmt(v: float | None) -> str:
    return "n/a" if v is None else f"{v:.3f}"


def to_text(report: Report, *, color: bool = False, show_passed: bool = True, sweep_rows=None, comparison=None) -> str:
    lines = []
    for r in report.results:
        if r.passed and not show_passed:
            continue
        mark = style("PASS", "green", color) if r.passed else style("FAIL", "red", color)
        a = r.answer
        got = f"{a.entry_id} [{a.topic}]" if a.answered else (f"intent {a.intent}" if a.intent else f"abstain ({a.reason})")
        lines.append(f"{mark} {r.case.path}:{r.case.line}  {clean(r.case.question)[:70]}")
        lines.append(f"     -> {got}  confidence {a.confidence:.2f}")
        for f in r.failures:
            lines.append(f"     ! {clean(f)}")
    c = report.counts
    lines.append("")
    lines.append(style(f"{c['passed']} passed, {c['failed']} failed, {c['questions']} questions "
                       f"({c['in_scope']} in scope, {c['out_of_scope']} out of scope, {c['conversational']} conversational)", "bold", color))
    lines.append("")
    lines.append("Metrics")
    for name, (desc, _) in METRICS.items():
        lines.append(f"  {name:<22} {_fmt(report.metrics.get(name)):>6}  {desc}")
    if report.per_topic:
        lines.append("")
        lines.append("By topic (in-scope questions): questions, top-answer topic correct, unanswered")
        for t, s in report.per_topic.items():
            lines.append(f"  {t:<24} {s['questions']:>4}  {_fmt(s['accuracy']):>6}  {s['abstained']:>3}")
    if len(report.per_file) > 1:
        lines.append("")
        lines.append("By file: questions, pass rate")
        for f, s in report.per_file.items():
            lines.append(f"  {f:<40} {s['questions']:>4}  {_fmt(s['pass_rate']):>6}")
    if report.confused:
        lines.append("")
        lines.append("Most confused (expected -> got: count)")
        for a, b, n in report.confused:
            lines.append(f"  {a} -> {b}: {n}")
    if comparison:
        lines.append("")
        lines.append(f"Compared with the previous run: {len(comparison['changed'])} changed, "
                     f"{len(comparison['improved'])} improved, {len(comparison['regressed'])} regressed, {len(comparison['new'])} new")
        for kind in ("regressed", "improved", "changed"):
            for item in comparison[kind][:20]:
                lines.append(f"  {kind}: {clean(item['question'])[:60]}  {item.get('before')} -> {item['now']}")
    if sweep_rows:
        lines.append("")
        lines.extend(sweep_table(sweep_rows))
    return "\n".join(lines)


def sweep_table(rows) -> list[str]:
    out = ["Threshold sweep (min_confidence): coverage = in-scope answered, precision = answers correct, abstain_recall = out-of-scope declined"]
    out.append(f"  {'min_confidence':>14}  {'coverage':>8}  {'precision':>9}  {'abstain_recall':>14}")
    for r in rows:
        mark = "  <- current" if r["current"] else ""
        out.append(f"  {r['min_confidence']:>14.2f}  {_fmt(r['coverage']):>8}  {_fmt(r['precision']):>9}  {_fmt(r['abstain_recall']):>14}{mark}")
    return out


def result_dict(r: Result) -> dict[str, Any]:
    a = r.answer
    return {
        "key": r.case.key,
        "question": r.case.question,
        "file": r.case.path,
        "line": r.case.line,
        "passed": r.passed,
        "failures": list(r.failures),
        "outcome": _outcome(r),
        "entry_id": a.entry_id,
        "topic": a.topic,
        "intent": a.intent,
        "reason": a.reason,
        "confidence": a.confidence,
        "ranking": list(r.ranking[:5]),
    }


def to_json(report: Report, *, kb_version: str, sweep_rows=None, comparison=None, thresholds=None) -> str:
    data = {
        "kb_version": kb_version,
        "counts": report.counts,
        "metrics": report.metrics,
        "per_topic": report.per_topic,
        "per_file": report.per_file,
        "confused": [{"expected": a, "got": b, "count": n} for a, b, n in report.confused],
        "results": [result_dict(r) for r in report.results],
    }
    if thresholds is not None:
        data["threshold_failures"] = thresholds
    if sweep_rows is not None:
        data["sweep"] = sweep_rows
    if comparison is not None:
        data["comparison"] = comparison
    return json.dumps(data, indent=2, ensure_ascii=False)


def to_junit(report: Report, *, threshold_failures=()) -> str:
    """JUnit XML: one testsuite per file, one testcase per question; thresholds as a suite."""
    suites = {}
    for r in report.results:
        suites.setdefault(r.case.path, []).append(r)
    out = ['<?xml version="1.0" encoding="UTF-8"?>']
    total = len(report.results) + (1 if threshold_failures is not None else 0)
    failures = len(report.failed) + (1 if threshold_failures else 0)
    out.append(f'<testsuites name="bwc-bot test" tests="{total}" failures="{failures}">')
    for path, results in suites.items():
        fails = sum(not r.passed for r in results)
        out.append(f'  <testsuite name={quoteattr(path)} tests="{len(results)}" failures="{fails}">')
        for r in results:
            name = quoteattr(f"{r.case.line}: {_xml_safe(r.case.question)[:120]}")
            out.append(f'    <testcase classname={quoteattr(path)} name={name}>')
            if not r.passed:
                msg = "; ".join(r.failures)
                out.append(f'      <failure message={quoteattr(_xml_safe(msg))}>{escape(_xml_safe(msg))}</failure>')
            out.append("    </testcase>")
        out.append("  </testsuite>")
    if threshold_failures is not None:
        out.append(f'  <testsuite name="thresholds" tests="1" failures="{1 if threshold_failures else 0}">')
        out.append('    <testcase classname="thresholds" name="metrics meet thresholds">')
        if threshold_failures:
            msg = "; ".join(threshold_failures)
            out.append(f'      <failure message={quoteattr(msg)}>{escape(msg)}</failure>')
        out.append("    </testcase>")
        out.append("  </testsuite>")
    out.append("</testsuites>")
    return "\n".join(out) + "\n"


def _xml_safe(text: str) -> str:
    """Drop characters XML 1.0 cannot hold (control characters, lone surrogates)."""
    return "".join(
        ch for ch in clean(text)
        if ch in "\t\n\r" or (0x20 <= ord(ch) <= 0xD7FF) or (0xE000 <= ord(ch) <= 0xFFFD) or ord(ch) >= 0x10000
    )


def to_tsv(report: Report) -> str:
    cols = ["file", "line", "question", "passed", "outcome", "topic", "confidence", "failures"]
    rows = ["\t".join(cols)]
    for r in report.results:
        d = result_dict(r)
        values = [d["file"], str(d["line"]), d["question"], "pass" if r.passed else "fail", d["outcome"], d["topic"] or "",
                  f"{d['confidence']:.4f}", "; ".join(d["failures"])]
        rows.append("\t".join(clean(v).replace("\t", " ").replace("\n", " ") for v in values))
    return "\n".join(rows) + "\n"
