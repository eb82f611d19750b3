"""Turn an ``Analysis`` into an ``Answer``: answer, converse, or abstain politely.

The decision, in order:

1. nothing to read -> ``empty_question``;
2. a conversational intent matches closely and better than any entry, or its closest
   example is nearer than any knowledge phrasing ("I'm signing off"), or nearly so when
   the question speaks to the bot ("which topics do you cover?") -> its reply;
3. the out-of-scope intent matches closely and better than any entry; or the question
   is closer to an out-of-scope example than to any knowledge phrasing (by more than
   ``neighbour_margin``); or its words look more like the out-of-scope examples than
   like the knowledge base (the ``DomainModel`` score is below ``min_domain_score``)
   while no entry matches with ``confident_answer`` confidence, or far below it
   (``STRONG_OUT``) while no entry is near-certain (these two word-level checks apply
   only when the topic regression gives the question at least
   ``domain_check_min_oos_probability`` of being out of scope); or the topic regression
   puts that probability above ``max_out_of_scope_probability`` -> ``out_of_scope``
   (all but the first check are skipped when the question names the body camera, see
   ``anchor_terms``);
4. no entry shares a word with the question -> ``no_match``;
5. the best entry explains too little of the question, or its confidence is below
   ``min_confidence`` -> ``low_confidence``, offering the nearest entries;
6. otherwise answer with the best entry, offering the runner-up when it is within
   ``ambiguity_margin`` ("did you mean").
"""

from __future__ import annotations

import math
import zlib
from typing import TYPE_CHECKING, Sequence

from .intents import is_introduction
from .models import Answer, Citation, Entry, RelatedEntry, Suggestion
from .schema import OUT_OF_SCOPE
from .states import states_named

if TYPE_CHECKING:
    from .bot import Analysis, Bot
    from .retrieval import Hit

SCORE_SCALE = 4.0  # damping of weak BM25 scores
EVIDENCE_SCALE = 2.0  # damping of thin evidence (few or common matched words)
MAX_RELATED = 4
# When no entry fits, a conversational example this similar still gets its reply ("thanks
# a lot for the help"); "help" needs more, since its examples ("how do I use this") share
# their shape with any how-to question.
LOOSE_INTENT = 0.36
LOOSE_HELP = 0.55
ADDRESSED_BONUS = 0.25  # speaking to the bot ("you", "your") favours a conversational intent...
ADDRESSED_MIN = 0.5  # ...whose closest example is at least this similar
STRONG_OUT = -3.0  # a question this clearly unlike the knowledge base needs a near-certain entry match
STRONG_OUT_CONFIDENCE = 0.9
GREETING = "greeting"
INTRODUCTION_CONFIDENCE = 0.9  # a greeting recognised by its shape, not by an example
# With ``topics=``: the best entry of those topics must score this share of the best entry
# outside them, or the question is declined as outside the chosen topics.
OUTSIDE_TOPICS_RATIO = 0.6  # keeps 1,011 of 1,014 right-topic answers on dev..dev3, answers 13% off-topic


def confidence(hit: "Hit") -> float:
    """0..1: how much of the question the entry explains, damped when the BM25 score is
    weak or the evidence is thin (one common word explains "100%" of a one-word question)."""
    strength = 1.0 - math.exp(-hit.score / SCORE_SCALE)
    evidence = 1.0 - math.exp(-hit.evidence / EVIDENCE_SCALE)
    return max(0.0, min(1.0, hit.coverage * strength * evidence))


def scope_doubts(a: "Analysis", settings, best_conf: float) -> list[str]:
    """The domain checks that say the question is not about BWC programs (none when it
    names the camera): each as a short explanation, for the decision and for /why."""
    if a.anchored:
        return []
    doubts = []
    if a.oos_neighbour - a.kb_neighbour > settings.neighbour_margin:
        doubts.append(f"closer to an out-of-scope example ({a.oos_neighbour:.2f}) than to any knowledge phrasing "
                      f"({a.kb_neighbour:.2f}) by more than neighbour_margin {settings.neighbour_margin}")
    # The word-level checks apply only when the regression, which reads the whole question,
    # does not vouch for it.
    word_checks = a.oos_probability >= settings.domain_check_min_oos_probability
    if word_checks and a.domain < settings.min_domain_score and best_conf < settings.confident_answer:
        doubts.append(f"its words score {a.domain:.2f} for the knowledge base against the out-of-scope examples, below "
                      f"min_domain_score {settings.min_domain_score}, and no entry reaches confident_answer {settings.confident_answer}")
    elif word_checks and a.domain < STRONG_OUT and best_conf < STRONG_OUT_CONFIDENCE:
        doubts.append(f"its words score {a.domain:.2f}, far below the knowledge base, and no entry is near-certain")
    if a.oos_probability > settings.max_out_of_scope_probability:
        doubts.append(f"the topic regression gives it probability {a.oos_probability:.2f} of being out of scope, above "
                      f"max_out_of_scope_probability {settings.max_out_of_scope_probability}")
    return doubts


