"""Test answers from scripted question lists: load cases, run them, compute metrics.

Input formats (chosen by file extension):

* ``.yaml``/``.yml`` — the native format: ``version: 1``, optional ``defaults:`` (any
  expectation, applied to every question that does not set it) and ``questions:``;
* ``.csv``/``.tsv`` — a header row naming columns (``question`` plus any expectation;
  several values in one cell are separated by ``|``);
* anything else — plain text, one question per line, no expectations (``#`` starts a
  comment line): the run just records the answers.

Expectations, in any combination: ``expect_entry`` (an id or a list), ``expect_topic``,
``expect_abstain`` (true/false), ``expect_intent``, ``expect_text`` (substrings that must
appear, case-insensitive), ``min_confidence`` and ``rank`` (accept an expected entry
anywhere in the top *k* of the ranking).
"""

from __future__ import annotations

import csv
import io
from collections import Counter, defaultdict
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Iterable, Sequence

from . import schema
from .errors import DataError
from .models import Answer, Problem
from .yamlio import Mapping, Sequence as YSeq, Text, decode, display_path, parse, read_bytes

EXPECTATIONS = ("expect_entry", "expect_topic", "expect_abstain", "expect_intent", "expect_text", "min_confidence", "rank")
CASE_KEYS = ("question", "id", *EXPECTATIONS)
ABSTAIN_REASONS = {"out_of_scope", "no_match", "low_confidence", "outside_topics", "empty_question"}

# Metric name -> (description, higher is better)
METRICS: dict[str, tuple[str, bool]] = {
    "pass_rate": ("share of questions whose expectations all hold", True),
    "accuracy": ("top answer is an expected entry (questions with expect_entry)", True),
    "hit_at_3": ("an expected entry is in the top 3 (questions with expect_entry)", True),
    "mrr": ("mean reciprocal rank of the first expected entry", True),
    "topic_accuracy": ("top answer has the expected topic (in-scope questions)", True),
    "intent_accuracy": ("conversational intent is the expected one", True),
    "abstain_precision": ("share of abstentions that were on out-of-scope questions", True),
    "abstain_recall": ("share of out-of-scope questions the bot declined", True),
    "false_abstention_rate": ("share of in-scope questions left unanswered", False),
}


@dataclass(frozen=True, slots=True)
class Case:
    """One scripted question with what its answer must satisfy."""

    question: str
    path: str
    line: int
    expect_entry: tuple[str, ...] = ()
    expect_topic: str | None = None
    expect_abstain: bool | None = None
    expect_intent: str | None = None
    expect_text: tuple[str, ...] = ()
    min_confidence: float | None = None
    rank: int = 1
    name: str = ""

    @property
    def in_scope(self) -> bool:
        return bool(self.expect_entry or self.expect_topic) or self.expect_abstain is False

    @property
    def out_of_scope(self) -> bool:
        return self.expect_abstain is True

    @property
    def key(self) -> str:
        return self.name or self.question


@dataclass(frozen=True, slots=True)
class Result:
    """A case, the answer it got, the ranking behind it, and what failed."""

    case: Case
    answer: Answer
    ranking: tuple[str, ...]  # entry ids, best first
    failures: tuple[str, ...]

    @property
    def passed(self) -> bool:
        return not self.failures

    @property
    def abstained(self) -> bool:
        return not self.answer.answered and self.answer.reason in ABSTAIN_REASONS

    @property
    def expected_rank(self) -> int | None:
        for n, entry_id in enumerate(self.ranking, 1):
            if entry_id in self.case.expect_entry:
                return n
        return None


@dataclass
class Report:
    """Results of a run and the metrics computed from them."""

    results: list[Result]
    metrics: dict[str, float | None] = field(default_factory=dict)
    counts: dict[str, int] = field(default_factory=dict)
    per_topic: dict[str, dict[str, Any]] = field(default_factory=dict)
    per_file: dict[str, dict[str, Any]] = field(default_factory=dict)
    confused: list[tuple[str, str, int]] = field(default_factory=list)

    @property
    def failed(self) -> list[Result]:
        return [r for r in self.results if not r.passed]


