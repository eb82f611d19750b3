"""Load knowledge and intent files into a ``KnowledgeBase``, or say exactly what is wrong.

``load_knowledge_base`` never half-loads: any error raises ``DataError`` listing every
problem as ``path:line: message``. ``read_data`` is the shared first half, used by
``bwc-bot validate`` to report problems without raising.
"""

from __future__ import annotations

import datetime as _dt
import difflib
import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable

from . import schema
from .errors import DataError
from .models import Entry, Intent, Problem, Source, SourceRef, Synonym, Topic, TopicExamples
from .yamlio import Mapping, Sequence, Text, display_path, load_file

DATA_SUFFIXES = (".yaml", ".yml")


@dataclass(frozen=True, slots=True)
class Settings:
    """Answering thresholds, read from ``knowledge/settings.yaml``."""

    min_confidence: float = 0.35
    ambiguity_margin: float = 0.08
    intent_threshold: float = 0.72
    min_coverage: float = 0.1
    min_domain_score: float = 0.5
    confident_answer: float = 0.5
    neighbour_margin: float = 0.1
    max_out_of_scope_probability: float = 0.6
    domain_check_min_oos_probability: float = 0.3
    anchor_terms: tuple[str, ...] = ()
    max_question_chars: int = 1000
    max_suggestions: int = 3
    stale_after_days: int = 730


@dataclass(frozen=True, slots=True)
class KnowledgeBase:
    """Everything the bot answers from, validated."""

    entries: tuple[Entry, ...]
    intents: tuple[Intent, ...]
    topics: tuple[Topic, ...]
    sources: tuple[Source, ...]
    synonyms: tuple[Synonym, ...]
    settings: Settings
    version: str
    files: tuple[str, ...] = ()
    topic_examples: tuple[TopicExamples, ...] = ()


@dataclass
class RawData:
    """What ``read_data`` found in a set of files, before cross-file checks."""

    entries: list[Entry] = field(default_factory=list)
    intents: list[Intent] = field(default_factory=list)
    topics: list[Topic] = field(default_factory=list)
    sources: list[Source] = field(default_factory=list)
    synonyms: list[Synonym] = field(default_factory=list)
    topic_examples: list[TopicExamples] = field(default_factory=list)
    settings: Settings = field(default_factory=Settings)
    settings_seen: bool = False
    topics_seen: bool = False
    sources_seen: bool = False
    problems: list[Problem] = field(default_factory=list)
    files: list[Path] = field(default_factory=list)
    # (path, line) of each source and topic definition, for messages
    source_lines: dict[str, tuple[str, int]] = field(default_factory=dict)
    topic_lines: dict[str, tuple[str, int]] = field(default_factory=dict)


def discover(paths: Iterable[Path | str]) -> tuple[list[Path], list[Problem]]:
    """Expand directories into their YAML files (sorted); report paths that don't exist."""
    found: list[Path] = []
    problems: list[Problem] = []
    for raw in paths:
        p = Path(raw)
        if p.is_dir():
            try:
                children = sorted(c for c in p.iterdir() if c.suffix in DATA_SUFFIXES and not c.name.startswith("."))
            except OSError as exc:
                problems.append(Problem(display_path(p), None, f"cannot list directory: {exc.strerror or exc}"))
                continue
            found.extend(children)
        elif p.exists() or p.is_symlink():
            found.append(p)
        else:
            problems.append(Problem(display_path(p), None, "no such file or directory"))
    unique: list[Path] = []
    seen: set[Path] = set()
    for f in found:
        key = f.resolve()
        if key not in seen:
            seen.add(key)
            unique.append(f)
    return unique, problems


def content_hash(files: Iterable[Path]) -> str:
    """A short hash of the files' names and bytes: the knowledge-base version."""
    h = hashlib.sha256()
    for f in sorted(files, key=lambda p: p.name):
        try:
            data = f.read_bytes()
        except OSError:
            data = b""
        h.update(f.name.encode() + b"\0" + hashlib.sha256(data).digest())
    return h.hexdigest()[:16]


def read_data(files: Iterable[Path]) -> RawData:
    """Parse and type-check every file; collect items and problems (no cross-file checks)."""
    raw = RawData()
    for path in files:
        raw.files.append(path)
        shown = display_path(path)
        doc, problems = load_file(path)
        raw.problems.extend(problems)
        if doc is None:
            if not problems:
                raw.problems.append(Problem(shown, 1, "file is empty; expected `version: 1` and a list of items"))
            continue
        _read_document(doc, shown, raw)
    return raw


