"""Which topic is a question about? Naive Bayes plus a logistic regression, over the topics.

The naive Bayes part trains each topic on its label and description, its entries'
phrasings (weight 1) and answers (weight ``ANSWER_WEIGHT``), and the practitioner
questions labelled with it in ``knowledge/topic_examples.yaml`` (each distinct word
weighs ``EXAMPLE_WEIGHT``: real questions are short and say most about how people ask).
The logistic regression (``topic_regression.py``) learns from the same text and adds
its logits, times ``REGRESSION_WEIGHT``: the two make different mistakes. Its extra
class, out of scope, also gives ``out_of_scope_probability``.

Entry-level BM25 is good at finding the entry whose wording is closest; the topic model
looks at all of a topic's vocabulary at once, which is better at telling, say, a
question about *measuring* a program (evaluation) from one about *planning* it, when
both mention pilots. ``Retriever`` uses it to promote the best entry of the predicted
topic when that entry scores close to the top one.
"""

from __future__ import annotations

from collections import Counter
from functools import lru_cache
from typing import Sequence

import numpy as np

from .index import IndexData
from .topic_regression import softmax

ALPHA = 0.3
ANSWER_WEIGHT = 0.5
EXAMPLE_WEIGHT = 8.0
REGRESSION_WEIGHT = 2.0  # how much the logistic regression's logits count next to the NB log-likelihoods
_TERM_CACHE = 50_000  # bound on cached per-term vectors (only words the knowledge base uses are cached)


class TopicModel:
    """A score per topic for a question's terms (higher: likelier), from the knowledge base's own text."""

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
        for terms, topic in zip(index.example_terms, index.example_topic):
            if 0 <= topic < n_topics:
                for term in set(terms):
                    counts[topic][term] += EXAMPLE_WEIGHT
        vocab = len(set().union(*counts)) if counts else 0
        self._counts = counts
        self._totals = [sum(c.values()) + ALPHA * vocab for c in counts]
        self._term_logs: dict[str, np.ndarray] = {}  # per known term: its log-likelihood in each topic, filled on use
        self._unseen = np.log([ALPHA / total for total in self._totals]) if counts else np.zeros(0)
        regression = index.topic_regression
        expected = n_topics + regression.out_of_scope
        self._regression = regression if regression.bias and len(regression.bias) == expected else None
        self._n_topics = n_topics
        # A question's logits are needed twice (topic promotion and the out-of-scope check).
        self._logits = lru_cache(maxsize=8)(self._regression.scores if self._regression else lambda terms: None)

    def scores(self, terms: Sequence[str]) -> list[float]:
        """Per topic: the naive Bayes log-likelihood plus ``REGRESSION_WEIGHT`` times the regression logit."""
        unique = list(dict.fromkeys(terms))
        nb = np.zeros(self._n_topics)
        for t in unique:
            nb += self._term_log(t)
        if self._regression is None:
            return nb.tolist()
        logits = np.asarray(self._logits(tuple(unique))[: self._n_topics], dtype=float)
        return (nb + REGRESSION_WEIGHT * logits).tolist()

    def _term_log(self, term: str) -> np.ndarray:
        """log P(term | topic) for every topic (naive Bayes with ALPHA smoothing), cached."""
        logs = self._term_logs.get(term)
        if logs is None:
            counts = [c.get(term, 0) for c in self._counts]
            if not any(counts):
                return self._unseen  # a word no topic uses: not cached, so odd input cannot grow memory
            logs = np.log([(n + ALPHA) / total for n, total in zip(counts, self._totals)])
            if len(self._term_logs) < _TERM_CACHE:
                self._term_logs[term] = logs
        return logs

    def out_of_scope_probability(self, terms: Sequence[str]) -> float:
        """The regression's probability that the question is about none of the topics
        (0.0 when the knowledge base has no out-of-scope examples to learn from)."""
        if not terms or self._regression is None or not self._regression.out_of_scope:
            return 0.0
        return float(softmax(self._logits(tuple(dict.fromkeys(terms))))[-1])

    def best(self, terms: Sequence[str]) -> int | None:
        """The most likely topic's index, or None without terms or topics."""
        if not terms or not self._counts:
            return None
        s = self.scores(terms)
        return max(range(len(s)), key=s.__getitem__)
