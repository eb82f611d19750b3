"""Build the search index from a knowledge base: plain data, cheap to cache as JSON.

The index holds, for every entry, the analysed terms of each phrasing (question,
alternates, tags), of all phrasings together, and of the answer; the analysed terms of
every intent example and of every labelled practitioner question (topic examples); and
the knowledge-base vocabulary for spelling correction.
Stems come from NLTK's Snowball stemmer, the reference implementation: any word where
the fast vendored copy disagrees is pinned in ``stem_overrides`` so queries (which use
the vendored copy) always agree with the index.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from .loader import KnowledgeBase
from .schema import OUT_OF_SCOPE
from .text import Analyzer, stem as fast_stem, surface_tokens
from .topic_regression import TopicRegression, fit as fit_topic_regression

INDEX_FORMAT = 7
# How much each document counts in the topic regression, next to an entry phrasing, answer
# or topic description (1): real questions say most about how people ask, and there are
# fewer out-of-scope examples than knowledge-base documents. OUT_OF_SCOPE_WEIGHT was 8 with
# about 900 examples; with about 1,200 it is 5 (4, 5, 6 and 8 compared on dev4 cross-
# validated, dev5, dev6 and the two out-of-scope validation lists).
EXAMPLE_WEIGHT = 4.0
OUT_OF_SCOPE_WEIGHT = 5.0


@dataclass(frozen=True)
class IndexData:
    """Everything retrieval, intent matching and spelling correction need."""

    phrasing_terms: tuple[tuple[str, ...], ...]  # one per phrasing document
    phrasing_owner: tuple[int, ...]  # entry index of each phrasing document
    phrasing_text: tuple[str, ...]  # the phrasing as written (for /why)
    bag_terms: tuple[tuple[str, ...], ...]  # one per entry: all phrasings + tags
    answer_terms: tuple[tuple[str, ...], ...]  # one per entry
    intent_terms: tuple[tuple[str, ...], ...]  # one per intent example (stop words kept)
    intent_owner: tuple[int, ...]  # intent index of each example
    entry_topic: tuple[int, ...] = ()  # topic index of each entry
    topic_terms: tuple[tuple[str, ...], ...] = ()  # one per topic: its label and description
    example_terms: tuple[tuple[str, ...], ...] = ()  # one per labelled practitioner question
    example_topic: tuple[int, ...] = ()  # topic index of each labelled question
    topic_regression: TopicRegression = field(default_factory=lambda: TopicRegression({}, ()))
    vocabulary: dict[str, int] = field(default_factory=dict)  # surface word -> count
    stem_overrides: dict[str, str] = field(default_factory=dict)


def _reference_stemmer():
    """NLTK's Snowball stemmer, or None when NLTK cannot be imported."""
    try:
        from nltk.stem.snowball import SnowballStemmer
    except Exception:  # pragma: no cover - nltk is a declared dependency
        return None
    return SnowballStemmer("english")


def knowledge_texts(kb: KnowledgeBase) -> list[str]:
    """Every text the index reads, for building the vocabulary."""
    texts: list[str] = []
    for e in kb.entries:
        texts.extend(e.phrasings)
        texts.extend(e.tags)
        texts.append(e.answer)
    for i in kb.intents:
        texts.extend(i.examples)
    for s in kb.synonyms:
        texts.append(s.canonical)
        texts.extend(s.variants)
    return texts


def _train_topic_regression(
    docs: list[tuple[str, ...]],
    labels: list[int],
    examples: tuple[tuple[str, ...], ...],
    example_topics: tuple[int, ...],
    n_topics: int,
    out_of_scope: list[tuple[str, ...]],
) -> TopicRegression:
    """The topic regression over the knowledge base's own documents and the labelled
    questions, with an extra last class, out of scope, learnt from that intent's examples."""
    return fit_topic_regression(
        [*docs, *examples, *out_of_scope],
        [*labels, *example_topics, *[n_topics] * len(out_of_scope)],
        n_topics + 1 if out_of_scope else n_topics,
        weights=[1.0] * len(docs) + [EXAMPLE_WEIGHT] * len(examples) + [OUT_OF_SCOPE_WEIGHT] * len(out_of_scope),
        out_of_scope=bool(out_of_scope),
    )


def build_index(kb: KnowledgeBase) -> IndexData:
    """Analyse every entry and intent example of ``kb``."""
    vocabulary: Counter[str] = Counter()
    for text in knowledge_texts(kb):
        vocabulary.update(surface_tokens(text))

    overrides: dict[str, str] = {}
    reference = _reference_stemmer()
    if reference is not None:
        for word in vocabulary:
            if word.isascii() and word.isalpha():
                expected = reference.stem(word)
                if expected != fast_stem(word):
                    overrides[word] = expected

    analyzer = Analyzer(kb.synonyms, overrides)
    phrasing_terms: list[tuple[str, ...]] = []
    phrasing_owner: list[int] = []
    phrasing_text: list[str] = []
    bag_terms: list[tuple[str, ...]] = []
    answer_terms: list[tuple[str, ...]] = []
    for n, e in enumerate(kb.entries):
        bag: list[str] = []
        texts = list(e.phrasings)
        if e.tags:
            texts.append(", ".join(e.tags))
        for text in texts:
            terms = tuple(analyzer.terms(text))
            phrasing_terms.append(terms)
            phrasing_owner.append(n)
            phrasing_text.append(text)
            bag.extend(terms)
        bag_terms.append(tuple(bag))
        answer_terms.append(tuple(analyzer.terms(e.answer)))

    intent_terms: list[tuple[str, ...]] = []
    intent_owner: list[int] = []
    for n, intent in enumerate(kb.intents):
        for example in intent.examples:
            intent_terms.append(tuple(t.stem for t in analyzer.analyze(example, keep_stopwords=True)))
            intent_owner.append(n)

    topic_index = {t.id: n for n, t in enumerate(kb.topics)}
    # Labelled questions train the topic model only. Their words stay out of the spelling
    # vocabulary: they are written as practitioners type, typos included.
    examples = [(topic_index.get(x.topic, -1), q) for x in kb.topic_examples for q in x.questions]
    example_terms = tuple(tuple(analyzer.terms(q)) for _, q in examples)
    example_topic = tuple(t for t, _ in examples)
    entry_topic = tuple(topic_index.get(e.topic, -1) for e in kb.entries)
    topic_terms = tuple(tuple(analyzer.terms(f"{t.label}. {t.description}")) for t in kb.topics)
    out_of_scope = [tuple(analyzer.terms(x)) for i in kb.intents if i.name == OUT_OF_SCOPE for x in i.examples]
    regression = _train_topic_regression(
        [*phrasing_terms, *answer_terms, *topic_terms],
        [*(entry_topic[n] for n in phrasing_owner), *entry_topic, *range(len(topic_terms))],
        example_terms,
        example_topic,
        len(topic_terms),
        out_of_scope,
    )
    return IndexData(
        example_terms=example_terms,
        example_topic=example_topic,
        topic_regression=regression,
        entry_topic=entry_topic,
        topic_terms=topic_terms,
        phrasing_terms=tuple(phrasing_terms),
        phrasing_owner=tuple(phrasing_owner),
        phrasing_text=tuple(phrasing_text),
        bag_terms=tuple(bag_terms),
        answer_terms=tuple(answer_terms),
        intent_terms=tuple(intent_terms),
        intent_owner=tuple(intent_owner),
        vocabulary=dict(vocabulary),
        stem_overrides=overrides,
    )