def load_knowledge_base(knowledge_dir: Path | str, intents_dir: Path | str) -> KnowledgeBase:
    """Load and validate both directories, or raise DataError listing every problem."""
    from .validate import cross_check  # local import: validate imports this module

    files, problems = discover([knowledge_dir, intents_dir])
    for d in (knowledge_dir, intents_dir):
        if Path(d).exists() and not Path(d).is_dir():
            problems.append(Problem(display_path(d), None, "expected a directory"))
    raw = read_data(files)
    raw.problems[:0] = problems
    raw.problems.extend(cross_check(raw, require_complete=True))
    errors = [p for p in raw.problems if p.severity == "error"]
    if errors:
        raise DataError(sorted(errors, key=_problem_order), "cannot load the knowledge base")
    return KnowledgeBase(
        entries=tuple(raw.entries),
        intents=tuple(raw.intents),
        topics=tuple(raw.topics),
        sources=tuple(raw.sources),
        synonyms=tuple(raw.synonyms),
        settings=raw.settings,
        version=content_hash(files),
        files=tuple(str(f) for f in files),
        topic_examples=tuple(raw.topic_examples),
    )


def _problem_order(p: Problem) -> tuple[str, int]:
    return (p.path, p.line or 0)


# --- reading one document -------------------------------------------------------------


def _read_document(doc: Any, shown: str, raw: RawData) -> None:
    if not isinstance(doc, Mapping):
        raw.problems.append(Problem(shown, getattr(doc, "line", 1), "top level must be a mapping with `version` and one list"))
        return
    kinds = [k for k in doc if k in schema.FILE_KINDS]
    unknown = [k for k in doc if k not in schema.FILE_KINDS and k != "version"]
    for k in unknown:
        raw.problems.append(Problem(shown, doc.key_lines[k], _unknown_key(k, ["version", *schema.FILE_KINDS])))
    if "version" not in doc:
        raw.problems.append(Problem(shown, doc.line, "missing `version: 1` at the top"))
    else:
        v = doc["version"]
        if not (isinstance(v, Text) and v.strip() == str(schema.FORMAT_VERSION)):
            raw.problems.append(
                Problem(shown, doc.key_lines["version"], f"unsupported version {str(v)!r}; this bwc-bot reads version {schema.FORMAT_VERSION}")
            )
    if not kinds:
        if not unknown:
            raw.problems.append(Problem(shown, doc.line, "no data: expected one of " + ", ".join(f"`{k}`" for k in schema.FILE_KINDS)))
        return
    if len(kinds) > 1:
        raw.problems.append(Problem(shown, doc.key_lines[kinds[1]], f"a file holds one kind of data; found both `{kinds[0]}` and `{kinds[1]}`"))
    kind = kinds[0]
    body = doc[kind]
    line = doc.key_lines[kind]
    if kind == "settings":
        _read_settings(body, shown, line, raw)
        return
    if not isinstance(body, Sequence):
        raw.problems.append(Problem(shown, line, f"`{kind}` must be a list of items (each starting with `- `)"))
        return
    if kind == "topics":
        raw.topics_seen = True
    if kind == "sources":
        raw.sources_seen = True
    for item in body:
        ctx = _Ctx(shown, raw.problems)
        if not isinstance(item, Mapping):
            ctx.add(getattr(item, "line", line), f"each item in `{kind}` must be a mapping of fields")
            continue
        values = ctx.fields(item, schema.ITEM_FIELDS[kind], _NOUNS[kind])
        if values is None:
            continue
        if kind == "entries":
            raw.entries.append(
                Entry(
                    id=values["id"],
                    topic=values["topic"],
                    question=values["question"],
                    alternates=tuple(values["alternates"]),
                    answer=values["answer"],
                    sources=tuple(values["sources"]),
                    related=tuple(values.get("related", ())),
                    tags=tuple(values.get("tags", ())),
                    reviewed=values["reviewed"],
                    path=shown,
                    line=item.line,
                )
            )
        elif kind == "intents":
            raw.intents.append(
                Intent(
                    name=values["intent"],
                    examples=tuple(values["examples"]),
                    responses=tuple(values.get("responses", ())),
                    path=shown,
                    line=item.line,
                )
            )
        elif kind in ("topics", "sources"):
            lines = raw.topic_lines if kind == "topics" else raw.source_lines
            if values["id"] in lines:
                path, first = lines[values["id"]]
                ctx.add(item.line, f"duplicate {_NOUNS[kind]} id {values['id']!r} (first defined at {path}:{first})")
            elif kind == "topics":
                raw.topics.append(Topic(values["id"], values["label"], values["description"]))
                lines[values["id"]] = (shown, item.line)
            else:
                raw.sources.append(
                    Source(values["id"], values["title"], values["publisher"], values["year"], values["url"], values.get("note", ""))
                )
                lines[values["id"]] = (shown, item.line)
        elif kind == "synonyms":
            raw.synonyms.append(Synonym(values["canonical"], tuple(values["variants"])))
        elif kind == "topic_examples":
            lines = ctx.item_lines["questions"]
            raw.topic_examples.append(TopicExamples(values["topic"], tuple(values["questions"]), shown, item.line, lines))


