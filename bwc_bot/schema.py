"""The data-file schema: every allowed key, its type and what it means.

One table per file kind. The loader enforces these tables, ``bwc-bot validate``
reports against them, and ``tests/test_docs.py`` checks that ``docs/data-format.md``
documents every field listed here, so the docs cannot drift from the loader.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Field:
    """One allowed key in a data file."""

    name: str
    kind: str  # text | slug | text_list | slug_list | source_refs | date | number | integer | boolean
    required: bool
    doc: str


ENTRY_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
SNAKE_ID = re.compile(r"^[a-z][a-z0-9]*(?:_[a-z0-9]+)*$")
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
URL = re.compile(r"^https?://[^\s/$.?#][^\s]*\.[^\s]*$|^https?://[^\s/$.?#][^\s]*$", re.IGNORECASE)
YEAR = re.compile(r"^(?:1[89]\d\d|20\d\d|n\.d\.)$")

FORMAT_VERSION = 1

# Top-level keys: every data file is a mapping with ``version`` and exactly one of these.
FILE_KINDS = {
    "entries": "knowledge entries (knowledge/*.yaml)",
    "sources": "the bibliography (knowledge/sources.yaml)",
    "topics": "the topic vocabulary (knowledge/topics.yaml)",
    "synonyms": "synonyms and abbreviations (knowledge/synonyms.yaml)",
    "settings": "answering thresholds (knowledge/settings.yaml)",
    "intents": "intents with example phrasings (intents/*.yaml)",
    "topic_examples": "practitioner questions labelled with their topic (knowledge/topic_examples.yaml)",
}

ENTRY_FIELDS = (
    Field("id", "slug", True, "Stable kebab-case identifier, unique across the knowledge base."),
    Field("topic", "snake", True, "Exactly one topic id from knowledge/topics.yaml."),
    Field("question", "text", True, "The canonical phrasing of the question."),
    Field("alternates", "text_list", True, "Other phrasings practitioners use (at least 5 in the bundled knowledge)."),
    Field("answer", "text", True, "Plain-English answer in our own words; the first sentence answers directly."),
    Field("sources", "source_refs", True, "Citations: each has `ref` (a sources.yaml id) and an optional `locator`."),
    Field("related", "slug_list", False, "Ids of 2-4 related entries."),
    Field("tags", "text_list", False, "Extra search terms; indexed like phrasings."),
    Field("reviewed", "date", True, "ISO date (YYYY-MM-DD) the entry was last checked against its sources."),
)

SOURCE_REF_FIELDS = (
    Field("ref", "slug", True, "Id of a work in knowledge/sources.yaml."),
    Field("locator", "text", False, "Page, section or FAQ item within the work."),
)

SOURCE_FIELDS = (
    Field("id", "slug", True, "Kebab-case identifier that entries cite as `ref`."),
    Field("title", "text", True, "Title of the work."),
    Field("publisher", "text", True, "Organisation that published it."),
    Field("year", "text", True, "Year of publication (four digits), or `n.d.` when the page is undated."),
    Field("url", "text", True, "Address of the original page or document (http or https)."),
    Field("note", "text", False, "Anything a reader should know, e.g. where a copy was read."),
)

TOPIC_FIELDS = (
    Field("id", "snake", True, "Snake_case topic id used by entries."),
    Field("label", "text", True, "Short human name shown in listings."),
    Field("description", "text", True, "One line saying what the topic covers."),
)

SYNONYM_FIELDS = (
    Field("canonical", "text", True, "The term every variant is rewritten to before indexing and matching."),
    Field("variants", "text_list", True, "Phrases (one or more words) that mean the same thing."),
)

INTENT_FIELDS = (
    Field("intent", "snake", True, "Snake_case intent name, unique across intents/."),
    Field("examples", "text_list", True, "Example phrasings; each may belong to one intent only."),
    Field("responses", "text_list", False, "Replies for conversational intents; `{topics}` expands to the topic list."),
)

TOPIC_EXAMPLE_FIELDS = (
    Field("topic", "snake", True, "A topic id from knowledge/topics.yaml."),
    Field("questions", "text_list", True, "Questions practitioners asked that are about this topic, as they wrote them."),
)

SETTING_FIELDS = (
    Field("min_confidence", "number", False, "Answers below this confidence (0..1) abstain. Default 0.35."),
    Field("ambiguity_margin", "number", False, "Offer the runner-up when it is within this confidence of the best. Default 0.08."),
    Field("intent_threshold", "number", False, "Similarity (0..1) an intent example needs to match. Default 0.72."),
    Field("min_coverage", "number", False, "Share (0..1) of a question's weighted words the best entry must explain. Default 0.1."),
    Field("min_domain_score", "number", False, "Questions whose words score below this (knowledge vs out-of-scope examples, a log-likelihood ratio) are declined, unless an entry matches with `confident_answer` confidence. Default 0.5."),
    Field("confident_answer", "number", False, "An entry this confident (0..1) is given even when the domain check doubts the question. Default 0.5."),
    Field("neighbour_margin", "number", False, "Decline when the question is this much closer (0..1) to an out-of-scope example than to any knowledge phrasing. Default 0.1."),
    Field("max_out_of_scope_probability", "number", False, "Decline when the topic regression's probability (0..1) that the question is out of scope is above this. Default 0.6."),
    Field("domain_check_min_oos_probability", "number", False, "The word-level domain checks (`min_domain_score` and the strong-out check) only apply when the topic regression's out-of-scope probability (0..1) is at least this. Default 0.3."),
    Field("anchor_terms", "text_list", False, "Words (after synonyms) that mark a question as about BWC programs; such questions are never declined by the domain checks. Default none."),
    Field("max_question_chars", "integer", False, "Longer questions are truncated, with a note. Default 1000."),
    Field("max_suggestions", "integer", False, "How many nearest entries to offer when abstaining. Default 3."),
    Field("stale_after_days", "integer", False, "Lint flags entries whose `reviewed` date is older. Default 730."),
)

ITEM_FIELDS = {
    "entries": ENTRY_FIELDS,
    "sources": SOURCE_FIELDS,
    "topics": TOPIC_FIELDS,
    "synonyms": SYNONYM_FIELDS,
    "intents": INTENT_FIELDS,
    "topic_examples": TOPIC_EXAMPLE_FIELDS,
}

ALL_FIELD_TABLES = {
    "entry": ENTRY_FIELDS,
    "source reference": SOURCE_REF_FIELDS,
    "source": SOURCE_FIELDS,
    "topic": TOPIC_FIELDS,
    "synonym": SYNONYM_FIELDS,
    "intent": INTENT_FIELDS,
    "topic example": TOPIC_EXAMPLE_FIELDS,
    "setting": SETTING_FIELDS,
}

# Intents with special meaning to the bot.
OUT_OF_SCOPE = "out_of_scope"
REQUIRED_INTENTS = ("greeting", "thanks", "goodbye", "help", OUT_OF_SCOPE)
