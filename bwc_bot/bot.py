"""The ``Bot`` facade: load a knowledge base (through the cache) and answer questions."""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

from . import cache as _cache
from .compose import compose
from .domain import DomainModel, NeighbourModel
from .errors import QuestionTypeError, UnknownTopicError
from .index import IndexData, build_index
from .intents import IntentMatch, IntentMatcher, blocked_by_tone
from .loader import KnowledgeBase, content_hash, discover, load_knowledge_base
from .models import Answer, Entry, Topic
from .paths import bundled_dirs, cache_dir
from .retrieval import Hit, Retriever
from .schema import OUT_OF_SCOPE
from .spelling import SpellCorrector
from .stopwords import STOPWORDS
from .text import Analyzer, strip_invisible, surface_tokens


_log = logging.getLogger(__name__)  # "bwc_bot.bot": the CLI shows INFO from "bwc_bot" on a terminal


@dataclass(frozen=True, slots=True)
class Analysis:
    """How a question was read and what matched it: the basis of an answer and of /why."""

    question: str  # the question as received (after removing invisible characters)
    read: str  # the part that was analysed (truncated when too long)
    truncated: bool
    terms: tuple[str, ...]  # content terms used for retrieval (stems)
    corrections: tuple[tuple[str, str], ...]  # (typed, read as)
    unknown: tuple[str, ...]  # content words the knowledge base never uses
    hits: tuple[Hit, ...]
    intent: IntentMatch | None
    out_of_scope: float  # similarity to the closest out-of-scope example
    domain: float  # > 0: the words look like the knowledge base; < 0: like out-of-scope questions
    addressed: bool = False  # the question speaks to the bot ("you", "your", "this tool")
    anchored: bool = False  # the question names the body camera (settings.anchor_terms)
    kb_neighbour: float = 0.0  # similarity to the closest knowledge phrasing
    oos_neighbour: float = 0.0  # similarity to the closest out-of-scope example
    oos_probability: float = 0.0  # the topic regression's probability that it is out of scope
    topics: tuple[str, ...] = ()  # the topic ids answers were limited to (empty: all topics)
    outside_best: float = 0.0  # with ``topics``: the best score of an entry outside them


_SECOND_PERSON = frozenset({"you", "your", "yours", "yourself", "u", "ya", "youre"})
_THE_BOT = frozenset({"tool", "bot", "chatbot", "assistant", "app"})  # "this tool" speaks to the bot too