# --- loading ------------------------------------------------------------------------------


def load_cases(paths: Iterable[Path | str]) -> list[Case]:
    """Read question files; raise ``DataError`` listing every problem (``path:line``)."""
    cases: list[Case] = []
    problems: list[Problem] = []
    for raw in paths:
        path = Path(raw)
        shown = display_path(path)
        data, read_problems = read_bytes(path, shown)
        if data is None:
            problems.extend(read_problems)
            continue
        text, decode_problems = decode(data, shown)
        if text is None:
            problems.extend(decode_problems)
            continue
        suffix = path.suffix.lower()
        if suffix in (".yaml", ".yml"):
            got, probs = _load_yaml(text, shown)
        elif suffix in (".csv", ".tsv"):
            got, probs = _load_table(text, shown, "\t" if suffix == ".tsv" else ",")
        else:
            got, probs = _load_plain(text, shown)
        cases.extend(got)
        problems.extend(probs)
    if problems:
        raise DataError(problems, "cannot read the question files")
    return cases


def _load_plain(text: str, shown: str) -> tuple[list[Case], list[Problem]]:
    if "\x00" in text:
        return [], [Problem(shown, text[: text.index("\x00")].count("\n") + 1, "contains a NUL byte; this is not a text file")]
    cases = []
    for n, line in enumerate(text.splitlines(), 1):
        q = line.strip()
        if q and not q.startswith("#"):
            cases.append(Case(question=q, path=shown, line=n))
    return cases, []


def _load_table(text: str, shown: str, delimiter: str) -> tuple[list[Case], list[Problem]]:
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    try:
        rows = list(reader)
    except csv.Error as exc:
        return [], [Problem(shown, reader.line_num, f"cannot parse the table: {exc}")]
    if not rows:
        return [], [Problem(shown, 1, "empty file: expected a header row with a `question` column")]
    header = [h.strip().lower() for h in rows[0]]
    problems = []
    for h in header:
        if h and h not in CASE_KEYS:
            problems.append(Problem(shown, 1, _unknown(h, "column")))
    if "question" not in header:
        problems.append(Problem(shown, 1, "the header row needs a `question` column"))
    if problems:
        return [], problems
    cases = []
    for n, row in enumerate(rows[1:], 2):
        if not any(cell.strip() for cell in row):
            continue
        if len(row) > len(header):
            problems.append(Problem(shown, n, f"row has {len(row)} cells but the header has {len(header)}"))
            continue
        values = {h: cell.strip() for h, cell in zip(header, row) if h and cell.strip()}
        case, probs = _make_case(values, {}, shown, n, lambda key, n=n: n)
        problems.extend(probs)
        if case:
            cases.append(case)
    return cases, problems


