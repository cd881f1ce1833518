"""The automatic reading of stored open answers: per-answer analysis, themes per question, code suggestions.

Each open (TEXT) answer of a submitted response is lemmatised and embedded once, when it is saved
(`answer_analyse`, run as background work after the commit; see reports.signals). A report build then
only clusters and compares the stored vectors (`themes_build`, `suggestions_build`), so that a period
of 20,000 open answers is read in well under a second per question. No text leaves the server.

Nothing here codes an answer: suggestions wait for a person to accept or change them.
"""

import time
from collections.abc import Iterable

import numpy as np
from django.conf import settings
from django.db import transaction
from django_tasks import task

from core.locks import lock_retried
from periods.models import Answer, Period, Question, QuestionKind
from reports.analysis import text as reading
from reports.analysis.threads import single_threaded

from .models import AnswerAnalysis, AnswerCoding, CodeSuggestion, Theme, ThemeStatus

DIM = 384
VECTOR_BYTES = DIM * 4
MIN_ANSWERS = 10
DEFAULT_THEMES = 5
QUOTES = 3
KEYWORDS = 10
LABEL_WORDS = 3
# A new cluster sharing this much (Jaccard) with a theme staff accepted or dropped is that theme again.
SAME_THEME = 0.5
MIN_EXAMPLES = 2


def _text(value) -> str:
    return value.strip() if isinstance(value, str) else ""


def _submitted_text_answers():
    return Answer.objects.filter(question__kind=QuestionKind.TEXT, response__submitted_at__isnull=False)


@single_threaded
def answer_analyse(answers: list[Answer]) -> None:
    """Store lemmas, language and vector (float32 bytes) of each open answer; replaces an older analysis.

    Answers without text are skipped. The language is detected among fi/sv/en; when the text is too
    short to tell, the member's own language is used, else Finnish. Embeddings are computed in one batch.
    """
    items = [(answer, _text(answer.value)) for answer in answers]
    items = [(answer, body) for answer, body in items if body and answer.pk is not None]
    if not items:
        return
    # "" when the text cannot tell: then the member's own language decides.
    detected = [reading.detect_lang(body, fallback="") for _, body in items]
    unsure = [answer.pk for (answer, _), lang in zip(items, detected, strict=True) if not lang]
    member_lang = {
        pk: language
        for pk, language in (
            Answer.objects.filter(pk__in=unsure).values_list("pk", "response__member__language") if unsure else []
        )
        if language in reading.LANGS
    }
    langs = [lang or member_lang.get(answer.pk, "fi") for (answer, _), lang in zip(items, detected, strict=True)]
    docs = [reading.lemmas(body, lang=lang) for (_, body), lang in zip(items, langs, strict=True)]
    vectors = reading.answer_vectors([body for _, body in items], docs)
    _analyses_store(
        [
            AnswerAnalysis(answer=answer, lang=lang, lemmas=" ".join(doc), vector=vector.tobytes())
            for (answer, _), lang, doc, vector in zip(items, langs, docs, vectors, strict=True)
        ]
    )


@lock_retried
def _analyses_store(analyses: list[AnswerAnalysis]) -> None:
    """The write after the analysis: short, so that members' saves never wait behind the model."""
    with transaction.atomic():
        AnswerAnalysis.objects.filter(answer__in=[analysis.answer_id for analysis in analyses]).delete()
        AnswerAnalysis.objects.bulk_create(analyses)


@task()
def answers_analyse(*, answer_ids: list[int]) -> None:
    """Background work after a save: analyse those of the answers that are open answers of a submitted response."""
    answer_analyse(list(_submitted_text_answers().filter(pk__in=answer_ids).order_by("pk")))


def analyse_later(answer_ids: Iterable[int]) -> None:
    """Queue the analysis of these answers once the current transaction commits (if REPORTS_ANALYSE_ON_SAVE)."""
    ids = sorted(set(answer_ids))
    if ids and getattr(settings, "REPORTS_ANALYSE_ON_SAVE", True):
        transaction.on_commit(lambda: lock_retried(answers_analyse.enqueue)(answer_ids=ids))


def response_analyse_later(response_id: int) -> None:
    """Queue the analysis of every open answer of one submitted response (call after each submit)."""
    if getattr(settings, "REPORTS_ANALYSE_ON_SAVE", True):
        analyse_later(
            _submitted_text_answers().filter(response_id=response_id).values_list("pk", flat=True).order_by("pk")
        )


def save_cost_ms(answers: list[Answer], batch_sizes: tuple[int, ...] = (1, 50)) -> dict[int, float]:
    """Milliseconds per answer of the work done on save, with answers analysed in batches of each size.

    The embedding cache is emptied first (a saved answer is new text); the model is warmed, as in a
    running server. The answers' analyses are rewritten.
    """
    reading.embed(["lämmittely"])
    reading.detect_lang("lämmittely")
    for lang in reading.LANGS:
        reading.lemmas("lämmittely", lang=lang)
    result = {}
    for size in batch_sizes:
        reading._EMBEDDINGS.clear()
        started = time.perf_counter()
        for start in range(0, len(answers), size):
            answer_analyse(answers[start : start + size])
        result[size] = round(1000 * (time.perf_counter() - started) / max(len(answers), 1), 2)
    return result


