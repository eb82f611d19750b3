"""The offline text pipeline shared by indexing and querying.

``normalize`` -> ``surface_tokens`` -> stems -> synonym phrases -> stop words dropped.

One ``Analyzer`` instance indexes the knowledge base and analyses questions, so both
sides always agree. Stemming uses the NLTK Snowball English algorithm through the
vendored copy in ``_porter2`` (no NLTK import on the query path); ``overrides``
lets an index built with NLTK itself pin the stem of any word where the two differ.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterable, Mapping, Sequence

from ._porter2 import stem as _porter2_stem
from .models import Synonym
from .stopwords import STOP_PHRASES, STOPWORDS

# Words: letters/digits, keeping an internal apostrophe ("officer's" -> "officer's").
_TOKEN = re.compile(r"[^\W_]+(?:['’][^\W_]+)*", re.UNICODE)
# Characters removed before anything else: controls (except whitespace), format
# characters such as zero-width spaces and bidi marks, and lone surrogates.
_INVISIBLE_CATEGORIES = {"Cc", "Cf", "Cs", "Co", "Cn"}
_ANSI = re.compile(r"\x1b(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)?|[PX^_][^\x1b]*(?:\x1b\\)?|[@-Z\\-_])")


def strip_invisible(text: str) -> str:
    """Remove terminal escape sequences, control and invisible format characters."""
    text = _ANSI.sub(" ", text)
    return "".join(
        " " if ch in "\t\n\r\x0b\x0c" else ch
        for ch in text
        if ch in "\t\n\r\x0b\x0c" or unicodedata.category(ch) not in _INVISIBLE_CATEGORIES
    )


def normalize(text: str) -> str:
    """NFKC, case-folded, invisible characters removed, whitespace collapsed."""
    text = strip_invisible(text)
    text = unicodedata.normalize("NFKC", text).casefold()
    text = text.replace("’", "'").replace("‘", "'")
    return " ".join(text.split())


def surface_tokens(text: str) -> list[str]:
    """Word tokens of normalized text; possessive 's is dropped ("agency's" -> "agency")."""
    out = []
    for tok in _TOKEN.findall(normalize(text)):
        if tok.endswith("'s"):
            tok = tok[:-2]
        tok = tok.replace("'", "")
        if tok:
            out.append(tok)
    return out


def stem(word: str) -> str:
    """Snowball English stem (identical to NLTK's SnowballStemmer('english'))."""
    if not word.isascii() or not word.isalpha():
        return word  # numbers, codes and other scripts are kept as they are
    return _cached_stem(word)


@lru_cache(maxsize=16384)  # bounded: a long-running help desk must not grow without limit
def _cached_stem(word: str) -> str:
    return _porter2_stem(word)


_PHRASE_STARTS = {p[0].replace("'", "") for p in STOP_PHRASES}
_PHRASES = sorted({tuple(w.replace("'", "") for w in p) for p in STOP_PHRASES}, key=len, reverse=True)


def _drop_phrases(tokens: Sequence[str]) -> list[str]:
    """Remove filler phrases ("can you tell me") so their words don't count as content."""
    if not _PHRASE_STARTS.intersection(tokens):
        return list(tokens)
    out: list[str] = []
    i = 0
    while i < len(tokens):
        for phrase in _PHRASES:
            if tuple(tokens[i : i + len(phrase)]) == phrase:
                i += len(phrase)
                break
        else:
            out.append(tokens[i])
            i += 1
    return out


@dataclass(frozen=True, slots=True)
class Term:
    """One analysed term of a text: its stem and the surface words it came from."""

    stem: str
    surface: str


class Analyzer:
    """Turns text into index terms: stems, synonyms applied, stop words removed."""

    def __init__(self, synonyms: Iterable[Synonym] = (), overrides: Mapping[str, str] | None = None):
        self.overrides = dict(overrides or {})
        # Variants match on surface words (not stems: "records" and "recordings" share a
        # stem but not a meaning); a plural with a final "s" is added for each variant.
        self._phrases: dict[tuple[str, ...], tuple[str, ...]] = {}
        self._max_len = 1
        for syn in synonyms:
            canonical = tuple(self.stem_word(t) for t in surface_tokens(syn.canonical))
            if not canonical:
                continue
            for variant in syn.variants:
                key = tuple(surface_tokens(variant))
                if not key:
                    continue
                for form in {key, (*key[:-1], key[-1] + "s")}:
                    self._phrases.setdefault(form, canonical)
                    self._max_len = max(self._max_len, len(form))
        self._first = {k[0] for k in self._phrases}

    def stem_word(self, word: str) -> str:
        """The stem this analyser uses for one word (NLTK-pinned overrides first)."""
        o = self.overrides.get(word)
        return o if o is not None else stem(word)

    def analyze(self, text: str, *, keep_stopwords: bool = False) -> list[Term]:
        return self.analyze_tokens(surface_tokens(text), keep_stopwords=keep_stopwords)

    def analyze_tokens(self, tokens: Sequence[str], *, keep_stopwords: bool = False) -> list[Term]:
        if not keep_stopwords:
            tokens = _drop_phrases(tokens)
        out: list[Term] = []
        i = 0
        n = len(tokens)
        while i < n:
            if tokens[i] in self._first:
                for size in range(min(self._max_len, n - i), 0, -1):
                    canonical = self._phrases.get(tuple(tokens[i : i + size]))
                    if canonical is not None:
                        surface = " ".join(tokens[i : i + size])
                        out.extend(Term(c, surface) for c in canonical)
                        i += size
                        break
                else:
                    out.append(Term(self.stem_word(tokens[i]), tokens[i]))
                    i += 1
                continue
            out.append(Term(self.stem_word(tokens[i]), tokens[i]))
            i += 1
        if keep_stopwords:
            return out
        return [t for t in out if t.surface not in STOPWORDS and len(t.stem) > 1]

    def terms(self, text: str) -> list[str]:
        """Index terms of ``text`` (stems, synonyms applied, stop words removed)."""
        return [t.stem for t in self.analyze(text)]