def _load_yaml(text: str, shown: str) -> tuple[list[Case], list[Problem]]:
    doc, problems = parse(text, shown)
    if problems:
        return [], problems
    if not isinstance(doc, Mapping):
        return [], [Problem(shown, getattr(doc, "line", 1), "top level must be a mapping with `version: 1` and `questions:`")]
    for key in doc:
        if key not in ("version", "defaults", "questions"):
            problems.append(Problem(shown, doc.key_lines[key], f"unknown key `{key}`; allowed: version, defaults, questions"))
    if str(doc.get("version", "")).strip() != str(schema.FORMAT_VERSION):
        problems.append(Problem(shown, doc.key_lines.get("version", doc.line), "needs `version: 1`"))
    defaults: dict[str, Any] = {}
    if "defaults" in doc:
        d = doc["defaults"]
        if not isinstance(d, Mapping):
            problems.append(Problem(shown, doc.key_lines["defaults"], "`defaults` must be a mapping of expectations"))
        else:
            for key in d:
                if key not in EXPECTATIONS:
                    problems.append(Problem(shown, d.key_lines[key], f"unknown default `{key}`; allowed: {', '.join(EXPECTATIONS)}"))
                else:
                    defaults[key] = d[key]
    items = doc.get("questions")
    if not isinstance(items, YSeq):
        problems.append(Problem(shown, doc.key_lines.get("questions", doc.line), "`questions` must be a list"))
        return [], problems
    cases = []
    for item in items:
        if isinstance(item, Text):  # a bare question string
            item_map = {"question": item}
            lines = lambda key, item=item: item.line  # noqa: E731
        elif isinstance(item, Mapping):
            item_map = dict(item)
            lines = lambda key, item=item: item.key_lines.get(key, item.line)  # noqa: E731
        else:
            problems.append(Problem(shown, getattr(item, "line", 1), "each question is a mapping with `question:` or a plain string"))
            continue
        line = item.line
        bad = [k for k in item_map if k not in CASE_KEYS]
        for k in bad:
            problems.append(Problem(shown, lines(k), _unknown(k, "key")))
        if bad:
            continue
        case, probs = _make_case(item_map, defaults, shown, line, lines)
        problems.extend(probs)
        if case:
            cases.append(case)
    return cases, problems


def _unknown(key: str, what: str) -> str:
    import difflib

    close = difflib.get_close_matches(key, CASE_KEYS, n=1)
    hint = f" (did you mean `{close[0]}`?)" if close else f"; allowed: {', '.join(CASE_KEYS)}"
    return f"unknown {what} `{key}`{hint}"


def _make_case(values: dict[str, Any], defaults: dict[str, Any], shown: str, line: int, lines) -> tuple[Case | None, list[Problem]]:
    problems: list[Problem] = []
    merged = {**defaults, **values}

    def text_of(key: str) -> str | None:
        v = merged.get(key)
        if v is None:
            return None
        if isinstance(v, (list, dict)):
            problems.append(Problem(shown, lines(key), f"`{key}` must be a single value"))
            return None
        return " ".join(str(v).split()) if key != "question" else str(v)

    def list_of(key: str) -> tuple[str, ...]:
        v = merged.get(key)
        if v is None:
            return ()
        if isinstance(v, list):
            return tuple(" ".join(str(x).split()) for x in v if str(x).strip())
        return tuple(p.strip() for p in str(v).split("|") if p.strip())

    question = text_of("question")
    if question is None or not question.strip():
        return None, [Problem(shown, line, "missing `question`")]
    abstain = None
    if text_of("expect_abstain") is not None:
        low = text_of("expect_abstain").lower()
        if low in ("true", "yes", "1"):
            abstain = True
        elif low in ("false", "no", "0"):
            abstain = False
        else:
            problems.append(Problem(shown, lines("expect_abstain"), f"`expect_abstain` must be true or false, got {low!r}"))
    min_conf = None
    if text_of("min_confidence") is not None:
        try:
            min_conf = float(text_of("min_confidence"))
            if not 0 <= min_conf <= 1:
                raise ValueError
        except ValueError:
            problems.append(Problem(shown, lines("min_confidence"), "`min_confidence` must be a number from 0 to 1"))
    rank = 1
    if text_of("rank") is not None:
        try:
            rank = int(text_of("rank"))
            if rank < 1:
                raise ValueError
        except ValueError:
            problems.append(Problem(shown, lines("rank"), "`rank` must be a whole number of 1 or more"))
    entries = list_of("expect_entry")
    for e in entries:
        if not schema.ENTRY_ID.match(e):
            problems.append(Problem(shown, lines("expect_entry"), f"`expect_entry`: {e!r} is not an entry id"))
    topic = text_of("expect_topic")
    if topic is not None and not schema.SNAKE_ID.match(topic):
        problems.append(Problem(shown, lines("expect_topic"), f"`expect_topic`: {topic!r} is not a topic id"))
    if abstain is True and (entries or topic):
        problems.append(Problem(shown, line, "a question cannot both expect an abstention and expect an entry or topic"))
    if problems:
        return None, problems
    return (
        Case(
            question=question,
            path=shown,
            line=line,
            expect_entry=entries,
            expect_topic=topic,
            expect_abstain=abstain,
            expect_intent=text_of("expect_intent"),
            expect_text=list_of("expect_text"),
            min_confidence=min_conf,
            rank=rank,
            name=text_of("id") or "",
        ),
        [],
    )


