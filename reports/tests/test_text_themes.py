"""Themes, keywords, lemmas and code suggestions on the hand-labelled Finnish answers."""

import numpy as np
import pytest
from sklearn.metrics import adjusted_rand_score

from bench.text_themes import baseline_ari, load_fixture, suggestion_accuracy
from reports.analysis import text
from reports.analysis.text import lemmas, suggest_codes, text_themes

# Measured on answers_fi.csv (96 answers, 6 themes): ARI 0.34 at seed 0 (0.28–0.34 over seeds 0–4),
# plain TF-IDF + k-means 0.01; suggestions from two coded examples per theme 0.54–0.73 right
# (mean 0.64 over seeds 0–4, 0.54 at seed 0): below the 0.75 the issue hoped for.
MIN_ARI = 0.25
MIN_MARGIN = 0.2
MIN_SUGGESTION_ACCURACY = 0.5


@pytest.fixture(scope="module")
def fixture():
    return load_fixture()


@pytest.fixture(scope="module")
def themed(fixture):
    _, texts, labels = fixture
    return text_themes(texts, lang="fi", themes=len(set(labels)), seed=0)


def test_it_finds_the_hand_labelled_themes_far_above_the_baseline(fixture, themed):
    _, texts, labels = fixture
    ari = adjusted_rand_score(labels, themed.labels)
    assert ari >= MIN_ARI
    assert ari - baseline_ari(texts, labels) >= MIN_MARGIN


def test_it_reports_sizes_quotes_and_keywords_per_theme(fixture, themed):
    _, texts, _ = fixture
    assert sum(theme.size for theme in themed.themes) == len(texts)
    assert [theme.size for theme in themed.themes] == sorted((t.size for t in themed.themes), reverse=True)
    for n, theme in enumerate(themed.themes):
        assert len(theme.quotes) == 3
        assert all(texts.index(quote) in np.flatnonzero(np.array(themed.labels) == n) for quote in theme.quotes)
        assert theme.keywords and all(weight > 0 for _, weight in theme.keywords)


def test_it_gives_keywords_a_person_would_expect(fixture, themed):
    _, _, labels = fixture
    waiting = [i for i, label in enumerate(labels) if label == "waiting"]
    theme = max(range(len(themed.themes)), key=lambda n: sum(themed.labels[i] == n for i in waiting))
    words = {word for word, _ in themed.themes[theme].keywords}
    assert words & {"odottaa", "odotus", "jono", "odotusaika"}
    feedback = [i for i, label in enumerate(labels) if label == "feedback_info"]
    theme = max(range(len(themed.themes)), key=lambda n: sum(themed.labels[i] == n for i in feedback))
    assert "palaute" in {word for word, _ in themed.themes[theme].keywords}


def test_it_suggests_codes_from_two_coded_examples_per_theme(fixture):
    _, texts, labels = fixture
    accuracy, confidence_right, confidence_wrong = suggestion_accuracy(texts, labels, seed=0)
    assert accuracy >= MIN_SUGGESTION_ACCURACY
    # Calibrated in the sense that matters: a higher confidence means more often right.
    assert confidence_right > confidence_wrong


def test_it_suggests_a_code_for_every_uncoded_text_only():
    texts = ["Jono oli pitkä", "Odotin kauan", "Hoitaja oli ystävällinen", "Lääkäri oli tyly", "Jonotin tunnin"]
    suggestions = suggest_codes(texts, {0: "jono", 2: "asenne"}, lang="fi")
    assert [i for i, _, _ in suggestions] == [1, 3, 4]
    assert all(code in {"jono", "asenne"} and 0 <= confidence <= 1 for _, code, confidence in suggestions)


def test_it_lemmatises_finnish_inflections_and_splits_compounds():
    assert lemmas("terveyskeskukseen", lang="fi")[0] == "terveyskeskus"
    assert {"terveys", "keskus"} <= set(lemmas("terveyskeskukseen", lang="fi"))
    assert "jono" in lemmas("Jonoissa oli ruuhkaa", lang="fi")
    assert "ja" not in lemmas("hoitaja ja lääkäri", lang="fi")


def test_it_lemmatises_swedish_and_english():
    assert "väntetid" in lemmas("Väntetiderna var långa", lang="sv")
    assert "nurse" in lemmas("The nurses were kind", lang="en")
    assert "the" not in lemmas("The nurses were kind", lang="en")


def test_it_refuses_unknown_languages_and_empty_texts():
    with pytest.raises(ValueError):
        lemmas("hei", lang="de")
    with pytest.raises(ValueError):
        text_themes(["hyvä", " "], lang="fi")


def test_it_is_deterministic_with_a_seed(fixture):
    _, texts, _ = fixture
    first = text_themes(texts[:40], lang="fi", seed=3)
    second = text_themes(texts[:40], lang="fi", seed=3)
    assert first == second
    assert 2 <= len(first.themes) <= 10


def test_it_loads_the_bundled_model_once():
    assert text._model() is text._model()
    vectors = text.embed(["Jono oli pitkä", "Hoitaja oli ystävällinen"])
    assert vectors.shape == (2, 384)
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1)