def _read_settings(body: Any, shown: str, line: int, raw: RawData) -> None:
    ctx = _Ctx(shown, raw.problems)
    if not isinstance(body, Mapping):
        ctx.add(line, "`settings` must be a mapping of name: value")
        return
    values = ctx.fields(body, schema.SETTING_FIELDS, "setting")
    if values is None:
        return
    for name in ("min_confidence", "ambiguity_margin", "intent_threshold", "min_coverage", "confident_answer", "neighbour_margin",
                 "max_out_of_scope_probability", "domain_check_min_oos_probability"):
        if name in values and not 0.0 <= values[name] <= 1.0:
            ctx.add(body.key_lines[name], f"`{name}` must be between 0 and 1, got {values[name]}")
            values.pop(name)
    for name in ("max_question_chars", "max_suggestions", "stale_after_days"):
        if name in values and values[name] < 1:
            ctx.add(body.key_lines[name], f"`{name}` must be at least 1, got {values[name]}")
            values.pop(name)
    if "anchor_terms" in values:
        values["anchor_terms"] = tuple(values["anchor_terms"])
    raw.settings = Settings(**values)
    raw.settings_seen = True


def _unknown_key(key: str, allowed: Iterable[str]) -> str:
    close = difflib.get_close_matches(key, list(allowed), n=1)
    hint = f" (did you mean `{close[0]}`?)" if close else f"; allowed: {', '.join(allowed)}"
    return f"unknown key `{key}`{hint}"


