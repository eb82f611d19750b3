"""Match a question against intent examples (greeting, thanks, help, out of scope...).

Similarity is a weighted Dice coefficient between the question's terms and an
example's terms, stop words kept (conversational phrases are mostly stop words).
Weights are inverse document frequencies over every intent example and entry
phrasing, so shared filler ("what", "is") counts little and an unusual word the two
share counts a lot; a question word the knowledge has never seen weighs the most,
so "how do I keep my tax records" is far from "how do we keep footage".
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

import numpy as np

from .index import IndexData
from .similarity import DiceIndex, IdfWeights


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
        self.weight = IdfWeights(list(index.intent_terms) + list(index.phrasing_terms))
        self._examples = DiceIndex((frozenset(t) for t in index.intent_terms), self.weight)
        self._owner = np.array(index.intent_owner, dtype=np.intp)

    def match_and_best_for(self, terms: Sequence[str], intent: int | None) -> tuple[IntentMatch | None, float]:
        """The closest example's intent (None when no example shares a term), and the
        similarity of the closest example of ``intent`` (0 when none), from one pass."""
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
