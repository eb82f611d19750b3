"""The offline text pipeline: normalisation, tokens, synonyms, stop words, stems."""

import pytest

from bwc_bot.models import Synonym
from bwc_bot.text import Analyzer, normalize, strip_invisible, surface_tokens

SYNONYMS = [
    Synonym("bwc", ("body cam", "bodycam", "body-worn camera", "body worn camera")),
    Synonym("footage", ("video", "recording")),
    Synonym("public records", ("foia", "open records")),
]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("  Hello   World  ", "hello world"),
        ("ＢＷＣ footage", "bwc footage"),  # full-width letters (NFKC)
        ("zero\u200bwidth", "zerowidth"),
        ("red \x1b[31mtext\x1b[0m", "red text"),
        ("title \x1b]0;pwned\x07 here", "title here"),
        ("tab\tand\nnewline", "tab and newline"),
        ("right\u202eleft", "rightleft"),
        ("officer’s", "officer's"),
    ],
)
def test_normalize(text, expected):
    assert normalize(text) == expected


def test_strip_invisible_keeps_ordinary_text():
    assert strip_invisible("Café 中文 emoji 🙂") == "Café 中文 emoji 🙂"


@pytest.mark.parametrize(
    "text, expected",
    [
        ("The agency's body-worn camera", ["the", "agency", "body", "worn", "camera"]),
        ("FOIA/open-records?", ["foia", "open", "records"]),
        ("48 hours, 2014", ["48", "hours", "2014"]),
        ("don't", ["dont"]),
        ("", []),
        ("!!! ???", []),
    ],
)
def test_surface_tokens(text, expected):
    assert surface_tokens(text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("How long should body-worn camera videos be kept?", ["long", "bwc", "footag", "kept"]),
        ("bodycam recordings", ["bwc", "footag"]),
        ("Body cams", ["bwc"]),  # plural of a variant
        ("FOIA request for open records", ["public", "record", "request", "public", "record"]),
        ("public records", ["public", "record"]),
        ("the records unit", ["record", "unit"]),  # 'records' is not 'recording'
        ("what is it?", []),
    ],
)
def test_analyzer_terms(text, expected):
    assert Analyzer(SYNONYMS).terms(text) == expected


def test_stopwords_can_be_kept_for_intents():
    terms = [t.stem for t in Analyzer().analyze("how are you", keep_stopwords=True)]
    assert terms == ["how", "are", "you"]


def test_overrides_pin_a_stem():
    assert Analyzer(overrides={"added": "ad"}).terms("added") == ["ad"]
