"""Persist the validated knowledge base and its index, and never trust the file blindly.

A cache file has two lines: a JSON header, then the JSON payload. The header names the
format, the format version, the knowledge-base hash and directories it was built from,
and the SHA-256 of the payload line. ``load`` returns None (so the caller rebuilds) for
a missing, truncated, corrupt, stale or foreign file; ``save`` writes a temporary file
in the same directory and renames it over the old one, so readers never see a partial
file and two processes building at once cannot corrupt it.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict
from functools import lru_cache
from pathlib import Path
from typing import Any

from .atomic import atomic_write_text
from .index import INDEX_FORMAT, IndexData
from .loader import KnowledgeBase, Settings
from .models import Entry, Intent, Source, SourceRef, Synonym, Topic, TopicExamples
from .topic_regression import TopicRegression

MAGIC = "bwc-bot-index"
# The modules whose behaviour is baked into a cache file: a change to any of them
# (a new default setting, a different analyser) must make old cache files stale.
_BAKED_IN = ("cache.py", "index.py", "loader.py", "models.py", "schema.py", "stopwords.py", "text.py", "topic_regression.py", "_porter2.py", "yamlio.py")


@lru_cache(maxsize=1)
def code_fingerprint() -> str:
    """Hash of the baked-in modules, read once per process (the key and the header check both need it)."""
    h = hashlib.sha256()
    here = Path(__file__).resolve().parent
    for name in _BAKED_IN:
        try:
            h.update(name.encode() + b"\0" + (here / name).read_bytes())
        except OSError:
            h.update(name.encode() + b"\0missing")
    return h.hexdigest()[:16]


def cache_key(kb_version: str, dirs: tuple[str, ...]) -> str:
    raw = json.dumps([MAGIC, INDEX_FORMAT, code_fingerprint(), kb_version, dirs])
    return hashlib.sha256(raw.encode()).hexdigest()[:24]


def cache_path(directory: Path, kb_version: str, dirs: tuple[str, ...]) -> Path:
    return directory / f"index-{cache_key(kb_version, dirs)}.json"


def save(path: Path, kb: KnowledgeBase, index: IndexData, dirs: tuple[str, ...]) -> bool:
    """Write the cache atomically; return False (and leave nothing behind) on any error."""
    payload = json.dumps({"kb": _kb_to_json(kb), "index": asdict(index)}, ensure_ascii=False, separators=(",", ":"))
    header = json.dumps(
        {
            "format": MAGIC,
            "format_version": INDEX_FORMAT,
            "kb_version": kb.version,
            "code": code_fingerprint(),
            "dirs": list(dirs),
            "sha256": hashlib.sha256(payload.encode("utf-8")).hexdigest(),
        }
    )
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        atomic_write_text(path, header + "\n" + payload)
        return True
    except OSError:
        return False


def load(path: Path, kb_version: str, dirs: tuple[str, ...]) -> tuple[KnowledgeBase, IndexData] | None:
    """The cached knowledge base and index, or None when the file cannot be trusted."""
    try:
        data = path.read_bytes()
    except OSError:
        return None
    try:
        head, _, body = data.partition(b"\n")
        header = json.loads(head)
        if not isinstance(header, dict) or header.get("format") != MAGIC:
            return None
        if header.get("format_version") != INDEX_FORMAT or header.get("kb_version") != kb_version:
            return None
        if header.get("dirs") != list(dirs) or header.get("code") != code_fingerprint():
            return None
        if hashlib.sha256(body).hexdigest() != header.get("sha256"):
            return None
        payload = json.loads(body)
        return _kb_from_json(payload["kb"]), _index_from_json(payload["index"])
    except (ValueError, KeyError, TypeError, AttributeError, UnicodeDecodeError):
        return None


def _kb_to_json(kb: KnowledgeBase) -> dict[str, Any]:
    return {
        "entries": [asdict(e) for e in kb.entries],
        "intents": [asdict(i) for i in kb.intents],
        "topics": [asdict(t) for t in kb.topics],
        "sources": [asdict(s) for s in kb.sources],
        "synonyms": [asdict(s) for s in kb.synonyms],
        "settings": asdict(kb.settings),
        "version": kb.version,
        "files": list(kb.files),
        "topic_examples": [asdict(x) for x in kb.topic_examples],
    }


def _kb_from_json(d: dict[str, Any]) -> KnowledgeBase:
    entries = []
    for e in d["entries"]:
        e = dict(e)
        e["sources"] = tuple(SourceRef(**r) for r in e["sources"])
        for key in ("alternates", "related", "tags"):
            e[key] = tuple(e[key])
        entries.append(Entry(**e))
    intents = []
    for i in d["intents"]:
        i = dict(i)
        i["examples"] = tuple(i["examples"])
        i["responses"] = tuple(i["responses"])
        intents.append(Intent(**i))
    return KnowledgeBase(
        entries=tuple(entries),
        intents=tuple(intents),
        topics=tuple(Topic(**t) for t in d["topics"]),
        sources=tuple(Source(**s) for s in d["sources"]),
        synonyms=tuple(Synonym(s["canonical"], tuple(s["variants"])) for s in d["synonyms"]),
        settings=Settings(**{k: tuple(v) if isinstance(v, list) else v for k, v in d["settings"].items()}),
        version=d["version"],
        files=tuple(d["files"]),
        topic_examples=tuple(
            TopicExamples(x["topic"], tuple(x["questions"]), x["path"], x["line"], tuple(x["lines"])) for x in d["topic_examples"]
        ),
    )


def _index_from_json(d: dict[str, Any]) -> IndexData:
    tup = lambda rows: tuple(tuple(r) for r in rows)  # noqa: E731
    return IndexData(
        phrasing_terms=tup(d["phrasing_terms"]),
        phrasing_owner=tuple(d["phrasing_owner"]),
        phrasing_text=tuple(d["phrasing_text"]),
        bag_terms=tup(d["bag_terms"]),
        answer_terms=tup(d["answer_terms"]),
        intent_terms=tup(d["intent_terms"]),
        intent_owner=tuple(d["intent_owner"]),
        entry_topic=tuple(d["entry_topic"]),
        topic_terms=tup(d["topic_terms"]),
        example_terms=tup(d["example_terms"]),
        example_topic=tuple(d["example_topic"]),
        topic_regression=TopicRegression(
            {t: tuple(w) for t, w in d["topic_regression"]["terms"].items()},
            tuple(d["topic_regression"]["bias"]),
            d["topic_regression"]["out_of_scope"],
        ),
        vocabulary=dict(d["vocabulary"]),
        stem_overrides=dict(d["stem_overrides"]),
    )
