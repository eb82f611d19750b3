"""Match a question against intent examples (greeting, thanks, help, out of scope...).

Similarity is a weighted Dice coefficient between the question's terms and an
example's terms, stop words kept (conversational phrases are mostly stop words).
Weights are inverse document frequencies over every intent example and entry
phrasing, so shared filler ("what", "is") counts little and an unusual word the two
share counts a lot; a question word the knowledge has never seen weighs the most,
so "how do I keep my tax records" is far from "how do we keep footage".
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Mapping, Sequence

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
        self._masks: dict[frozenset[int], np.ndarray] = {}

    def match_and_best_for(
        self, terms: Sequence[str], intent: int | None, blocked: frozenset[int] = frozenset()
    ) -> tuple[IntentMatch | None, float]:
        """The closest example's intent (None when no example shares a term), and the
        similarity of the closest example of ``intent`` (0 when none), from one pass.
        Intents in ``blocked`` are never the closest (see ``blocked_by_tone``)."""
        sims = self._examples.similarities(terms)
        best_of = self._best_of(sims, intent) if intent is not None else 0.0
        if sims is not None and blocked:
            sims = np.where(self._examples_of(blocked), -1.0, sims)
            if sims.max() <= 0.0:
                sims = None
        return self._best(sims), best_of

    def _examples_of(self, intents: frozenset[int]) -> np.ndarray:
        """Mask of the examples that belong to ``intents`` (few distinct sets occur: cached)."""
        mask = self._masks.get(intents)
        if mask is None:
            mask = self._masks[intents] = np.isin(self._owner, list(intents))
        return mask

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


# Words that make a message a complaint about an answer. "That makes sense" shares most
# of its words with "that makes no sense", and "that was not helpful" with "that was
# helpful": the words around the negation decide the closest example, so the negation
# itself is checked. NEGATIONS are strong enough to rule out thanks; NEGATIVE_CUES
# (which add "no", "try again", "meh"...) are what a complaint needs at least one of.
NEGATIONS = frozenset(
    "not never nothing wrong rong incorrect inaccurate untrue unhelpful useless pointless bad terrible awful "
    "worst worse misunderstood misunderstand missed irrelevant nonsense garbage "
    "didnt doesnt dont isnt wasnt arent cant wont aint".split()
)
NEGATIVE_CUES = NEGATIONS | frozenset("no nope nah off again waste meh ugh poor".split())
NEGATIVE_FEEDBACK, THANKS = "feedback_negative", "thanks"


def blocked_by_tone(tokens: Sequence[str], intent_index: Mapping[str, int]) -> frozenset[int]:
    """Intents (by index; ``intent_index`` maps names to indices) the message's tone rules
    out: a complaint needs a negative word, and a negated message ("that was not
    helpful") is not thanks."""
    words = set(tokens)
    blocked = set()
    if not words & NEGATIVE_CUES:
        blocked.add(NEGATIVE_FEEDBACK)
    if words & NEGATIONS:
        blocked.add(THANKS)
    return frozenset(intent_index[name] for name in blocked if name in intent_index)


# "Hi, I'm a records clerk" / "Morning! I work in the city attorney's office.": a greeting
# that introduces the writer and asks nothing. Word matching cannot see that ("records
# clerk" matches entries about records requests), so it is recognised by its shape.
_GREETING_START = re.compile(r"^\W*(hi|hello|hey|hiya|howdy|greetings|good\s+(morning|afternoon|evening|day)|morning|afternoon|evening)\b", re.I)
_INTRODUCTION = re.compile(r"\b(i\s+am|i'?m|this\s+is|my\s+name\s+is|i\s+work|i\s+run|i\s+lead|i\s+manage|we\s+are|we'?re)\b", re.I)
_ASKING = re.compile(
    r"\?|\b(how|what|when|why|where|which|who|whether|wondering|need|want|looking\s+for|help\s+me|tell\s+me|explain)\b"
    r"|(^|[.,;:!]\s*)(can|could|should|would|do|does|did|is|are|will|may|must|shall)\b",
    re.I,
)


def is_introduction(text: str) -> bool:
    """A greeting plus who the writer is, with no question or request in it."""
    return bool(_GREETING_START.search(text) and _INTRODUCTION.search(text) and not _ASKING.search(text))
