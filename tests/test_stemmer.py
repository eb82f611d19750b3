"""The vendored stemmer gives exactly NLTK's Snowball English stems (NLTK is the reference)."""

import re

from nltk.stem.snowball import SnowballStemmer

from bwc_bot._porter2 import stem as vendored
from bwc_bot.index import knowledge_texts
from bwc_bot.text import stem, surface_tokens

from .conftest import REPO

REFERENCE = SnowballStemmer("english")


def _words(bot) -> set[str]:
    words = set()
    for text in knowledge_texts(bot.kb):
        words.update(w for w in surface_tokens(text) if w.isascii() and w.isalpha())
    return words


def test_identical_stems_over_the_whole_knowledge_vocabulary(bot):
    words = _words(bot)
    assert len(words) > 1000
    differ = sorted(w for w in words if vendored(w) != REFERENCE.stem(w))
    assert differ == []


def test_identical_stems_over_docs_and_tricky_words():
    words = {"generously", "communication", "arsenal", "skies", "dying", "proceeded", "succeeding", "inning", "news", "cosmos"}
    for path in list(REPO.glob("*.md")) + list((REPO / "knowledge").glob("*.md")):
        words.update(re.findall(r"[a-z]+", path.read_text().lower()))
    assert [w for w in sorted(words) if vendored(w) != REFERENCE.stem(w)] == []


def test_text_stem_leaves_numbers_and_non_ascii_alone():
    assert stem("2014") == "2014" and stem("café") == "café"


def test_index_pins_nltk_stems(bot):
    # whatever the vendored copy does, every vocabulary word maps to NLTK's stem in the index
    for word in list(_words(bot))[:500]:
        assert bot.analyzer.stem_word(word) == REFERENCE.stem(word)