def check_references(cases: Sequence[Case], bot) -> list[Problem]:
    """Expected entries, topics and intents must exist in the loaded knowledge base."""
    entries = {e.id for e in bot.kb.entries}
    topics = {t.id for t in bot.kb.topics}
    intents = {i.name for i in bot.kb.intents}
    problems = []
    for c in cases:
        for e in c.expect_entry:
            if e not in entries:
                problems.append(Problem(c.path, c.line, f"`expect_entry`: no entry {e!r} in the knowledge base"))
        if c.expect_topic and c.expect_topic not in topics:
            problems.append(Problem(c.path, c.line, f"`expect_topic`: no topic {c.expect_topic!r}"))
        if c.expect_intent and c.expect_intent not in intents:
            problems.append(Problem(c.path, c.line, f"`expect_intent`: no intent {c.expect_intent!r}"))
    return problems


# --- running ------------------------------------------------------------------------------


def run_case(bot, case: Case, settings=None) -> Result:
    """Ask one case's question and judge the answer."""
    from .compose import compose

    analysis = bot.analyze(case.question)
    answer = compose(bot, analysis, settings=settings)
    ranking = tuple(dict.fromkeys(bot.kb.entries[h.entry].id for h in analysis.hits))
    if answer.answered and answer.entry_id in ranking:
        ranking = (answer.entry_id,) + tuple(e for e in ranking if e != answer.entry_id)
    return Result(case, answer, ranking, judge(case, answer, ranking))


def judge(case: Case, answer: Answer, ranking: Sequence[str]) -> tuple[str, ...]:
    """Every expectation the answer breaks, as readable phrases."""
    fails = []
    got = answer.entry_id if answer.answered else f"no answer ({answer.reason or answer.intent})"
    if case.expect_entry:
        if case.rank == 1:
            if not (answer.answered and answer.entry_id in case.expect_entry):
                fails.append(f"expected entry {' or '.join(case.expect_entry)}, got {got}")
        elif not any(e in ranking[: case.rank] for e in case.expect_entry):
            fails.append(f"expected {' or '.join(case.expect_entry)} in the top {case.rank}, got {', '.join(ranking[: case.rank]) or 'nothing'}")
    if case.expect_topic and (not answer.answered or answer.topic != case.expect_topic):
        fails.append(f"expected topic {case.expect_topic}, got {answer.topic if answer.answered else got}")
    if case.expect_abstain is True and not (not answer.answered and answer.reason in ABSTAIN_REASONS):
        fails.append(f"expected an abstention, got {answer.entry_id or answer.intent}")
    if case.expect_abstain is False and not answer.answered:
        fails.append(f"expected an answer, got {got}")
    if case.expect_intent and answer.intent != case.expect_intent:
        fails.append(f"expected intent {case.expect_intent}, got {answer.intent or got}")
    low = answer.text.casefold()
    for t in case.expect_text:
        if t.casefold() not in low:
            fails.append(f"expected text {t!r} in the answer")
    if case.min_confidence is not None and answer.confidence < case.min_confidence:
        fails.append(f"confidence {answer.confidence:.2f} below {case.min_confidence:.2f}")
    return tuple(fails)


