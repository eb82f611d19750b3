"""The topic model: naive Bayes plus a logistic regression trained on labelled text."""

import numpy as np
import pytest

from bwc_bot.topic_regression import TopicRegression, fit

DOCS = [
    (["keep", "year", "purg"], 0),
    (["retent", "schedul", "purg"], 0),
    (["keep", "delet", "year"], 0),
    (["activ", "record", "stop"], 1),
    (["turn", "record", "chase"], 1),
    (["activ", "mute", "stop"], 1),
]


def _fit():
    return fit([d for d, _ in DOCS], [y for _, y in DOCS], 2)


@pytest.mark.parametrize(
    "terms, topic",
    [
        (["purg"], 0),
        (["keep", "year"], 0),
        (["record"], 1),
        (["activ", "chase"], 1),
        (["purg", "unknown-word"], 0),  # unknown terms are ignored
    ],
)
def test_regression_learns_which_words_tell_topics_apart(terms, topic):
    assert int(np.argmax(_fit().scores(terms))) == topic


def test_training_is_deterministic_and_rounded():
    a, b = _fit(), _fit()
    assert a == b
    assert all(round(w, 4) == w for row in a.terms.values() for w in row)


@pytest.mark.parametrize(
    "docs, labels, n_topics",
    [([], [], 3), ([[], []], [0, 1], 2), ([["x"]], [5], 2), ([["x"]], [0], 1)],
    ids=["no-docs", "empty-docs", "label-out-of-range", "one-topic"],
)
def test_degenerate_training_data_gives_a_neutral_model(docs, labels, n_topics):
    model = fit(docs, labels, n_topics)
    assert model.terms == {}
    assert len(model.bias) == n_topics
    assert np.all(model.scores(["x"]) == 0)


def test_no_terms_score_the_bias_only():
    model = _fit()
    assert np.array_equal(model.scores([]), np.array(model.bias))
    assert isinstance(model, TopicRegression)


def test_topic_examples_train_the_bundled_topic_model(bot):
    tm = bot.retriever.topic_model
    topics = [t.id for t in bot.kb.topics]
    examples = [(x.topic, q) for x in bot.kb.topic_examples for q in x.questions]
    right = sum(topics[tm.best(bot.analyzer.terms(q))] == t for t, q in examples if bot.analyzer.terms(q))
    # training-set accuracy: a sanity check that the examples are used, not a quality claim
    assert right / len(examples) > 0.95


@pytest.mark.parametrize(
    "question, out_of_scope",
    [
        ("how long should footage from a traffic stop be kept", False),
        ("can the union bargain over when officers must record", False),
        ("which dashcam is best for my own car", True),
        ("how long should HR keep personnel files", True),
    ],
)
def test_the_regression_learns_what_is_out_of_scope(bot, question, out_of_scope):
    p = bot.retriever.topic_model.out_of_scope_probability(bot.analyzer.terms(question))
    assert (p > 0.5) == out_of_scope, p


def test_max_out_of_scope_probability_declines_unless_the_camera_is_named(bot):
    from dataclasses import replace

    from bwc_bot.compose import compose

    strict = replace(bot.kb.settings, max_out_of_scope_probability=0.0)
    plain = bot.analyze("how long should recordings of traffic stops be retained")
    named = bot.analyze("how long should body cam recordings of traffic stops be retained")
    assert plain.oos_probability > 0 and compose(bot, plain).answered
    assert compose(bot, plain, strict).reason == "out_of_scope"
    assert compose(bot, named, strict).answered  # anchored: the domain checks are skipped


@pytest.mark.parametrize(
    "question",
    [
        "officer turned his cam off for a bathroom brake and forgot to turn it back on",
        "how to notify someone who doesnt speak english that theyre being recorded",
    ],
)
def test_the_regression_vouches_for_questions_the_word_check_doubts(bot, question):
    """Everyday words ("bathroom", "english") sink the word-level domain score; below
    domain_check_min_oos_probability the regression, which reads the whole question, overrules it."""
    from dataclasses import replace

    from bwc_bot.compose import compose

    a = bot.analyze(question)
    assert a.domain < bot.kb.settings.min_domain_score
    assert a.oos_probability < bot.kb.settings.domain_check_min_oos_probability
    assert compose(bot, a).answered
    always = replace(bot.kb.settings, domain_check_min_oos_probability=0.0)
    assert compose(bot, a, always).reason == "out_of_scope"


def test_fit_rejects_inputs_of_different_lengths():
    with pytest.raises(ValueError, match="2 documents, 1 labels and 2 weights"):
        fit([["a"], ["b"]], [0], 2, weights=[1.0, 1.0])
