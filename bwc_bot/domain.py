"""Is a question about body-worn camera programs at all? A two-class naive Bayes model.

One class is the knowledge base (every entry's phrasings and answer), the other the
``out_of_scope`` intent's examples: everyday questions that share words with the
domain ("keep my tax records", "train my dog", "cloud storage for photos"). A question
scores the naive Bayes log-odds of its distinct content terms (the sum of their
log-likelihood ratios). Laplace smoothing makes a word neither class has seen count
against the question being in scope, because the knowledge base is far larger than
the out-of-scope examples; a strong domain word ("bwc", "footage") outweighs one
unfamiliar word, two or three unfamiliar words outweigh it.
"""

from __future__ import annotations

import math
from collections import Counter
from typing import Sequence

from .index import IndexData
from .similarity import DiceIndex, IdfWeights
from .stopwords import STOPWORDS

ALPHA = 0.5


class DomainModel:
    """Scores how much a question's terms look like the knowledge base rather than out-of-scope examples."""

    def __init__(self, index: IndexData, out_of_scope_intent: int | None):
        pos: Counter[str] = Counter()
        for terms in index.phrasing_terms:
            pos.update(terms)
        for terms in index.answer_terms:
            pos.update(terms)
        neg: Counter[str] = Counter()
        if out_of_scope_intent is not None:
            for n, terms in enumerate(index.intent_terms):
                if index.intent_owner[n] == out_of_scope_intent:
                    neg.update(t for t in terms if t not in STOPWORDS)
        vocab = len(set(pos) | set(neg)) + 1
        self._pos, self._neg = pos, neg
        self._pos_total = sum(pos.values()) + ALPHA * vocab
        self._neg_total = sum(neg.values()) + ALPHA * vocab
        self.enabled = bool(neg)

    def term_score(self, term: str) -> float:
        """log P(term | knowledge) - log P(term | out of scope)."""
        return math.log((self._pos[term] + ALPHA) / self._pos_total) - math.log((self._neg[term] + ALPHA) / self._neg_total)

    def score(self, terms: Sequence[str]) -> float:
        """Log-odds that the question belongs to the knowledge base (positive: looks in scope)."""
        unique = list(dict.fromkeys(terms))
        if not self.enabled:
            return 0.0
        return sum(self.term_score(t) for t in unique)


class NeighbourModel:
    """How close is a question to its nearest knowledge phrasing and to its nearest
    out-of-scope example? Both are weighted Dice similarities over content terms, with one
    set of inverse document frequencies computed over both collections. Unlike the word-
    by-word naive Bayes score, this looks at whole phrasings, so one everyday word ("phone",
    "guy") cannot sink a question that otherwise reads like a knowledge-base question."""

    def __init__(self, index: IndexData, out_of_scope_intent: int | None):
        kb = [frozenset(t) for t in index.phrasing_terms]
        oos = [
            frozenset(t for t in terms if t not in STOPWORDS)
            for n, terms in enumerate(index.intent_terms)
            if index.intent_owner[n] == out_of_scope_intent
        ]
        self.weight = IdfWeights(kb + oos)  # one set of weights over both collections
        self._kb = DiceIndex(kb, self.weight)
        self._oos = DiceIndex(oos, self.weight)

    def similarities(self, terms: Sequence[str]) -> tuple[float, float]:
        """(closest knowledge phrasing, closest out-of-scope example), each 0..1."""
        return self._kb.best(terms), self._oos.best(terms)