class Bot:
    """Answers body-worn camera program questions with cited entries.

    ``Bot()`` loads the bundled knowledge base; ``Bot.from_paths(k, i)`` loads others.
    ``ask`` never raises for a string. A ``Bot`` is immutable after construction and
    safe to share between threads.
    """

    def __init__(self, knowledge_base: KnowledgeBase | None = None, *, index: IndexData | None = None):
        if knowledge_base is None:
            knowledge_base, index = _load(*bundled_dirs())
        if index is None:
            index = _build(knowledge_base)
        self.kb = knowledge_base
        self.index = index
        self.analyzer = Analyzer(knowledge_base.synonyms, index.stem_overrides)
        self.retriever = Retriever(index)
        self.intents = IntentMatcher(index)
        self.speller = SpellCorrector(index.vocabulary)
        self._entries = {e.id: e for e in knowledge_base.entries}
        self._sources = {s.id: s for s in knowledge_base.sources}
        self.intent_index = {i.name: n for n, i in enumerate(knowledge_base.intents)}  # name -> index
        self._oos = self.intent_index.get(OUT_OF_SCOPE)
        self._topic_index = {t.id: n for n, t in enumerate(knowledge_base.topics)}
        self.domain = DomainModel(index, self._oos)
        self.neighbours = NeighbourModel(index, self._oos)
        self.anchors = frozenset(t for a in knowledge_base.settings.anchor_terms for t in self.analyzer.terms(a))

    @classmethod
    def from_paths(cls, knowledge_dir: Path | str, intents_dir: Path | str, *, use_cache: bool = True) -> "Bot":
        """Load a knowledge directory and an intents directory, or raise ``DataError``."""
        kb, index = _load(Path(knowledge_dir), Path(intents_dir), use_cache=use_cache)
        return cls(kb, index=index)

    # --- public API ---------------------------------------------------------------

    @property
    def version(self) -> str:
        """Content hash of the loaded knowledge (``Answer.kb_version``)."""
        return self.kb.version

    def ask(self, question: str, *, topics: Iterable[str] | str | None = None) -> Answer:
        """Answer one question. Never raises for a ``str``; other types raise QuestionTypeError.

        ``topics`` (topic ids, or one id) limits the answer to entries of those topics, e.g.
        ``topics=["retention", "public_release"]`` for a records desk; an id the knowledge
        base does not have raises ``UnknownTopicError``.
        """
        return compose(self, self.analyze(question, topics=topics))

    def analyze(self, question: str, *, topics: Iterable[str] | str | None = None) -> Analysis:
        """How ``question`` is read and matched (what ``ask`` and ``/why`` use)."""
        if not isinstance(question, str):
            raise QuestionTypeError(f"question must be a str, not {type(question).__name__}")
        chosen = self.check_topics(topics) if topics is not None else ()
        allowed = frozenset(self._topic_index[t] for t in chosen) if chosen else None
        limit = self.kb.settings.max_question_chars
        # Work on a bounded prefix so a 10 MB question costs no more than a 10 kB one.
        head = question[: limit * 4 + 64]
        cleaned = strip_invisible(head.encode("utf-8", "replace").decode("utf-8"))
        truncated = len(cleaned) > limit or len(head) < len(question)
        read = cleaned[:limit]
        tokens = surface_tokens(read)
        corrections: list[tuple[str, str]] = []
        fixed: list[str] = []
        for tok in tokens:
            fix = self._correct(tok)
            if fix:
                corrections.append((tok, fix))
                fixed.append(fix)
            else:
                fixed.append(tok)
        all_terms = self.analyzer.analyze_tokens(fixed, keep_stopwords=True)
        content = self.analyzer.analyze_tokens(fixed)  # stop words and filler phrases dropped
        terms = tuple(t.stem for t in content)
        vocab = self.retriever.vocab
        unknown = tuple(dict.fromkeys(t.surface for t in content if t.stem not in vocab))
        found, outside = self.retriever.search_within(terms, allowed)
        hits = tuple(found)
        stems = [t.stem for t in all_terms]
        lowered = [t.lower() for t in tokens]
        blocked = blocked_by_tone(lowered, self.intent_index)
        intent, oos = self.intents.match_and_best_for(stems, self._oos, blocked)
        domain = self.domain.score(terms) if terms else 0.0
        addressed = bool(_SECOND_PERSON & set(lowered)) or any(
            word == "this" and following in _THE_BOT for word, following in zip(lowered, lowered[1:])
        )
        kb_near, oos_near = self.neighbours.similarities(terms)
        anchored = bool(self.anchors.intersection(terms))
        oos_probability = self.retriever.topic_model.out_of_scope_probability(terms)
        return Analysis(cleaned, read, truncated, terms, tuple(corrections), unknown, hits, intent, oos, domain, addressed,
                        anchored, kb_near, oos_near, oos_probability, chosen, outside)

    def topics(self) -> list[tuple[Topic, int]]:
        """Every topic with its number of entries, in vocabulary order."""
        counts: dict[str, int] = {}
        for e in self.kb.entries:
            counts[e.topic] = counts.get(e.topic, 0) + 1
        return [(t, counts.get(t.id, 0)) for t in self.kb.topics]

    def check_topics(self, topics: Iterable[str] | str) -> tuple[str, ...]:
        """``topics`` (ids, or one id) as a tuple, or ``UnknownTopicError`` naming the valid ids."""
        wanted = (topics,) if isinstance(topics, str) else tuple(topics)
        unknown = [t for t in wanted if not isinstance(t, str) or t not in self._topic_index]
        if unknown or not wanted:
            what = f"unknown topic {', '.join(repr(t) for t in unknown)}" if unknown else "no topic given"
            raise UnknownTopicError(f"{what}; topics are: {', '.join(self._topic_index)}")
        return wanted

    def entry(self, entry_id: str) -> Entry | None:
        return self._entries.get(entry_id)

    def entries_for_topic(self, topic_id: str) -> list[Entry]:
        return [e for e in self.kb.entries if e.topic == topic_id]

    def answer_entry(self, entry_id: str, question: str | None = None) -> Answer | None:
        """The answer of one entry (used when a chat user picks a numbered suggestion)."""
        from .compose import entry_answer

        entry = self._entries.get(entry_id)
        return entry_answer(self, entry, question or entry.question, 1.0, ()) if entry else None

    # --- helpers ---------------------------------------------------------------------

    def _correct(self, token: str) -> str | None:
        if token in STOPWORDS or token in self.speller.counts:
            return None
        if self.analyzer.stem_word(token) in self.retriever.vocab:
            return None
        return self.speller.correct(token)


def _load(knowledge_dir: Path, intents_dir: Path, *, use_cache: bool = True) -> tuple[KnowledgeBase, IndexData]:
    """The validated knowledge base and its index, from the cache when it can be trusted.
    Building the index is logged (INFO, logger ``bwc_bot.bot``): it takes a few seconds."""
    dirs = (str(knowledge_dir.resolve()), str(intents_dir.resolve()))
    if use_cache and os.environ.get("BWC_BOT_NO_CACHE") != "1":
        files, problems = discover([knowledge_dir, intents_dir])
        if not problems and files:
            version = content_hash(files)
            path = _cache.cache_path(cache_dir(), version, dirs)
            cached = _cache.load(path, version, dirs)
            if cached is not None:
                return cached
            kb = load_knowledge_base(knowledge_dir, intents_dir)
            index = _build(kb)
            if kb.version == version:  # the files did not change while loading
                _cache.save(path, kb, index, dirs)
            return kb, index
    kb = load_knowledge_base(knowledge_dir, intents_dir)
    return kb, _build(kb)


def _build(kb: KnowledgeBase) -> IndexData:
    _log.info("Indexing the knowledge base (a few seconds)...")
    return build_index(kb)