def compose(bot: "Bot", a: "Analysis", settings=None) -> Answer:
    """The answer for an analysed question (``settings`` overrides the knowledge base's)."""
    settings = settings or bot.kb.settings
    notes = _notes(bot, a)
    if not a.read.strip() or (not a.terms and a.intent is None and not _has_words(a.read)):
        return _abstain(bot, a, "empty_question", (), notes)
    if GREETING in bot.intent_index and is_introduction(a.read):
        return _converse(bot, a, bot.intent_index[GREETING], INTRODUCTION_CONFIDENCE, notes)  # "Hi, I'm a records clerk"
    best = a.hits[0] if a.hits else None
    best_conf = confidence(best) if best else 0.0
    intent = a.intent
    talk = intent is not None and bot.kb.intents[intent.intent].name != OUT_OF_SCOPE
    if talk and intent.similarity >= settings.intent_threshold and intent.similarity >= best_conf:
        return _converse(bot, a, intent.intent, intent.similarity, notes)
    if talk and a.addressed and intent.similarity >= ADDRESSED_MIN and intent.similarity + ADDRESSED_BONUS >= max(best_conf, a.kb_neighbour):
        # "which topics do you cover?": speaking to the bot favours a conversational
        # intent, unless a knowledge phrasing is clearly closer ("can you tell me how
        # long footage is kept").
        return _converse(bot, a, intent.intent, intent.similarity, notes)
    # A question that names the body camera is not small talk unless it is close to a
    # conversational example (the threshold above): "is keeping all body camera video
    # indefinitely a good idea?" loosely resembles "thanks, that's all, have a good one".
    loose_talk = talk and _loosely(bot, intent) and not a.anchored
    if loose_talk and intent.similarity > a.kb_neighbour:
        # "I'm signing off": closer to a conversational example than to any knowledge
        # phrasing, however well one rare word matches an entry.
        return _converse(bot, a, intent.intent, intent.similarity, notes)
    if a.out_of_scope >= settings.intent_threshold and a.out_of_scope >= best_conf:
        return _abstain(bot, a, "out_of_scope", (), notes)

    def decline(reason: str, nearest: Sequence["Hit"] = (), conf: float = 0.0) -> Answer:
        # A looser conversational match ("thanks a lot for the help") beats a refusal.
        if loose_talk:
            return _converse(bot, a, intent.intent, intent.similarity, notes)
        return _abstain(bot, a, reason, nearest, notes, confidence=conf)

    if best is None:
        return decline("outside_topics" if a.topics and a.outside_best else "no_match")
    if scope_doubts(a, settings, best_conf):
        # Declined on its wording, yet an entry answers it well and the topic regression
        # does not call it out of scope: offer that entry, in case the question is ours.
        plausible = (best_conf >= settings.min_confidence and best.coverage >= settings.min_coverage
                     and a.oos_probability <= settings.max_out_of_scope_probability)
        return decline("out_of_scope", a.hits[:1] if plausible else ())
    if a.topics and best.score < OUTSIDE_TOPICS_RATIO * a.outside_best:
        return decline("outside_topics")  # an entry of another topic answers it far better
    if best.coverage < settings.min_coverage or best_conf < settings.min_confidence:
        return decline("low_confidence", a.hits[: settings.max_suggestions], best_conf)
    entry = bot.kb.entries[best.entry]
    state_note = _state_note(a.read, entry)
    if state_note:
        notes = (*notes, state_note)
    runner_up: list[Hit] = []
    if len(a.hits) > 1:
        second = a.hits[1]
        if best_conf - confidence(second) <= settings.ambiguity_margin:
            runner_up = [second]
    return entry_answer(bot, entry, a.question, best_conf, runner_up, notes=notes, hits=a.hits)


def entry_answer(
    bot: "Bot",
    entry: Entry,
    question: str,
    conf: float,
    runner_up: Sequence["Hit"],
    *,
    notes: tuple[str, ...] = (),
    hits: Sequence["Hit"] = (),
) -> Answer:
    """An answer from one entry, with its citations and 2-4 related entries."""
    citations = []
    for ref in entry.sources:
        src = bot._sources.get(ref.ref)
        if src is not None:
            citations.append(Citation(src.title, src.publisher, src.year, src.url, ref.locator))
    offered = {bot.kb.entries[h.entry].id for h in runner_up}  # shown under "did you mean"
    related_ids = [r for r in entry.related if r in bot._entries and r != entry.id and r not in offered]
    # Too few related entries left: fill from the next-best hits, then the same topic.
    if len(related_ids) < 2:
        pool = [bot.kb.entries[h.entry].id for h in hits] + [e.id for e in bot.entries_for_topic(entry.topic)]
        for rid in pool:
            if len(related_ids) >= 2:
                break
            if rid != entry.id and rid not in related_ids and rid not in offered:
                related_ids.append(rid)
    related = tuple(RelatedEntry(r, bot._entries[r].question) for r in related_ids[:MAX_RELATED])
    suggestions = tuple(_suggestion(bot, h) for h in runner_up)
    text = entry.answer + _notes_text(notes)
    return Answer(
        question=question,
        answered=True,
        text=text,
        entry_id=entry.id,
        topic=entry.topic,
        intent=None,
        confidence=round(conf, 4),
        citations=tuple(citations),
        related=related,
        suggestions=suggestions,
        reason=None,
        kb_version=bot.version,
        notes=notes,
    )


