"""Cross-file checks and ``validate_paths``, the engine of ``bwc-bot validate``.

Each check is a small named function that returns problems, in the manner of
Rasa's ``verify_*`` validators. Errors stop the knowledge base from loading;
warnings are content rules (phrasing counts, answer length) that ``validate --strict``
also treats as failures.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Callable, Iterable

from . import schema
from .loader import RawData, _problem_order, discover, read_data
from .models import Problem

ANSWER_WORDS = (60, 220)
MIN_ALTERNATES = 5
RELATED_RANGE = (2, 4)

_NON_WORD = re.compile(r"[^\w]+", re.UNICODE)


def normalize_phrasing(text: str) -> str:
    """The form two phrasings are compared in: case-folded words, punctuation dropped."""
    return " ".join(_NON_WORD.sub(" ", text.casefold()).split())


def check_unique_ids(raw: RawData) -> list[Problem]:
    problems = []
    for label, items, key in (
        ("entry id", raw.entries, lambda e: e.id),
        ("intent", raw.intents, lambda i: i.name),
    ):
        first: dict[str, tuple[str, int]] = {}
        for item in items:
            k = key(item)
            if k in first:
                path, line = first[k]
                problems.append(Problem(item.path, item.line, f"duplicate {label} {k!r} (first defined at {path}:{line})"))
            else:
                first[k] = (item.path, item.line)
    return problems


def check_topics(raw: RawData) -> list[Problem]:
    if not raw.topics_seen:
        return []
    known = {t.id for t in raw.topics}
    choices = ", ".join(sorted(known))
    problems = [
        Problem(e.path, e.line, f"entry {e.id!r}: unknown topic {e.topic!r}; use one of: {choices}")
        for e in raw.entries
        if e.topic not in known
    ]
    problems += [
        Problem(x.path, x.line, f"topic examples: unknown topic {x.topic!r}; use one of: {choices}")
        for x in raw.topic_examples
        if x.topic not in known
    ]
    return problems


def check_source_refs(raw: RawData) -> list[Problem]:
    if not raw.sources_seen:
        return []
    known = {s.id for s in raw.sources}
    problems = []
    for e in raw.entries:
        for ref in e.sources:
            if ref.ref not in known:
                problems.append(Problem(e.path, e.line, f"entry {e.id!r}: cites unknown source {ref.ref!r}; add it to knowledge/sources.yaml"))
    return problems


def check_source_urls(raw: RawData) -> list[Problem]:
    problems = []
    for s in raw.sources:
        path, line = raw.source_lines.get(s.id, ("knowledge/sources.yaml", 0))
        if not schema.URL.match(s.url):
            problems.append(Problem(path, line or None, f"source {s.id!r}: url {s.url!r} is not an http(s) address"))
        if not schema.YEAR.match(s.year):
            problems.append(Problem(path, line or None, f"source {s.id!r}: year {s.year!r} should be four digits or 'n.d.'"))
    return problems


def check_related(raw: RawData) -> list[Problem]:
    ids = {e.id for e in raw.entries}
    problems = []
    for e in raw.entries:
        for rid in e.related:
            if rid == e.id:
                problems.append(Problem(e.path, e.line, f"entry {e.id!r}: lists itself as related"))
            elif rid not in ids:
                close = _closest(rid, ids)
                problems.append(Problem(e.path, e.line, f"entry {e.id!r}: related entry {rid!r} does not exist{close}"))
        if len(set(e.related)) != len(e.related):
            problems.append(Problem(e.path, e.line, f"entry {e.id!r}: lists a related entry twice", "warning"))
    return problems


def check_phrasings_unique(raw: RawData) -> list[Problem]:
    """A phrasing (question, alternate or intent example) may belong to one entry or intent only."""
    owners: dict[str, tuple[str, str, int]] = {}
    problems = []

    def visit(phrase: str, owner: str, path: str, line: int) -> None:
        key = normalize_phrasing(phrase)
        if not key:
            problems.append(Problem(path, line, f"{owner}: phrasing {phrase!r} has no words"))
            return
        if key in owners:
            other, opath, oline = owners[key]
            if other == owner:
                problems.append(Problem(path, line, f"{owner}: phrasing {phrase!r} is listed twice", "warning"))
            else:
                problems.append(Problem(path, line, f"{owner}: phrasing {phrase!r} also belongs to {other} ({opath}:{oline})"))
            return
        owners[key] = (owner, path, line)

    for e in raw.entries:
        for phrase in e.phrasings:
            visit(phrase, f"entry {e.id!r}", e.path, e.line)
    for i in raw.intents:
        for phrase in i.examples:
            visit(phrase, f"intent {i.name!r}", i.path, i.line)
    return problems


def check_topic_examples(raw: RawData) -> list[Problem]:
    """A labelled question must not also be an intent example, nor an entry phrasing of
    another topic (the labels would contradict each other), nor listed twice."""
    owners: dict[str, tuple[str, str | None]] = {}  # phrasing -> (owner, topic or None for intents)
    for e in raw.entries:
        for phrase in e.phrasings:
            owners.setdefault(normalize_phrasing(phrase), (f"entry {e.id!r}", e.topic))
    for i in raw.intents:
        for phrase in i.examples:
            owners.setdefault(normalize_phrasing(phrase), (f"intent {i.name!r}", None))
    seen: dict[str, tuple[str, str, int]] = {}
    problems = []
    for x in raw.topic_examples:
        for q, qline in x.located():
            key = normalize_phrasing(q)
            if not key:
                problems.append(Problem(x.path, qline, f"topic examples {x.topic!r}: question {q!r} has no words"))
                continue
            if key in seen:
                topic, path, line = seen[key]
                kind = "warning" if topic == x.topic else "error"
                problems.append(Problem(x.path, qline, f"topic examples {x.topic!r}: question {q!r} is also listed under {topic!r} ({path}:{line})", kind))
                continue
            seen[key] = (x.topic, x.path, qline)
            owner = owners.get(key)
            if owner and owner[1] != x.topic:
                problems.append(Problem(x.path, qline, f"topic examples {x.topic!r}: question {q!r} is also a phrasing of {owner[0]}"))
    return problems


def check_required_intents(raw: RawData) -> list[Problem]:
    names = {i.name for i in raw.intents}
    where = raw.intents[0].path if raw.intents else "intents"
    problems = [
        Problem(where, None, f"required intent {name!r} is missing")
        for name in schema.REQUIRED_INTENTS
        if name not in names
    ]
    for i in raw.intents:
        if i.name != schema.OUT_OF_SCOPE and not i.responses:
            problems.append(Problem(i.path, i.line, f"intent {i.name!r}: needs at least one entry in `responses`"))
    return problems


def check_content_rules(raw: RawData) -> list[Problem]:
    """Warnings for the bundled knowledge's editorial rules (see knowledge/README.md)."""
    problems = []
    lo, hi = ANSWER_WORDS
    for e in raw.entries:
        words = len(e.answer.split())
        if not lo <= words <= hi:
            problems.append(Problem(e.path, e.line, f"entry {e.id!r}: answer has {words} words; aim for {lo}-{hi}", "warning"))
        if len(e.alternates) < MIN_ALTERNATES:
            problems.append(Problem(e.path, e.line, f"entry {e.id!r}: has {len(e.alternates)} alternates; give at least {MIN_ALTERNATES}", "warning"))
        rlo, rhi = RELATED_RANGE
        if len(raw.entries) > rhi and not rlo <= len(e.related) <= rhi:
            problems.append(Problem(e.path, e.line, f"entry {e.id!r}: has {len(e.related)} related entries; give {rlo}-{rhi}", "warning"))
    return problems


