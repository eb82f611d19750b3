"""BM25 ranking: the sparse scorer equals rank-bm25, and tiny corpora behave."""

import random

import pytest
from rank_bm25 import BM25Okapi

from bwc_bot.retrieval import _SparseBM25


def test_sparse_scores_equal_rank_bm25_get_scores(bot):
    docs = bot.index.phrasing_terms
    sparse = _SparseBM25(docs)
    oracle = BM25Okapi([list(d) for d in docs], k1=sparse.model.k1, b=sparse.model.b)
    vocab = sorted({t for d in docs for t in d})
    rng = random.Random(7)
    for _ in range(50):
        query = rng.sample(vocab, 4) + ["zzz-not-a-term"]
        expected = oracle.get_scores(query)
        got, touched = sparse.scores(query)
        assert got == pytest.approx(expected, abs=1e-9)
        assert touched.sum() == sum(1 for d in docs if set(d) & set(query))


def test_tiny_corpus_still_matches_by_terms(tmp_path):
    # In a two-document corpus BM25Okapi gives a term in one of two docs idf 0 (see
    # STYLE.md); matching must not depend on the score being positive.
    from bwc_bot.index import IndexData
    from bwc_bot.retrieval import Retriever

    index = IndexData(
        phrasing_terms=(("reset", "password"), ("vpn", "connect")),
        phrasing_owner=(0, 1),
        phrasing_text=("reset password", "vpn connect"),
        bag_terms=(("reset", "password"), ("vpn", "connect")),
        answer_terms=(("reset",), ("vpn",)),
        intent_terms=(),
        intent_owner=(),
    )
    hits = Retriever(index).search(["reset", "password"])
    assert hits and hits[0].entry == 0 and set(hits[0].matched) == {"reset", "password"}
    assert all(h.entry != 1 for h in hits)


def test_empty_query_and_unknown_terms(mini_bot):
    assert mini_bot.retriever.search([]) == []
    assert mini_bot.retriever.search(["qwertyuiop"]) == []


def test_hits_are_sorted_and_deterministic(mini_bot):
    terms = mini_bot.analyzer.terms("how long should bodycam video be kept")
    first = mini_bot.retriever.search(terms)
    assert first == mini_bot.retriever.search(terms)
    assert [h.score for h in first] == sorted((h.score for h in first), reverse=True)
    assert mini_bot.kb.entries[first[0].entry].id == "retention-period"
