"""Quality checks on the knowledge itself (``bwc-bot lint``).

* self-retrieval: every entry's question and alternates should retrieve that entry
  first; misses are reported with the entry that won and the margin;
* confusable pairs: entries whose phrasings retrieve each other with small margins;
* coverage (with question lists): entries no question reaches, and thin topics;
* topic drift: entries whose phrasings a topic model trained only on the labelled
  practitioner questions (``topic_examples.yaml``) files under another topic: a hint
  that the entry is filed where practitioners would not look for it (advisory);
* stale content: entries whose ``reviewed`` date is older than a set age;
* sources: works never cited, and malformed addresses.
"""

from __future__ import annotations

import dataclasses
import datetime as _dt
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Sequence

from . import schema
from .topic_model import TopicModel
from .topic_regression import fit as fit_topic_regression


@dataclass(frozen=True, slots=True)
class Miss:
    """A phrasing that does not retrieve its own entry first."""

    entry_id: str
    phrasing: str
    canonical: bool  # the entry's own question (not an alternate)
    winner: str | None
    margin: float  # winner's confidence minus the entry's own (its rank 0 if absent)


@dataclass(frozen=True, slots=True)
class Drift:
    """An entry whose phrasings read, to practitioners, like another topic."""

    entry_id: str
    topic: str  # where it is filed
    suggested: str  # where the examples-only topic model files most of its phrasings
    votes: int  # phrasings filed under ``suggested``
    phrasings: int


@dataclass
class LintReport:
    """Everything ``bwc-bot lint`` found."""

    misses: list[Miss] = field(default_factory=list)
    phrasings_checked: int = 0
    confusable: list[tuple[str, str, int, float]] = field(default_factory=list)  # a, b, count, closest margin
    unreached: list[str] = field(default_factory=list)
    thin_topics: list[tuple[str, int, int]] = field(default_factory=list)  # topic, entries, questions
    stale: list[tuple[str, str, int]] = field(default_factory=list)  # id, reviewed, age in days
    unused_sources: list[str] = field(default_factory=list)
    bad_urls: list[tuple[str, str]] = field(default_factory=list)
    drift: list[Drift] = field(default_factory=list)

    @property
    def problems(self) -> int:
        return len(self.misses) + len(self.stale) + len(self.unused_sources) + len(self.bad_urls) + len(self.unreached)


def _relative_gap(a: float, b: float) -> float:
    """How far apart two ranking scores are, as a share of the larger (0 = tied)."""
    top = max(a, b)
    return (a - b) / top if top > 0 else 0.0


def self_retrieval(bot, *, close_margin: float = 0.05) -> tuple[list[Miss], int, list[tuple[str, str, int, float]]]:
    """Misses, phrasings checked, and confusable pairs (by count, then closest margin).

    Margins are relative gaps between ranking scores: 0.10 means the winner scored 10%
    more than the other entry. (Confidence saturates near 1 for good matches, so it
    hides real differences.)"""
    misses: list[Miss] = []
    pairs: Counter[tuple[str, str]] = Counter()
    closest: dict[tuple[str, str], float] = {}
    checked = 0

    def pair(a: str, b: str, margin: float) -> None:
        key = tuple(sorted((a, b)))
        pairs[key] += 1
        closest[key] = min(closest.get(key, 1.0), margin)

    for entry in bot.kb.entries:
        for n, phrasing in enumerate(entry.phrasings):
            checked += 1
            hits = bot.analyze(phrasing).hits
            ids = [bot.kb.entries[h.entry].id for h in hits]
            scores = [h.score for h in hits]
            own = scores[ids.index(entry.id)] if entry.id in ids else 0.0
            if not ids or ids[0] != entry.id:
                winner = ids[0] if ids else None
                margin = _relative_gap(scores[0], own) if ids else 0.0
                misses.append(Miss(entry.id, phrasing, n == 0, winner, round(margin, 4)))
                if winner:
                    pair(entry.id, winner, margin)
            elif len(ids) > 1 and _relative_gap(scores[0], scores[1]) < close_margin:
                pair(entry.id, ids[1], _relative_gap(scores[0], scores[1]))
    confusable = [(a, b, n, round(closest[(a, b)], 4)) for (a, b), n in pairs.most_common()]
    return misses, checked, confusable


def topic_drift(bot, *, min_share: float = 0.6) -> list[Drift]:
    """Entries most of whose phrasings (at least ``min_share``) a topic model trained only
    on the topic descriptions and the labelled questions files under one other topic."""
    index = bot.index
    if not index.example_terms:
        return []
    n_topics = len(bot.kb.topics)
    regression = fit_topic_regression(
        [*index.topic_terms, *index.example_terms], [*range(n_topics), *index.example_topic], n_topics
    )
    examples_only = dataclasses.replace(index, entry_topic=(), bag_terms=(), answer_terms=(), topic_regression=regression)
    model = TopicModel(examples_only)
    votes: dict[int, Counter[int]] = defaultdict(Counter)
    for terms, owner in zip(index.phrasing_terms, index.phrasing_owner):
        topic = model.best(terms)
        if topic is not None:
            votes[owner][topic] += 1
    out = []
    for n, entry in enumerate(bot.kb.entries):
        if not votes[n]:
            continue
        topic, count = votes[n].most_common(1)[0]
        total = sum(votes[n].values())
        if topic != index.entry_topic[n] and count >= min_share * total:
            out.append(Drift(entry.id, entry.topic, bot.kb.topics[topic].id, count, total))
    return sorted(out, key=lambda d: (-d.votes / d.phrasings, d.entry_id))