def _vectors(rows: list[tuple[int, object, str | None, bytes | None]]) -> tuple[list[int], list[str], np.ndarray]:
    """(answer ids, lemma strings, vectors) of the rows with text; missing analyses are computed first."""
    rows = [(pk, _text(value), lemmas, vector) for pk, value, lemmas, vector in rows]
    rows = [row for row in rows if row[1]]
    missing = [pk for pk, _, _, vector in rows if vector is None or len(bytes(vector)) != VECTOR_BYTES]
    if missing:
        answer_analyse(list(Answer.objects.filter(pk__in=missing).order_by("pk")))
        fresh = {
            pk: (lemmas, vector)
            for pk, lemmas, vector in AnswerAnalysis.objects.filter(answer__in=missing).values_list(
                "answer_id", "lemmas", "vector"
            )
        }
        rows = [(pk, body, *fresh.get(pk, (lemmas, vector))) for pk, body, lemmas, vector in rows]
    usable = [
        (pk, lemmas, bytes(vector))
        for pk, _body, lemmas, vector in rows
        if vector is not None and len(bytes(vector)) == VECTOR_BYTES
    ]
    if not usable:
        return [], [], np.zeros((0, DIM), dtype=np.float32)
    vectors = np.frombuffer(b"".join(vector for _, _, vector in usable), dtype=np.float32).reshape(len(usable), DIM)
    return [pk for pk, _, _ in usable], [lemmas or "" for _, lemmas, _ in usable], vectors


def _jaccard(a: set[int], b: set[int]) -> float:
    return len(a & b) / len(a | b) if a or b else 0.0


def themes_build(question: Question, *, k: int | None = None, seed: int = 0) -> list[Theme]:
    """Replace the question's suggested themes with clusters of its submitted open answers.

    Themes staff accepted or dropped stay as they are, and a cluster that is essentially one of them
    (Jaccard ≥ 0.5 of its answers) is not suggested again. Returns the new themes, [] when the question
    has too few answers (fewer than 10, or than twice k).
    """
    rows = list(
        _submitted_text_answers()
        .filter(question=question)
        .order_by("pk")
        .values_list("pk", "value", "analysis__lemmas", "analysis__vector")
    )
    ids, lemma_strings, vectors = _vectors(rows)
    enough = len(ids) >= max(MIN_ANSWERS, 2 * (k or 0)) and (k is None or k >= 1)
    found = []
    if enough:
        docs = [lemmas.split() for lemmas in lemma_strings]
        clusters = reading.cluster_vectors(vectors, docs, themes=k, seed=seed, quotes=QUOTES)
        for c, keywords in enumerate(clusters.keywords):
            words = [word for word, _ in keywords[:KEYWORDS]]
            found.append(
                Theme(
                    question=question,
                    label=", ".join(words[:LABEL_WORDS]) or f"{c + 1}",
                    keywords=[[word, weight] for word, weight in keywords[:KEYWORDS]],
                    answer_ids=[ids[i] for i, label in enumerate(clusters.labels) if label == c],
                    quote_answer_ids=[ids[i] for i in clusters.quotes[c]],
                    status=ThemeStatus.SUGGESTED,
                )
            )
    return _themes_store(question, found)


@lock_retried
def _themes_store(question: Question, found: list[Theme]) -> list[Theme]:
    """Replace the suggested themes with those found, except those that repeat a theme staff kept.

    The themes staff kept are read here, in the write, so that one kept during the clustering counts.
    """
    with transaction.atomic():
        kept = list(Theme.objects.filter(question=question).exclude(status=ThemeStatus.SUGGESTED))
        Theme.objects.filter(question=question, status=ThemeStatus.SUGGESTED).delete()
        kept_sets = [{i for i in theme.answer_ids if isinstance(i, int)} for theme in kept]
        order = max((theme.order for theme in kept), default=-1) + 1
        themes = [
            theme
            for theme in found
            if not any(_jaccard(set(theme.answer_ids), other) >= SAME_THEME for other in kept_sets)
        ]
        for number, theme in enumerate(themes):
            theme.order = order + number
        return Theme.objects.bulk_create(themes)


def suggestions_build(period: Period) -> int:
    """Replace the period's code suggestions: one code with a confidence for every uncoded open answer.

    Only codes that staff gave to at least two open answers of the period are suggested. Nothing is
    coded automatically. Returns how many suggestions were written.
    """
    answers = _submitted_text_answers().filter(question__task__period=period)
    codings = list(
        AnswerCoding.objects.filter(answer__in=answers, code__period=period).values_list("answer_id", "code_id")
    )
    coded = {answer_id for answer_id, _ in codings}
    per_code: dict[int, list[int]] = {}
    for answer_id, code_id in codings:
        per_code.setdefault(code_id, []).append(answer_id)
    usable = {code_id for code_id, examples in per_code.items() if len(examples) >= MIN_EXAMPLES}
    suggestions = []
    if usable:
        rows = list(answers.order_by("pk").values_list("pk", "value", "analysis__lemmas", "analysis__vector"))
        ids, _, vectors = _vectors(rows)
        position = {pk: i for i, pk in enumerate(ids)}
        examples = [(position[a], c) for a, c in codings if c in usable and a in position]
        uncoded = [i for i, pk in enumerate(ids) if pk not in coded]
        if uncoded and examples:
            suggestions = [
                CodeSuggestion(answer_id=ids[i], code_id=code_id, confidence=confidence)
                for i, code_id, confidence in reading.suggest_for(vectors, examples, uncoded)
            ]
    return _suggestions_store(period, suggestions)


@lock_retried
def _suggestions_store(period: Period, suggestions: list[CodeSuggestion]) -> int:
    """Replace the period's suggestions; an answer staff coded during the computation gets none."""
    with transaction.atomic():
        CodeSuggestion.objects.filter(answer__question__task__period=period).delete()
        coded = set(
            AnswerCoding.objects.filter(answer__question__task__period=period, code__period=period).values_list(
                "answer_id", flat=True
            )
        )
        fresh = [suggestion for suggestion in suggestions if suggestion.answer_id not in coded]
        CodeSuggestion.objects.bulk_create(fresh, batch_size=2000)
    return len(fresh)
