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

from .index import IndexData


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
        self._examples = [frozenset(t) for t in index.intent_terms]
        self._weights = [sum(self.weight(t) for t in ex) for ex in self._examples]
        self._by_term: dict[str, list[int]] = defaultdict(list)
        for i, ex in enumerate(self._examples):
            for t in ex:
                self._by_term[t].append(i)

    def weight(self, term: str) -> float:
        return self._idf.get(term, self._unknown)

    def match(self, terms: Sequence[str]) -> IntentMatch | None:
        """The closest example's intent, or None when no example shares a term."""
        q = frozenset(terms)
        if not q or not self._examples:
            return None
        q_weight = sum(self.weight(t) for t in q)
        shared: dict[int, float] = defaultdict(float)
        for t in q:
            w = self.weight(t)
            for i in self._by_term.get(t, ()):
                shared[i] += w
        best: IntentMatch | None = None
        for i, common in shared.items():
            sim = 2 * common / (q_weight + self._weights[i])
            if best is None or sim > best.similarity or (sim == best.similarity and i < best.example):
                best = IntentMatch(self.index.intent_owner[i], sim, i)
        return best

    def best_for(self, terms: Sequence[str], intent: int) -> float:
        """Similarity of the closest example of one particular intent (0 if none)."""
        q = frozenset(terms)
        if not q:
            return 0.0
        q_weight = sum(self.weight(t) for t in q)
        best = 0.0
        for i, ex in enumerate(self._examples):
            if self.index.intent_owner[i] != intent:
                continue
            common = sum(self.weight(t) for t in q & ex)
            best = max(best, 2 * common / (q_weight + self._weights[i]))
        return best