def check_unused_sources(raw: RawData) -> list[Problem]:
    if not raw.entries:
        return []
    cited = {ref.ref for e in raw.entries for ref in e.sources}
    problems = []
    for s in raw.sources:
        if s.id not in cited:
            path, line = raw.source_lines.get(s.id, ("knowledge/sources.yaml", 0))
            problems.append(Problem(path, line or None, f"source {s.id!r} is never cited", "warning"))
    return problems


CHECKS: tuple[Callable[[RawData], list[Problem]], ...] = (
    check_unique_ids,
    check_topics,
    check_source_refs,
    check_source_urls,
    check_related,
    check_phrasings_unique,
    check_content_rules,
    check_unused_sources,
    check_topic_examples,
)


def cross_check(raw: RawData, *, require_complete: bool = False) -> list[Problem]:
    """Run every cross-file check; with ``require_complete``, also demand the support files."""
    problems: list[Problem] = []
    for check in CHECKS:
        problems.extend(check(raw))
    if raw.intents or require_complete:
        problems.extend(check_required_intents(raw))
    if require_complete:
        for seen, name in ((raw.topics_seen, "topics"), (raw.sources_seen, "sources")):
            if not seen:
                problems.append(Problem("knowledge", None, f"no `{name}` file found (expected knowledge/{name}.yaml)"))
        if not raw.entries:
            problems.append(Problem("knowledge", None, "the knowledge base has no entries"))
    return problems


def validate_paths(paths: Iterable[Path | str], *, require_complete: bool = False) -> list[Problem]:
    """Check knowledge/intent files and directories; return every problem, sorted.

    Files next to a given file (the rest of its directory) are read as context, so
    a single edited entry file is checked against the topics, sources and other
    entries it refers to, but only problems in the given paths are reported.
    """
    paths = [Path(p) for p in paths]
    selected, problems = discover(paths)
    context_dirs = {p.parent for p in selected if p.is_file()} | {p for p in paths if p.is_dir()}
    # A knowledge directory's sibling intents directory (and vice versa) gives full context.
    for d in list(context_dirs):
        for sibling in ("knowledge", "intents"):
            candidate = d.parent / sibling
            if candidate.is_dir() and d.name in ("knowledge", "intents"):
                context_dirs.add(candidate)
    universe, _ = discover(sorted(context_dirs))
    selected_keys = {p.resolve() for p in selected}
    files = selected + [f for f in universe if f.resolve() not in selected_keys]
    raw = read_data(files)
    all_problems = problems + raw.problems + cross_check(raw, require_complete=require_complete)
    from .yamlio import display_path

    shown_selected = {display_path(p) for p in selected} | {display_path(p) for p in paths}
    reported = [p for p in all_problems if p.path in shown_selected or not _is_file_path(p.path)]
    return _dedupe(sorted(reported, key=_problem_order))


def _is_file_path(path: str) -> bool:
    return path.endswith(tuple(".yaml .yml".split()))


def _dedupe(problems: list[Problem]) -> list[Problem]:
    seen: set[str] = set()
    out = []
    for p in problems:
        key = str(p)
        if key not in seen:
            seen.add(key)
            out.append(p)
    return out


def _closest(word: str, choices: Iterable[str]) -> str:
    import difflib

    close = difflib.get_close_matches(word, list(choices), n=1)
    return f" (did you mean {close[0]!r}?)" if close else ""