def run(bot, cases: Sequence[Case], *, progress=None, settings=None) -> Report:
    """Run every case and compute the report."""
    results = []
    for n, case in enumerate(cases, 1):
        results.append(run_case(bot, case, settings=settings))
        if progress:
            progress(n, len(cases))
    return summarize(results, bot)


def _rate(num: int, den: int) -> float | None:
    return round(num / den, 4) if den else None


def summarize(results: list[Result], bot) -> Report:
    report = Report(results)
    entry_topic = {e.id: e.topic for e in bot.kb.entries}
    with_entry = [r for r in results if r.case.expect_entry]
    in_scope = [r for r in results if r.case.in_scope]
    oos = [r for r in results if r.case.out_of_scope]
    with_intent = [r for r in results if r.case.expect_intent]
    topical = [r for r in in_scope if r.case.expect_topic or r.case.expect_entry]
    abstained_labeled = [r for r in in_scope + oos if r.abstained]

    def expected_topic(r: Result) -> str | None:
        if r.case.expect_topic:
            return r.case.expect_topic
        topics = {entry_topic.get(e) for e in r.case.expect_entry}
        return topics.pop() if len(topics) == 1 else None

    ranks = [r.expected_rank for r in with_entry]
    report.metrics = {
        "pass_rate": _rate(sum(r.passed for r in results), len(results)),
        "accuracy": _rate(sum(r.answer.answered and r.answer.entry_id in r.case.expect_entry for r in with_entry), len(with_entry)),
        "hit_at_3": _rate(sum(1 for k in ranks if k is not None and k <= 3), len(with_entry)),
        "mrr": round(sum(1 / k for k in ranks if k) / len(ranks), 4) if ranks else None,
        "topic_accuracy": _rate(sum(r.answer.answered and r.answer.topic == expected_topic(r) for r in topical), len(topical)),
        "intent_accuracy": _rate(sum(r.answer.intent == r.case.expect_intent for r in with_intent), len(with_intent)),
        "abstain_precision": _rate(sum(r.case.out_of_scope for r in abstained_labeled), len(abstained_labeled)),
        "abstain_recall": _rate(sum(r.abstained for r in oos), len(oos)),
        "false_abstention_rate": _rate(sum(not r.answer.answered for r in in_scope), len(in_scope)),
    }
    report.counts = {
        "questions": len(results),
        "passed": sum(r.passed for r in results),
        "failed": sum(not r.passed for r in results),
        "in_scope": len(in_scope),
        "out_of_scope": len(oos),
        "conversational": len(with_intent),
    }
    topics: dict[str, dict[str, Any]] = defaultdict(lambda: {"questions": 0, "correct": 0, "abstained": 0})
    for r in topical:
        t = expected_topic(r) or "(mixed)"
        topics[t]["questions"] += 1
        topics[t]["correct"] += int(r.answer.answered and r.answer.topic == t)
        topics[t]["abstained"] += int(not r.answer.answered)
    for stats in topics.values():
        stats["accuracy"] = _rate(stats["correct"], stats["questions"])
    report.per_topic = dict(sorted(topics.items()))
    files: dict[str, dict[str, Any]] = defaultdict(lambda: {"questions": 0, "passed": 0})
    for r in results:
        files[r.case.path]["questions"] += 1
        files[r.case.path]["passed"] += int(r.passed)
    for stats in files.values():
        stats["pass_rate"] = _rate(stats["passed"], stats["questions"])
    report.per_file = dict(files)
    confused: Counter[tuple[str, str]] = Counter()
    for r in topical:
        if not r.answer.answered:
            continue
        if r.case.expect_entry and r.answer.entry_id not in r.case.expect_entry:
            confused[(r.case.expect_entry[0], r.answer.entry_id)] += 1
        elif not r.case.expect_entry and r.answer.topic != r.case.expect_topic:
            confused[(r.case.expect_topic, r.answer.topic)] += 1
    report.confused = [(a, b, n) for (a, b), n in confused.most_common(10)]
    return report


# --- thresholds, comparison, sweep ---------------------------------------------------------