def _suggestion(bot: "Bot", hit: "Hit") -> Suggestion:
    e = bot.kb.entries[hit.entry]
    return Suggestion(e.id, e.question, e.topic)


def _converse(bot: "Bot", a: "Analysis", intent_index: int, similarity: float, notes: tuple[str, ...]) -> Answer:
    intent = bot.kb.intents[intent_index]
    choice = intent.responses[zlib.crc32(a.read.casefold().encode("utf-8", "replace")) % len(intent.responses)]
    text = choice.replace("{topics}", topic_list(bot)) + _notes_text(notes)
    return Answer(
        question=a.question,
        answered=False,
        text=text,
        intent=intent.name,
        confidence=round(min(1.0, similarity), 4),
        reason="conversational",
        kb_version=bot.version,
        notes=notes,
    )


_ABSTAIN_TEXT = {
    "empty_question": "Please type a question about body-worn camera programs, for example: "
    "\"How long should footage be kept?\"",
    "out_of_scope": "That is outside what I can help with. I answer questions about police "
    "body-worn camera programs, such as {few}.",
    "maybe_out_of_scope": "That looks like it may be outside what I can help with. I answer questions "
    "about police body-worn camera programs, such as {few}.",
    "outside_topics": "I don't have guidance on that within the topics chosen ({chosen}). Ask without "
    "the topic limit to search everything.",
    "no_match": "I don't have guidance on that. I answer questions about police body-worn camera "
    "programs, such as {few}.",
    "low_confidence": "I'm not confident I have a good answer to that. I answer questions about "
    "police body-worn camera programs, such as {few}.",
}


def _abstain(
    bot: "Bot",
    a: "Analysis",
    reason: str,
    nearest: Sequence["Hit"],
    notes: tuple[str, ...],
    *,
    confidence: float = 0.0,
) -> Answer:
    suggestions = tuple(_suggestion(bot, h) for h in nearest)
    chosen = ", ".join(t.label for t in bot.kb.topics if t.id in a.topics)
    maybe_ours = bool(suggestions) and reason == "out_of_scope"
    text = _ABSTAIN_TEXT["maybe_out_of_scope" if maybe_ours else reason].format(few=_few_topics(bot), chosen=chosen)
    if maybe_ours:
        text += " If you meant a body-worn camera question, the closest one I can answer is below."
    elif suggestions:
        text += " The closest questions I can answer are listed below; or try rephrasing."
    elif reason != "empty_question":
        text += " Try rephrasing, or type /topics to see everything I cover."
    return Answer(
        question=a.question,
        answered=False,
        text=text + _notes_text(notes),
        confidence=round(confidence, 4),
        suggestions=suggestions,
        reason=reason,
        kb_version=bot.version,
        notes=notes,
    )


def _loosely(bot: "Bot", intent) -> bool:
    floor = LOOSE_HELP if bot.kb.intents[intent.intent].name == "help" else LOOSE_INTENT
    return intent.similarity >= floor


def topic_list(bot: "Bot") -> str:
    return ", ".join(t.label.lower() if i else t.label for i, t in enumerate(bot.kb.topics))


def _few_topics(bot: "Bot") -> str:
    labels = [t.label.lower() for t in bot.kb.topics]
    picks = [l for l in labels if l.startswith(("activation", "retention", "privacy", "public release", "training"))]
    picks = picks or labels[:5]
    return ", ".join(picks[:-1]) + (" and " + picks[-1] if len(picks) > 1 else picks[0] if picks else "")


def _notes(bot: "Bot", a: "Analysis") -> tuple[str, ...]:
    notes = []
    if a.truncated:
        n = bot.kb.settings.max_question_chars
        notes.append(f"Your question was longer than {n:,} characters, so only the first {n:,} were read.")
    if a.corrections:
        fixes = ", ".join(f"'{typed}' as '{fixed}'" for typed, fixed in a.corrections)
        notes.append(f"Read {fixes}.")
    return tuple(notes)


# Notes that belong in the answer text itself (every caller sees them); the others, such
# as spelling corrections, are shown by the chat only.
IN_TEXT_NOTES = ("Your question", "This answer is not specific to")


def _notes_text(notes: tuple[str, ...]) -> str:
    return "".join(f"\n\n(Note: {n})" for n in notes if n.startswith(IN_TEXT_NOTES))


def _state_note(question: str, entry: Entry) -> str | None:
    """A caution when the question names a state that the answering entry never mentions:
    body-camera law is mostly state law, so the answer may not hold there."""
    asked = states_named(question)
    if not asked or asked & states_named(" ".join((entry.question, *entry.alternates, *entry.tags, entry.answer))):
        return None
    names = " or ".join(sorted(asked))
    about = states_named(entry.question)
    what = f"it is about {' and '.join(sorted(about))}" if about else "it is general guidance"
    return f"This answer is not specific to {names}: {what}. Check {names} law and policy before relying on it."


def _has_words(text: str) -> bool:
    return any(ch.isalnum() for ch in text)
