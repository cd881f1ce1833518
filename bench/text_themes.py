"""Open text benchmark: themes and code suggestions on the hand-labelled Finnish answers."""

import csv
import random
import time
from pathlib import Path

import numpy as np
from sklearn.cluster import KMeans
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.metrics import adjusted_rand_score

from reports.analysis import text

FIXTURE = Path(__file__).resolve().parent.parent / "reports" / "tests" / "data" / "answers_fi.csv"
SEED = 0
EXAMPLES_PER_CODE = 2


def load_fixture(path: Path = FIXTURE) -> tuple[list[str], list[str], list[str]]:
    """The fixture's ids, texts and hand labels."""
    with path.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    return [r["id"] for r in rows], [r["text"] for r in rows], [r["theme"] for r in rows]


def baseline_ari(texts: list[str], labels: list[str], seeds: range = range(5)) -> float:
    """Plain word TF-IDF + k-means with the true number of themes, averaged over seeds."""
    matrix = TfidfVectorizer().fit_transform(texts)
    k = len(set(labels))
    scores = [
        adjusted_rand_score(labels, KMeans(n_clusters=k, n_init=10, random_state=s).fit_predict(matrix)) for s in seeds
    ]
    return float(np.mean(scores))


def coded_examples(labels: list[str], per_code: int = EXAMPLES_PER_CODE, seed: int = SEED) -> dict[int, str]:
    """A fixed random choice of per_code coded answers for each label."""
    rng = random.Random(seed)
    coded = {}
    for label in sorted(set(labels)):
        for i in rng.sample([i for i, other in enumerate(labels) if other == label], per_code):
            coded[i] = label
    return coded


def suggestion_accuracy(texts: list[str], labels: list[str], seed: int = SEED) -> tuple[float, float, float]:
    """Share of right suggestions, and mean confidence when right and when wrong."""
    suggestions = text.suggest_codes(texts, coded_examples(labels, seed=seed), lang="fi")
    right = np.array([code == labels[i] for i, code, _ in suggestions])
    confidence = np.array([c for _, _, c in suggestions])
    wrong_confidence = float(confidence[~right].mean()) if (~right).any() else 0.0
    return float(right.mean()), float(confidence[right].mean()), wrong_confidence


def run(smoke: bool) -> dict:
    """ARI of text_themes against the hand labels, the baseline's, and suggestion accuracy."""
    _, texts, labels = load_fixture()
    started = time.perf_counter()
    text._model()
    load_s = time.perf_counter() - started
    started = time.perf_counter()
    text.embed(texts)
    encode_s = time.perf_counter() - started
    seeds = range(1) if smoke else range(5)
    started = time.perf_counter()
    aris = [
        adjusted_rand_score(labels, text.text_themes(texts, lang="fi", themes=len(set(labels)), seed=s).labels)
        for s in seeds
    ]
    themes_s = (time.perf_counter() - started) / len(seeds)
    accuracies = [suggestion_accuracy(texts, labels, seed=s) for s in seeds]
    return {
        "answers": len(texts),
        "ari": round(float(np.mean(aris)), 4),
        "ari_min": round(float(min(aris)), 4),
        "baseline_ari": round(baseline_ari(texts, labels), 4),
        "suggestion_accuracy": round(float(np.mean([a[0] for a in accuracies])), 4),
        "confidence_right": round(float(np.mean([a[1] for a in accuracies])), 4),
        "confidence_wrong": round(float(np.mean([a[2] for a in accuracies])), 4),
        "model_load_s": round(load_s, 3),
        "encode_s": round(encode_s, 3),
        "runtime_s": round(themes_s, 3),
    }


if __name__ == "__main__":
    print(run(smoke=False))
