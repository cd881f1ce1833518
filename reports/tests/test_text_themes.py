"""Themes, keywords, lemmas and code suggestions on the hand-labelled Finnish answers."""

from collections import Counter

import numpy as np
import pytest
from sklearn.metrics import adjusted_rand_score

from bench.text_themes import FIXTURE, baseline_ari, load_fixture, suggestion_accuracy
from reports.analysis import text
from reports.analysis.text import lemmas, suggest_codes, text_themes

# Measured on answers_fi.csv (96 answers, 6 themes): ARI 0.33 at seed 0 (0.27–0.49 over seeds 0–4,
# mean 0.35), plain TF-IDF + k-means 0.01; suggestions from two coded examples per theme 0.73 right on
# average over seeds 0–4 (0.62–0.81) and 0.69 over seeds 0–19 (worst 0.55): just below the 0.75 the
# issue hoped for. On the second, independently written fixture answers_fi_transport.csv (60 answers,
# 5 themes, never used to choose a setting before it was written): ARI 0.67, suggestions 0.96 over
# seeds 0–4 and 0.94 over seeds 0–19 (worst 0.80).
MIN_ARI = 0.28
MIN_MARGIN = 0.2
MIN_SUGGESTION_ACCURACY = 0.68
# Held-out check: the mean over several random choices of the two coded examples per theme.
SUGGESTION_SEEDS = range(5)
TRANSPORT = FIXTURE.parent / "answers_fi_transport.csv"
MIN_TRANSPORT_ARI = 0.5
MIN_TRANSPORT_ACCURACY = 0.85


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
    # The feedback answers may fill two themes; one where they are the largest group names "palaute".
    mostly_feedback = [
        n
        for n in range(len(themed.themes))
        if Counter(label for label, theme in zip(labels, themed.labels, strict=True) if theme == n).most_common(1)[0][0]
        == "feedback_info"
    ]
    assert any("palaute" in {word for word, _ in themed.themes[n].keywords} for n in mostly_feedback)


def test_it_suggests_codes_from_two_coded_examples_per_theme(fixture):
    _, texts, labels = fixture
    measured = [suggestion_accuracy(texts, labels, seed=seed) for seed in SUGGESTION_SEEDS]
    assert np.mean([accuracy for accuracy, _, _ in measured]) >= MIN_SUGGESTION_ACCURACY
    # Calibrated in the sense that matters: a higher confidence means more often right.
    assert all(right > wrong for _, right, wrong in measured)


def test_it_generalises_to_a_second_hand_labelled_fixture():
    _, texts, labels = load_fixture(TRANSPORT)
    assert len(texts) == 60 and len(set(labels)) == 5
    themed = text_themes(texts, lang="fi", themes=5, seed=0)
    assert adjusted_rand_score(labels, themed.labels) >= MIN_TRANSPORT_ARI
    accuracies = [suggestion_accuracy(texts, labels, seed=seed)[0] for seed in SUGGESTION_SEEDS]
    assert np.mean(accuracies) >= MIN_TRANSPORT_ACCURACY


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


def test_it_detects_finnish_swedish_and_english_and_falls_back_when_it_cannot_tell():
    assert text.detect_lang("Jonot olivat todella pitkiä") == "fi"
    assert text.detect_lang("Väntetiderna var alldeles för långa", fallback="fi") == "sv"
    assert text.detect_lang("The nurses were very kind", fallback="sv") == "en"
    assert text.detect_lang("ok", fallback="sv") == "sv"
    assert text.detect_lang("12 34", fallback="") == ""
    # "Bra" is Swedish and English alike: the member's own language decides the tie.
    assert text.detect_lang("Bra", fallback="en") == "en"
    assert text.detect_lang("Bra", fallback="sv") == "sv"