def stale_entries(bot, max_age_days: int, today: _dt.date | None = None) -> list[tuple[str, str, int]]:
    today = today or _dt.date.today()
    out = []
    for e in bot.kb.entries:
        try:
            age = (today - _dt.date.fromisoformat(e.reviewed)).days
        except ValueError:
            continue
        if age > max_age_days:
            out.append((e.id, e.reviewed, age))
    return out


def source_findings(bot) -> tuple[list[str], list[tuple[str, str]]]:
    cited = {ref.ref for e in bot.kb.entries for ref in e.sources}
    unused = [s.id for s in bot.kb.sources if s.id not in cited]
    bad = [(s.id, s.url) for s in bot.kb.sources if not schema.URL.match(s.url)]
    return unused, bad


def coverage(bot, results: Sequence) -> tuple[list[str], list[tuple[str, int, int]]]:
    """Entries no question's top answer reached, and topics with few questions per entry."""
    reached = {r.answer.entry_id for r in results if r.answer.answered}
    unreached = [e.id for e in bot.kb.entries if e.id not in reached]
    per_topic_q: Counter[str] = Counter()
    for r in results:
        topic = r.case.expect_topic or (r.answer.topic if r.answer.answered else None)
        if topic:
            per_topic_q[topic] += 1
    per_topic_e = {t.id: n for t, n in bot.topics()}
    thin = [(t.id, per_topic_e[t.id], per_topic_q[t.id]) for t in bot.kb.topics if per_topic_q[t.id] < max(1, per_topic_e[t.id] // 2)]
    return unreached, thin


def lint(bot, *, stale_days: int | None = None, results: Sequence | None = None, today: _dt.date | None = None) -> LintReport:
    report = LintReport()
    report.misses, report.phrasings_checked, report.confusable = self_retrieval(bot)
    report.drift = topic_drift(bot)
    report.stale = stale_entries(bot, stale_days if stale_days is not None else bot.kb.settings.stale_after_days, today)
    report.unused_sources, report.bad_urls = source_findings(bot)
    if results is not None:
        report.unreached, report.thin_topics = coverage(bot, results)
    return report


def to_text(report: LintReport, *, limit: int = 40) -> str:
    lines = []
    canonical = [m for m in report.misses if m.canonical]
    lines.append(f"Self-retrieval: {report.phrasings_checked - len(report.misses)}/{report.phrasings_checked} phrasings retrieve their own entry first "
                 f"({len(canonical)} canonical questions miss)")
    for m in sorted(report.misses, key=lambda m: (not m.canonical, -m.margin))[:limit]:
        tag = "question" if m.canonical else "alternate"
        lines.append(f"  {m.entry_id}: {tag} {m.phrasing!r} -> {m.winner or 'nothing'} (margin {m.margin:.2f})")
    if len(report.misses) > limit:
        lines.append(f"  ... and {len(report.misses) - limit} more")
    if report.confusable:
        lines.append("Confusable pairs (phrasings that retrieve the other entry, or win by less than 5% of the score):")
        for a, b, n, margin in report.confusable[:20]:
            lines.append(f"  {a} <-> {b}: {n} phrasing{'s' if n != 1 else ''}, closest margin {margin:.2f}")
    if report.unreached or report.thin_topics:
        lines.append(f"Coverage: {len(report.unreached)} entries no question's answer reached")
        for e in report.unreached[:limit]:
            lines.append(f"  unreached: {e}")
        for t, entries, questions in report.thin_topics:
            lines.append(f"  thin topic: {t} ({entries} entries, {questions} questions)")
    if report.drift:
        lines.append(f"Topic drift (advisory): {len(report.drift)} entries whose phrasings a model trained only on "
                     "topic_examples.yaml files under another topic")
        for d in report.drift[:limit]:
            lines.append(f"  {d.entry_id}: filed under {d.topic}; reads as {d.suggested} ({d.votes}/{d.phrasings} phrasings)")
    lines.append(f"Stale entries: {len(report.stale)}")
    for e, reviewed, age in report.stale[:limit]:
        lines.append(f"  {e}: reviewed {reviewed} ({age} days ago)")
    lines.append(f"Sources never cited: {len(report.unused_sources)}")
    for s in report.unused_sources[:limit]:
        lines.append(f"  {s}")
    if report.bad_urls:
        lines.append("Malformed source addresses:")
        for s, url in report.bad_urls:
            lines.append(f"  {s}: {url}")
    return "\n".join(lines)
