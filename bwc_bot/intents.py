"""Match a question against intent examples (greeting, thanks, help, out of scope...).

Similarity is a weighted Dice coefficient between the question's terms and an
example's terms, stop words kept (conversational phrases are mostly stop words).
Weights are inverse document frequencies over every intent example and entry
phrasing, so shared filler ("what", "is") counts little and an unusual word the two
share counts a lot; a question word the knowledge has never seen weighs the most,
so "how do I keep my tax records" is far from "how do we keep footage".
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass
from typing import Sequence

import numpy as np

from .index import IndexData
from .similarity import DiceIndex


@dataclass(frozen=True, slots=True)
class IntentMatch:
    """The best intent for a question and how similar its closest example is."""

    intent: int  # index into KnowledgeBase.intents
    similarity: float
    example: int  # index of the matching example in IndexData.intent_terms


class IntentMatcher:
    """Finds the intent whose example is most similar to a question."""

    def __init__(self, index: IndexData):
        self.index = index
        docs = list(index.intent_terms) + [t for t in index.phrasing_terms]
        n = max(len(docs), 1)
        df: dict[str, int] = defaultdict(int)
        for d in docs:
            for t in set(d):
                df[t] += 1
        self._idf = {t: math.log(1 + n / c) for t, c in df.items()}
        self._unknown = math.log(1 + n / 0.5)
        self._examples = DiceIndex((frozenset(t) for t in index.intent_terms), self.weight)
        self._owner = np.array(index.intent_owner, dtype=np.intp)

    def weight(self, term: str) -> float:
        return self._idf.get(term, self._unknown)

    def match(self, terms: Sequence[str]) -> IntentMatch | None:
        """The closest example's intent, or None when no example shares a term."""
        return self._best(self._examples.similarities(terms))

    def best_for(self, terms: Sequence[str], intent: int) -> float:
        """Similarity of the closest example of one particular intent (0 if none)."""
        return self._best_of(self._examples.similarities(terms), intent)

    def match_and_best_for(self, terms: Sequence[str], intent: int | None) -> tuple[IntentMatch | None, float]:
        """``match(terms)`` and ``best_for(terms, intent)`` from one pass over the examples."""
        sims = self._examples.similarities(terms)
        return self._best(sims), (self._best_of(sims, intent) if intent is not None else 0.0)

    def _best(self, sims: np.ndarray | None) -> IntentMatch | None:
        if sims is None:
            return None
        i = int(np.argmax(sims))  # the first of equal maxima
        return IntentMatch(int(self._owner[i]), float(sims[i]), i)

    def _best_of(self, sims: np.ndarray | None, intent: int) -> float:
        if sims is None:
            return 0.0
        mask = self._owner == intent
        return float(sims[mask].max()) if mask.any() else 0.0
