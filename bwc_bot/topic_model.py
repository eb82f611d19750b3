"""Which topic is a question about? A multinomial naive Bayes model over the 20 topics.

Each topic is trained on its label and description and its entries' phrasings
(weight 1) and answers (weight ``ANSWER_WEIGHT``). Entry-level BM25 is good at finding the entry whose wording is
closest; the topic model looks at all of a topic's vocabulary at once, which is better
at telling, say, a question about *measuring* a program (evaluation) from one about
*planning* it, when both mention pilots. ``Retriever`` uses it to promote the best
entry of the predicted topic when that entry scores close to the top one.
"""

from __future__ import annotations

import math
from collections import Counter
from typing import Sequence

from .index import IndexData

ALPHA = 0.3
ANSWER_WEIGHT = 0.5


class TopicModel:
    """log P(question | topic) for every topic, from the knowledge base's own text."""

    def __init__(self, index: IndexData):
        n_topics = len(index.topic_terms)
        counts: list[Counter[str]] = [Counter() for _ in range(n_topics)]
        for topic, terms in enumerate(index.topic_terms):
            counts[topic].update(terms)  # the topic's own label and description
        for e, topic in enumerate(index.entry_topic):
            if not 0 <= topic < n_topics:
                continue
            counts[topic].update(index.bag_terms[e])
            for term in index.answer_terms[e]:
                counts[topic][term] += ANSWER_WEIGHT
        vocab = len(set().union(*counts)) if counts else 0
        self._counts = counts
        self._totals = [sum(c.values()) + ALPHA * vocab for c in counts]

    def scores(self, terms: Sequence[str]) -> list[float]:
        unique = list(dict.fromkeys(terms))
        return [
            sum(math.log((c[t] + ALPHA) / total) for t in unique)
            for c, total in zip(self._counts, self._totals)
        ]

    def best(self, terms: Sequence[str]) -> int | None:
        """The most likely topic's index, or None without terms or topics."""
        if not terms or not self._counts:
            return None
        s = self.scores(terms)
        return max(range(len(s)), key=s.__getitem__)