def parse_threshold(spec: str) -> tuple[str, float]:
    """``METRIC=VALUE`` -> (metric, value); ValueError with a helpful message otherwise."""
    name, sep, value = spec.partition("=")
    name = name.strip().replace("-", "_")
    if not sep:
        raise ValueError(f"{spec!r}: expected METRIC=VALUE, e.g. accuracy=0.9")
    if name not in METRICS:
        import difflib

        close = difflib.get_close_matches(name, list(METRICS), n=1)
        hint = f" (did you mean {close[0]}?)" if close else f"; metrics: {', '.join(METRICS)}"
        raise ValueError(f"unknown metric {name!r}{hint}")
    try:
        number = float(value)
    except ValueError:
        raise ValueError(f"{spec!r}: {value!r} is not a number") from None
    return name, number


def check_thresholds(report: Report, under: Sequence[tuple[str, float]], over: Sequence[tuple[str, float]]) -> list[str]:
    """Messages for every threshold the report misses (metrics with no data are skipped)."""
    failures = []
    for name, limit in under:
        value = report.metrics.get(name)
        if value is not None and value < limit:
            failures.append(f"{name} {value:.4f} is under {limit}")
    for name, limit in over:
        value = report.metrics.get(name)
        if value is not None and value > limit:
            failures.append(f"{name} {value:.4f} is over {limit}")
    return failures


def compare(report: Report, previous: dict[str, Any]) -> dict[str, list[dict[str, Any]]]:
    """Questions whose answer changed, improved (fail -> pass) or regressed since a saved run."""
    before = {q["key"]: q for q in previous.get("results", []) if isinstance(q, dict) and "key" in q}
    out: dict[str, list[dict[str, Any]]] = {"changed": [], "improved": [], "regressed": [], "new": []}
    for r in report.results:
        old = before.get(r.case.key)
        now = _outcome(r)
        if old is None:
            out["new"].append({"question": r.case.question, "now": now})
            continue
        was = old.get("outcome")
        if was != now:
            out["changed"].append({"question": r.case.question, "before": was, "now": now})
        if old.get("passed") is False and r.passed:
            out["improved"].append({"question": r.case.question, "before": was, "now": now})
        elif old.get("passed") is True and not r.passed:
            out["regressed"].append({"question": r.case.question, "before": was, "now": now, "failures": list(r.failures)})
    return out


def _outcome(r: Result) -> str:
    a = r.answer
    if a.answered:
        return f"entry:{a.entry_id}"
    if a.intent:
        return f"intent:{a.intent}"
    return f"abstain:{a.reason}"


def sweep(bot, cases: Sequence[Case], thresholds: Sequence[float]) -> list[dict[str, Any]]:
    """For each ``min_confidence``, how many in-scope questions get answered (coverage),
    how many answers are right (precision), and how many out-of-scope questions are declined."""
    from .compose import compose

    analyses = [(c, bot.analyze(c.question)) for c in cases]
    rows = []
    base = bot.kb.settings
    for t in thresholds:
        settings = replace(base, min_confidence=t)
        answered = correct = in_scope = oos = declined = 0
        for case, analysis in analyses:
            answer = compose(bot, analysis, settings=settings)
            if case.in_scope:
                in_scope += 1
                if answer.answered:
                    answered += 1
                    ok = answer.entry_id in case.expect_entry if case.expect_entry else answer.topic == case.expect_topic
                    correct += int(ok or (not case.expect_entry and not case.expect_topic))
            elif case.out_of_scope:
                oos += 1
                declined += int(not answer.answered and answer.reason in ABSTAIN_REASONS)
        rows.append(
            {
                "min_confidence": round(t, 4),
                "coverage": _rate(answered, in_scope),
                "precision": _rate(correct, answered),
                "abstain_recall": _rate(declined, oos),
                "current": abs(t - base.min_confidence) < 1e-9,
            }
        )
    return rows
