"""Rank knowledge entries for a question with BM25 (rank-bm25) over three fields.

Each entry is scored on three BM25 indexes, all built by ``rank_bm25.BM25Okapi``:

* each phrasing alone (question, alternates, tags): the entry takes its best phrasing;
* all of its phrasings together (rewards entries whose phrasings jointly cover the question);
* its answer text (weighed lowest: answers mention many things they are not about).

A topic model (``topic_model.py``: naive Bayes plus logistic regression, trained on the
entries and on labelled practitioner questions) then promotes the best entry of the
predicted topic when it scores within ``PROMOTE_RATIO`` of the top entry (more when the
model is unsure: ``PROMOTE_CERTAINTY``).

Scores are computed sparsely from the rank-bm25 model's own ``idf``, ``doc_len`` and
``avgdl`` (an inverted index visits only documents that contain a query term);
``tests/test_retrieval.py`` checks them against ``BM25Okapi.get_scores``.

"No match" is decided from matched terms, never from a zero score (rank-bm25 can
score a clear match 0 in a tiny corpus, see STYLE.md).
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass
from typing import Sequence

import numpy as np
from rank_bm25 import BM25Okapi

from .index import IndexData
from .similarity import IdfWeights
from .topic_model import TopicModel

# Field weights and the BM25 parameters, tuned on tests/questions/dev.yaml only. PROMOTE_RATIO
# was chosen by cross-validation: topic examples from dev..dev3 only, measured on dev4.
PHRASING_WEIGHT = 1.0
BAG_WEIGHT = 0.35
ANSWER_WEIGHT = 0.25
PROMOTE_RATIO = 0.4  # promote the predicted topic's best entry when it scores this share of the top
# ...when the topic model is sure: at a topic-score margin m below PROMOTE_CERTAINTY the entry
# needs 1 - m / PROMOTE_CERTAINTY of the top score instead (cross-validated on dev4 and dev5)
PROMOTE_CERTAINTY = 7.0
# share of a phrasing's term weight the question must hold for that phrasing to be trusted
# over the topic model (cross-validated on dev4: 0.8 and 1.0 tie, 0.8 keeps canonical questions)
SAYS_IT_ALL = 0.8
ANSWER_MATCH_CREDIT = 0.6  # a term found only in the answer counts this much toward coverage
K1 = 1.2
B = 0.75


@dataclass(frozen=True, slots=True)
class Hit:
    """One ranked entry: its score, how much of the question it explains, and why."""

    entry: int  # index into KnowledgeBase.entries
    score: float  # field-weighted BM25 (the topic signal changes the order, not this)
    coverage: float  # 0..1 share of the question's weighted terms this entry matches
    phrasing: int  # index of the best-matching phrasing document
    phrasing_score: float
    matched: tuple[str, ...]  # query terms found in the entry's phrasings or answer
    evidence: float = 0.0  # summed weight of the matched terms
    promoted: bool = False  # moved to the top because the topic model predicts its topic


class _SparseBM25:
    """BM25Okapi scores over an inverted index built from a rank-bm25 model."""

    def __init__(self, docs: Sequence[Sequence[str]], k1: float = K1, b: float = B):
        # rank-bm25 cannot build from an empty corpus (division by zero): give it one empty doc.
        corpus = [list(d) for d in docs] or [[]]
        if not any(corpus):
            corpus = corpus + [["\0"]]
        self.model = BM25Okapi(corpus, k1=k1, b=b)
        self.idf: dict[str, float] = self.model.idf
        avgdl = self.model.avgdl or 1.0
        norms = [k1 * (1 - b + b * dl / avgdl) for dl in self.model.doc_len]
        lists: dict[str, tuple[list[int], list[float]]] = defaultdict(lambda: ([], []))
        for n, freqs in enumerate(self.model.doc_freqs[: len(docs)]):
            for term, tf in freqs.items():
                docs_, parts = lists[term]
                docs_.append(n)
                parts.append(tf * (k1 + 1) / (tf + norms[n]))
        # postings as arrays: the documents containing a term and its BM25 term-frequency part
        self.postings = {t: (np.array(d, dtype=np.intp), np.array(p)) for t, (d, p) in lists.items()}
        self.size = len(docs)

    def scores(self, terms: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
        """Dense scores for every document, and which documents contain a query term."""
        out = np.zeros(self.size)
        touched = np.zeros(self.size, dtype=bool)
        for term in terms:
            postings = self.postings.get(term)
            if postings is None:
                continue
            docs, parts = postings
            out[docs] += self.idf[term] * parts  # idf may be 0 in a tiny corpus; the doc still matched
            touched[docs] = True
        return out, touched


class Retriever:
    """Ranks entries for analysed question terms."""

    def __init__(self, index: IndexData):
        self.index = index
        self.n_entries = len(index.bag_terms)
        self.phrasings = _SparseBM25(index.phrasing_terms)
        self.bags = _SparseBM25(index.bag_terms)
        self.answers = _SparseBM25(index.answer_terms)
        self.bag_sets = [frozenset(t) for t in index.bag_terms]
        self.answer_sets = [frozenset(t) for t in index.answer_terms]
        # How much a question term matters: rarer in the knowledge base weighs more; a term
        # the knowledge base never uses weighs most (it is probably off-topic).
        self.weight = IdfWeights(bag | ans for bag, ans in zip(self.bag_sets, self.answer_sets))
        self.topic_model = TopicModel(index)
        # phrasing documents are stored entry by entry: where each entry's run starts and ends
        owner = np.array(index.phrasing_owner, dtype=np.intp)
        self._starts = np.searchsorted(owner, np.arange(self.n_entries), side="left")
        self._ends = np.searchsorted(owner, np.arange(self.n_entries), side="right")
        self.vocab = self.weight.vocab
        self._entry_topic = np.array(index.entry_topic, dtype=np.intp)

    def search(self, terms: Sequence[str], k: int = 10) -> list[Hit]:
        """Top ``k`` entries that share at least one term with the question."""
        return self.search_within(terms, None, k)[0]

    def search_within(self, terms: Sequence[str], topics: frozenset[int] | None, k: int = 10) -> tuple[list[Hit], float]:
        """Top ``k`` entries of ``topics`` (topic indices; None for all) that share a term with
        the question, and the best score of an entry outside ``topics`` (0.0 for all topics)."""
        if not terms or not self.n_entries:
            return [], 0.0
        phr, phr_touched = self.phrasings.scores(terms)
        bag, bag_touched = self.bags.scores(terms)
        ans, ans_touched = self.answers.scores(terms)
        starts = self._starts
        best_phr = np.maximum.reduceat(np.where(phr_touched, phr, 0.0), starts)
        phr_entry = np.logical_or.reduceat(phr_touched, starts)
        entry_touched = phr_entry | bag_touched | ans_touched
        total = PHRASING_WEIGHT * np.where(phr_entry, best_phr, 0.0) + BAG_WEIGHT * bag + ANSWER_WEIGHT * ans
        outside = 0.0
        if topics is not None:
            inside = np.isin(self._entry_topic, list(topics))
            touched_outside = entry_touched & ~inside
            if touched_outside.any():
                outside = float(total[touched_outside].max())
            entry_touched &= inside
        candidates = np.flatnonzero(entry_touched)
        if not len(candidates):
            return [], outside
        order = candidates[np.lexsort((candidates, -total[candidates]))][:k]
        unique = list(dict.fromkeys(terms))
        weights = [self.weight(t) for t in unique]
        total_weight = sum(weights) or 1.0
        hits = []
        for e in order.tolist():
            bag_set, ans_set = self.bag_sets[e], self.answer_sets[e]
            got = 0.0
            matched = []
            for t, w in zip(unique, weights):
                if t in bag_set:
                    got += w
                    matched.append(t)
                elif t in ans_set:
                    got += w * ANSWER_MATCH_CREDIT
                    matched.append(t)
            if not matched:
                continue
            lo, hi = starts[e], self._ends[e]
            touched = phr_touched[lo:hi]
            if touched.any():
                local = np.where(touched, phr[lo:hi], -np.inf)
                pdoc = int(lo + int(np.argmax(local)))
                pscore = float(phr[pdoc])
            else:
                pdoc, pscore = -1, 0.0
            hits.append(Hit(e, float(total[e]), got / total_weight, pdoc, pscore, tuple(matched), got))
        return self._promote(hits, terms, topics), outside

    def _says_it_all(self, phrasing: int, terms: Sequence[str]) -> bool:
        """Whether a phrasing holds every question term and little else.

        A phrasing that adds a weighty qualifier the question lacks ("...for a *tribal*
        police department") does not say it all: the topic model may still overrule it.
        """
        if phrasing < 0:
            return False
        asked, said = set(terms), set(self.index.phrasing_terms[phrasing])
        if not asked <= said:
            return False
        said_weight = sum(self.weight(t) for t in said) or 1.0
        return sum(self.weight(t) for t in asked) >= SAYS_IT_ALL * said_weight

    def _promote(self, hits: list[Hit], terms: Sequence[str], topics: frozenset[int] | None = None) -> list[Hit]:
        """Put the predicted topic's best entry first when it scores close to the top entry."""
        if len(hits) < 2 or not PROMOTE_RATIO:
            return hits
        top = hits[0]
        if self._says_it_all(top.phrasing, terms):
            return hits  # one of the top entry's own phrasings is this question: trust it
        scores = self.topic_model.scores(terms) if terms else []
        if topics is not None:  # the likeliest of the allowed topics
            scores = [x if n in topics else -math.inf for n, x in enumerate(scores)]
        if not scores:
            return hits
        topic = max(range(len(scores)), key=scores.__getitem__)
        entry_topic = self.index.entry_topic
        top_topic = entry_topic[top.entry]
        if top_topic == topic:
            return hits
        # The surer the topic model (its score margin over the top entry's topic), the
        # less of the top entry's score the promoted entry needs, down to PROMOTE_RATIO.
        margin = scores[topic] - scores[top_topic] if 0 <= top_topic < len(scores) else PROMOTE_CERTAINTY
        needed = min(1.0, max(PROMOTE_RATIO, 1.0 - margin / PROMOTE_CERTAINTY))
        for n, h in enumerate(hits[1:], 1):
            if entry_topic[h.entry] == topic:
                if h.score >= needed * hits[0].score:
                    promoted = Hit(h.entry, h.score, h.coverage, h.phrasing, h.phrasing_score, h.matched, h.evidence, True)
                    return [promoted] + hits[:n] + hits[n + 1 :]
                break
        return hits
