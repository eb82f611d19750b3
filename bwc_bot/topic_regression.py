"""A softmax (multinomial logistic) regression over the topics, trained with numpy.

Naive Bayes (``topic_model.py``) counts words per topic; it is robust but treats every
word as independent evidence, so a few frequent words shared by two topics can outvote
the one word that tells them apart. Logistic regression learns, from the same labelled
text, how much each word tells one topic from the others. ``TopicModel`` adds the two
scores; on questions it never saw the sum beats either alone (docs/quality.md).

Training documents: each entry phrasing, each answer, each topic's label and
description, and each labelled practitioner question (``knowledge/topic_examples.yaml``);
plus one more class, *out of scope*, learnt from the ``out_of_scope`` intent's examples
(weighted up, since they are far fewer): its probability is a whole-question judgement of
whether the question is about BWC programs at all, which ``compose.py`` uses to decline.
Features are the distinct terms of a document weighted by inverse document frequency
and scaled to unit length. Full-batch gradient descent with momentum from zero weights,
so training is deterministic; it runs once per knowledge-base version (the index cache
keeps the weights), a few seconds on the bundled knowledge. Weights are rounded so
they survive the JSON cache exactly.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Sequence

import numpy as np

L2 = 1e-5
LEARNING_RATE = 5.0
MOMENTUM = 0.9
ITERATIONS = 150
DECIMALS = 4


@dataclass(frozen=True)
class TopicRegression:
    """Per-term ``(idf, weight for class 0, weight for class 1, ...)`` and a bias per class.
    With ``out_of_scope``, the last class is "out of scope" rather than a topic."""

    terms: dict[str, tuple[float, ...]]
    bias: tuple[float, ...]
    out_of_scope: bool = False

    def scores(self, terms: Sequence[str]) -> np.ndarray:
        """The logit of every class for a question's terms (the bias alone without known terms)."""
        rows = [self.terms[t] for t in dict.fromkeys(terms) if t in self.terms]
        bias = np.array(self.bias)
        if not rows:
            return bias
        m = np.array(rows)
        idf = m[:, 0]
        return idf @ m[:, 1:] / math.sqrt(float(idf @ idf)) + bias


def softmax(logits: np.ndarray) -> np.ndarray:
    """Logits to probabilities (shifted by the largest, so large logits cannot overflow)."""
    p = np.exp(logits - logits.max())
    return p / p.sum()


def fit(
    docs: Sequence[Sequence[str]],
    labels: Sequence[int],
    n_classes: int,
    weights: Sequence[float] | None = None,
    *,
    out_of_scope: bool = False,
) -> TopicRegression:
    """Train on documents of terms with a class index (``0 .. n_classes - 1``) and a weight
    each (default 1). Documents without terms, with a class out of range or a weight of 0
    or less teach nothing and are skipped. ``out_of_scope`` marks the last class as such."""
    weights = [1.0] * len(labels) if weights is None else weights
    if not len(docs) == len(labels) == len(weights):
        raise ValueError(f"fit: {len(docs)} documents, {len(labels)} labels and {len(weights)} weights; expected equal counts")
    triples = [(d, y, w) for d, y, w in zip(docs, labels, weights) if d and 0 <= y < n_classes and w > 0]
    pairs = [(d, y) for d, y, _ in triples]
    if not pairs or n_classes < 2:
        return TopicRegression({}, tuple(0.0 for _ in range(n_classes)), out_of_scope)
    vocab: dict[str, int] = {}
    rows = []
    for d, _ in pairs:
        rows.append(sorted({vocab.setdefault(t, len(vocab)) for t in d}))
    n_docs, n_terms = len(rows), len(vocab)
    cols = np.fromiter((j for r in rows for j in r), dtype=np.intp)
    doc_of = np.repeat(np.arange(n_docs), [len(r) for r in rows])
    doc_start = np.searchsorted(doc_of, np.arange(n_docs))
    idf = np.log(1 + n_docs / (1 + np.bincount(cols, minlength=n_terms)))
    vals = idf[cols]
    vals = vals / np.sqrt(np.bincount(doc_of, weights=vals**2))[doc_of]
    # The same non-zeros ordered by term, for the gradient (every term occurs in some document).
    by_term = np.argsort(cols, kind="stable")
    term_start = np.searchsorted(cols[by_term], np.arange(n_terms))
    doc_of_by_term = doc_of[by_term]
    target = np.eye(n_classes)[[y for _, y in pairs]].astype(np.float32)
    doc_weight = np.array([w for _, _, w in triples], np.float32)[:, None]
    doc_weight /= doc_weight.sum()
    vals32 = vals.astype(np.float32)[:, None]
    vals32_by_term = vals32[by_term]

    w = np.zeros((n_terms, n_classes), np.float32)
    b = np.zeros(n_classes, np.float32)
    vw, vb = np.zeros_like(w), np.zeros_like(b)
    for _ in range(ITERATIONS):
        z = np.add.reduceat(vals32 * w[cols], doc_start) + b
        z -= z.max(axis=1, keepdims=True)
        p = np.exp(z)
        p /= p.sum(axis=1, keepdims=True)
        g = (p - target) * doc_weight
        gw = np.add.reduceat(vals32_by_term * g[doc_of_by_term], term_start)
        vw = MOMENTUM * vw - LEARNING_RATE * (gw + L2 * w)
        vb = MOMENTUM * vb - LEARNING_RATE * g.sum(axis=0)
        w += vw
        b += vb
    weights = np.round(w.astype(np.float64), DECIMALS)
    terms = {t: (round(float(idf[j]), DECIMALS), *map(float, weights[j])) for t, j in vocab.items()}
    return TopicRegression(terms, tuple(round(float(x), DECIMALS) for x in b), out_of_scope)
