"""Weighted Dice similarity between a question and many short documents, via an inverted index.

sim(q, d) = 2 * w(q & d) / (w(q) + w(d)), where w sums term weights (inverse document
frequencies chosen by the caller). Used to match intent examples and to find a
question's nearest knowledge phrasing and nearest out-of-scope example.
"""

from __future__ import annotations

import math
from collections import Counter
from typing import Callable, Iterable, Sequence

import numpy as np


class IdfWeights:
    """Term weight log(1 + N / df) over a collection of documents; a term no document
    contains counts as df 0.5, so a word the collection has never seen weighs the most."""

    def __init__(self, docs: Iterable[Iterable[str]]):
        df: Counter[str] = Counter()
        count = 0
        for doc in docs:
            df.update(set(doc))
            count += 1
        n = max(count, 1)
        self._idf = {t: math.log(1 + n / c) for t, c in df.items()}
        self._unknown = math.log(1 + n / 0.5)
        self.vocab = frozenset(df)

    def __call__(self, term: str) -> float:
        return self._idf.get(term, self._unknown)


class DiceIndex:
    """Weighted Dice similarity of a question to every document of a collection."""

    def __init__(self, docs: Iterable[frozenset[str]], weight: Callable[[str], float]):
        self.docs = list(docs)
        self.weight = weight
        self._doc_weight = np.array([sum(weight(t) for t in d) for d in self.docs])
        inverted: dict[str, list[int]] = {}
        for i, doc in enumerate(self.docs):
            for t in doc:
                inverted.setdefault(t, []).append(i)
        self._postings = {t: np.array(ids, dtype=np.intp) for t, ids in inverted.items()}

    def __len__(self) -> int:
        return len(self.docs)

    def similarities(self, terms: Sequence[str]) -> np.ndarray | None:
        """Similarity to every document, or None when no document shares a term."""
        q = frozenset(terms)
        if not q or not self.docs:
            return None
        shared = np.zeros(len(self.docs))
        touched = False
        for t in q:
            ids = self._postings.get(t)
            if ids is not None:
                shared[ids] += self.weight(t)
                touched = True
        if not touched:
            return None
        q_weight = sum(self.weight(t) for t in q)
        return 2 * shared / (q_weight + self._doc_weight)

    def best(self, terms: Sequence[str]) -> float:
        """Similarity of the closest document (0 when none shares a term)."""
        sims = self.similarities(terms)
        return 0.0 if sims is None else float(sims.max())
