"""Correct misspelt question words against the knowledge-base vocabulary.

Only words the knowledge base does not know (neither the word nor its stem) are
candidates, and only alphabetic words of four letters or more. A word is replaced by
the most frequent vocabulary word within one edit (two for words of eight letters or
more), counting a swap of two neighbouring letters as one edit. Lookup uses a
"deletes" index (the SymSpell idea): every vocabulary word is filed under itself and
each form with one letter removed (two for long words), so candidates are found without scanning the
vocabulary. The index is built on first use.
"""

from __future__ import annotations

import threading
from collections import defaultdict
from typing import Iterable, Mapping

MIN_LENGTH = 4
LONG_WORD = 8


def _deletes(word: str) -> set[str]:
    return {word[:i] + word[i + 1 :] for i in range(len(word))}


def edit_distance(a: str, b: str, limit: int) -> int:
    """Optimal-string-alignment distance, or ``limit + 1`` once it must exceed ``limit``."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    prev2: list[int] | None = None
    prev = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        cur = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost)
            if prev2 is not None and i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                cur[j] = min(cur[j], prev2[j - 2] + 1)
        if min(cur) > limit:
            return limit + 1
        prev2, prev = prev, cur
    return prev[-1]


class SpellCorrector:
    """Suggests a vocabulary word for an unknown word."""

    def __init__(self, vocabulary: Mapping[str, int]):
        self.counts = {w: c for w, c in vocabulary.items() if w.isalpha() and w.isascii()}
        self._index: dict[str, list[str]] | None = None
        self._lock = threading.Lock()

    def _build(self) -> dict[str, list[str]]:
        index: dict[str, list[str]] = defaultdict(list)
        for word in self.counts:
            if len(word) < MIN_LENGTH - 1:
                continue
            forms = {word} | _deletes(word)
            if len(word) >= LONG_WORD:
                forms |= {d2 for d in list(forms) for d2 in _deletes(d)}
            for form in forms:
                index[form].append(word)
        return index

    def correct(self, word: str) -> str | None:
        """The best correction for ``word``, or None."""
        if len(word) < MIN_LENGTH or not word.isalpha() or not word.isascii() or word in self.counts:
            return None
        if self._index is None:
            with self._lock:  # build once, even when many threads ask at the same time
                if self._index is None:
                    self._index = self._build()
        limit = 2 if len(word) >= LONG_WORD else 1
        probes = {word} | _deletes(word)
        if limit == 2:
            probes |= {d2 for d in list(probes) for d2 in _deletes(d)}
        candidates: set[str] = set()
        for p in probes:
            candidates.update(self._index.get(p, ()))
        best: tuple[int, int, str] | None = None
        for cand in candidates:
            dist = edit_distance(word, cand, limit)
            if dist > limit:
                continue
            key = (dist, -self.counts[cand], cand)
            if best is None or key < best:
                best = key
        return best[2] if best else None

    def known(self, words: Iterable[str]) -> set[str]:
        return {w for w in words if w in self.counts}