class _Ctx:
    """Field checking for one item; appends problems to a shared list."""

    def __init__(self, shown: str, problems: list[Problem]):
        self.shown = shown
        self.problems = problems
        self.ok = True
        self.item_lines: dict[str, tuple[int, ...]] = {}  # per list field: the line of each item kept

    def add(self, line: int | None, message: str) -> None:
        self.problems.append(Problem(self.shown, line, message))
        self.ok = False

    def fields(self, item: Mapping, table: tuple[schema.Field, ...], noun: str) -> dict[str, Any] | None:
        names = [f.name for f in table]
        label = _label(item, table[0].name, noun)
        for key in item:
            if key not in names:
                self.add(item.key_lines[key], label + _unknown_key(key, names))
        values: dict[str, Any] = {}
        for f in table:
            if f.name not in item or _is_null(item[f.name]):
                if f.required:
                    self.add(item.line, f"{label}missing required field `{f.name}`")
                continue
            value = self.value(item[f.name], f, item.key_lines[f.name], label)
            if value is not None:
                values[f.name] = value
        return values if self.ok else None

    def value(self, node: Any, f: schema.Field, line: int, label: str) -> Any:
        where = f"{label}`{f.name}`"
        if f.kind in ("text", "slug", "snake", "date", "number", "integer", "boolean"):
            if not isinstance(node, Text):
                self.add(line, f"{where} must be a single value, got a {_shape(node)}")
                return None
            text = " ".join(str(node).split()) if f.kind != "text" else _clean_text(node)
            if not text:
                self.add(line, f"{where} is empty")
                return None
            return self.scalar(text, f, node.line, where)
        if f.kind in ("text_list", "slug_list"):
            if isinstance(node, Text):
                node_list = [node]  # a single phrasing written without a list is accepted
            elif isinstance(node, Sequence):
                node_list = list(node)
            else:
                self.add(line, f"{where} must be a list, got a {_shape(node)}")
                return None
            out, kept_lines = [], []
            for sub in node_list:
                if not isinstance(sub, Text):
                    self.add(getattr(sub, "line", line), f"{where} items must be text, got a {_shape(sub)}")
                    continue
                text = _clean_text(sub)
                if not text:
                    self.add(sub.line, f"{where} has an empty item")
                    continue
                if f.kind == "slug_list" and not schema.ENTRY_ID.match(text):
                    self.add(sub.line, f"{where}: {text!r} is not a valid id (lower-case words joined by '-')")
                    continue
                out.append(text)
                kept_lines.append(sub.line)
            self.item_lines[f.name] = tuple(kept_lines)
            if not out and f.required:
                self.add(line, f"{where} must have at least one item")
            return out
        if f.kind == "source_refs":
            if not isinstance(node, Sequence):
                self.add(line, f"{where} must be a list of {{ref, locator}} mappings")
                return None
            refs = []
            for sub in node:
                sub_line = getattr(sub, "line", line)
                if isinstance(sub, Text):  # shorthand: just the ref
                    sub_values = {"ref": " ".join(str(sub).split())}
                    if not schema.ENTRY_ID.match(sub_values["ref"]):
                        self.add(sub_line, f"{where}: {str(sub)!r} is not a valid source id")
                        continue
                elif isinstance(sub, Mapping):
                    inner = _Ctx(self.shown, self.problems)
                    sub_values = inner.fields(sub, schema.SOURCE_REF_FIELDS, "")
                    if sub_values is None:
                        self.ok = False
                        continue
                else:
                    self.add(sub_line, f"{where} items must be mappings with `ref` and optional `locator`")
                    continue
                refs.append(SourceRef(sub_values["ref"], sub_values.get("locator", "")))
            if not refs:
                self.add(line, f"{where} must cite at least one source")
            return refs
        raise AssertionError(f"unknown field kind {f.kind}")  # pragma: no cover - schema bug

    def scalar(self, text: str, f: schema.Field, line: int, where: str) -> Any:
        if f.kind == "slug" and not schema.ENTRY_ID.match(text):
            self.add(line, f"{where}: {text!r} is not a valid id (lower-case letters and digits joined by '-')")
            return None
        if f.kind == "snake" and not schema.SNAKE_ID.match(text):
            self.add(line, f"{where}: {text!r} is not a valid name (lower-case letters and digits joined by '_')")
            return None
        if f.kind == "date":
            if not schema.ISO_DATE.match(text):
                self.add(line, f"{where} must be an ISO date like 2026-01-31, got {text!r}")
                return None
            try:
                _dt.date.fromisoformat(text)
            except ValueError:
                self.add(line, f"{where}: {text!r} is not a real date")
                return None
        if f.kind == "number":
            try:
                return float(text)
            except ValueError:
                self.add(line, f"{where} must be a number, got {text!r}")
                return None
        if f.kind == "integer":
            try:
                return int(text, 10)
            except ValueError:
                self.add(line, f"{where} must be a whole number, got {text!r}")
                return None
        if f.kind == "boolean":
            low = text.lower()
            if low in ("true", "yes", "on"):
                return True
            if low in ("false", "no", "off"):
                return False
            self.add(line, f"{where} must be true or false, got {text!r}")
            return None
        return text


def _clean_text(node: Text) -> str:
    """Trim a text value; folded/literal blocks keep their paragraphs."""
    lines = [" ".join(part.split()) for part in str(node).strip().split("\n\n")]
    return "\n\n".join(p for p in lines if p)


def _is_null(node: Any) -> bool:
    return isinstance(node, Text) and node.kind == "null" and str(node).strip() in ("", "~", "null", "Null", "NULL")


def _shape(node: Any) -> str:
    if isinstance(node, Mapping):
        return "mapping"
    if isinstance(node, Sequence):
        return "list"
    return "value"


_NOUNS = {
    "entries": "entry",
    "sources": "source",
    "topics": "topic",
    "synonyms": "synonym",
    "intents": "intent",
    "topic_examples": "topic example",
}


def _label(item: Mapping, key: str, noun: str) -> str:
    """'entry 'x': ' for messages about an item whose name field is readable."""
    v = item.get(key)
    if noun and noun != "setting" and isinstance(v, Text) and str(v).strip():
        return f"{noun} {' '.join(str(v).split())!r}: "
    return ""
