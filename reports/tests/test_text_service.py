"""The automatic reading as services on stored answers: analysis on save, themes per question, code suggestions."""

import itertools

import numpy as np
import pytest
from sklearn.metrics import adjusted_rand_score

from accounts.models import Role, User
from bench.text_themes import coded_examples, load_fixture
from periods.models import Answer, QuestionKind, Response
from periods.services.answers import AnswerValue, survey_submit
from periods.tests.factories import PeriodFactory, QuestionFactory, TaskFactory
from reports import text_service
from reports.models import AnswerAnalysis, AnswerCoding, Code, CodeSuggestion, Theme, ThemeStatus
from reports.tests.test_text_themes import MIN_SUGGESTION_ACCURACY, SUGGESTION_SEEDS

_seq = itertools.count()
MIN_ARI = 0.25


def _users(count: int, language: str = "fi") -> list[User]:
    start = next(_seq) * 1000
    return User.objects.bulk_create(
        [User(email=f"s{start + n}@example.fi", role=Role.MEMBER, language=language) for n in range(count)]
    )


def _answers(question, texts: list[str], *, submitted: bool = True, language: str = "fi") -> list[Answer]:
    """One response per text, written in bulk as survey_submit does (so no post_save of the answers)."""
    from django.utils import timezone

    users = _users(len(texts), language)
    responses = Response.objects.bulk_create(
        [Response(task=question.task, member=u, submitted_at=timezone.now() if submitted else None) for u in users]
    )
    return Answer.objects.bulk_create(
        [Answer(response=r, question=question, value=t) for r, t in zip(responses, texts, strict=True)]
    )


@pytest.fixture
def question(db):
    return QuestionFactory(kind=QuestionKind.TEXT)


@pytest.fixture(scope="module")
def fixture_rows():
    return load_fixture()


# answer_analyse


def test_it_stores_lemmas_vector_and_language_of_finnish_swedish_and_english_answers(question):
    answers = _answers(
        question,
        [
            "Jonot terveyskeskukseen olivat todella pitkiä",
            "Väntetiderna till hälsocentralen var alldeles för långa",
            "The nurses were very kind and listened to me",
        ],
    )
    text_service.answer_analyse(answers)
    stored = {a.answer_id: a for a in AnswerAnalysis.objects.all()}
    fi, sv, en = (stored[a.pk] for a in answers)
    assert (fi.lang, sv.lang, en.lang) == ("fi", "sv", "en")
    assert {"jono", "terveyskeskus", "pitkä"} <= set(fi.lemmas.split())
    assert "väntetid" in sv.lemmas.split()
    assert "nurse" in en.lemmas.split() and "the" not in en.lemmas.split()
    for analysis in (fi, sv, en):
        vector = np.frombuffer(bytes(analysis.vector), dtype=np.float32)
        assert vector.shape == (384,)
        assert abs(float(np.linalg.norm(vector)) - 1) < 1e-4


def test_it_falls_back_to_the_members_language_and_replaces_an_old_analysis(question):
    (answer,) = _answers(question, ["ok"], language="sv")
    AnswerAnalysis.objects.create(answer=answer, lang="en", lemmas="old", vector=b"\0" * 8)
    text_service.answer_analyse([answer])
    analysis = AnswerAnalysis.objects.get(answer=answer)
    assert analysis.lang == "sv" and analysis.lemmas != "old" and len(bytes(analysis.vector)) == 384 * 4
    assert AnswerAnalysis.objects.count() == 1


def test_it_skips_answers_without_text(question):
    answers = _answers(question, ["", "   "])
    Answer.objects.filter(pk=answers[0].pk).update(value=None)
    answers[0].value = None
    text_service.answer_analyse(answers)
    assert not AnswerAnalysis.objects.exists()


# The trigger on save


@pytest.fixture
def open_task(member):
    task = TaskFactory(period=PeriodFactory(members=[member]))
    return (
        task,
        QuestionFactory(task=task, kind=QuestionKind.TEXT),
        QuestionFactory(task=task, kind=QuestionKind.SINGLE),
    )


def test_submitting_a_survey_analyses_its_open_answers_when_enabled(
    settings, member, open_task, django_capture_on_commit_callbacks
):
    settings.REPORTS_ANALYSE_ON_SAVE = True
    task, text_question, closed = open_task
    with django_capture_on_commit_callbacks(execute=True):
        survey_submit(
            task=task,
            member=member,
            answers={text_question.pk: AnswerValue("Jonot olivat pitkiä"), closed.pk: AnswerValue("a")},
        )
    analyses = list(AnswerAnalysis.objects.select_related("answer"))
    assert [a.answer.question_id for a in analyses] == [text_question.pk]
    assert analyses[0].lang == "fi" and "jono" in analyses[0].lemmas.split()


def test_sending_a_changed_survey_again_analyses_the_new_words(
    settings, member, open_task, django_capture_on_commit_callbacks
):
    settings.REPORTS_ANALYSE_ON_SAVE = True
    task, text_question, _closed = open_task
    for text in ("Jonot olivat pitkiä", "Lääkäri kuunteli hyvin"):
        with django_capture_on_commit_callbacks(execute=True):
            survey_submit(task=task, member=member, answers={text_question.pk: AnswerValue(text)})
    (analysis,) = AnswerAnalysis.objects.all()
    assert "lääkäri" in analysis.lemmas.split() and "jono" not in analysis.lemmas.split()


def test_submitting_analyses_nothing_when_disabled(settings, member, open_task, django_capture_on_commit_callbacks):
    settings.REPORTS_ANALYSE_ON_SAVE = False
    task, text_question, _ = open_task
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        survey_submit(task=task, member=member, answers={text_question.pk: AnswerValue("Jonot olivat pitkiä")})
    assert not AnswerAnalysis.objects.exists()
    assert callbacks == []


def test_saving_one_open_answer_analyses_it_but_not_a_draft_or_a_closed_answer(
    settings, question, django_capture_on_commit_callbacks
):
    settings.REPORTS_ANALYSE_ON_SAVE = True
    (submitted,) = _answers(question, ["Hoitaja oli ystävällinen"])
    (draft,) = _answers(question, ["Lääkäri oli tyly"], submitted=False)
    closed_question = QuestionFactory(task=question.task, kind=QuestionKind.SINGLE)
    (closed,) = _answers(closed_question, ["a"])
    with django_capture_on_commit_callbacks(execute=True):
        for answer in (submitted, draft, closed):
            answer.save()
    assert list(AnswerAnalysis.objects.values_list("answer_id", flat=True)) == [submitted.pk]


def test_the_save_cost_is_measured_per_answer_for_batches_of_one_and_fifty(question, fixture_rows):
    _, texts, _ = fixture_rows
    answers = _answers(question, texts[:10])
    cost = text_service.save_cost_ms(answers)
    assert set(cost) == {1, 50} and all(ms > 0 for ms in cost.values())
    assert AnswerAnalysis.objects.count() == 10


# themes_build


@pytest.fixture
def fixture_question(question, fixture_rows):
    _, texts, labels = fixture_rows
    answers = _answers(question, texts)
    text_service.answer_analyse(answers)
    return question, answers, labels


def _theme_labels(themes: list[Theme], answers: list[Answer]) -> list[int]:
    theme_of = {pk: n for n, theme in enumerate(themes) for pk in theme.answer_ids}
    return [theme_of[a.pk] for a in answers]


def test_it_recovers_the_hand_labelled_themes_from_stored_vectors(
    fixture_question, monkeypatch, django_assert_max_num_queries
):
    question, answers, labels = fixture_question
    # Clustering must not embed again: every vector is read from the stored analyses.
    monkeypatch.setattr(text_service.reading, "_model", lambda: pytest.fail("the model was used"))
    with django_assert_max_num_queries(8):
        themes = text_service.themes_build(question, k=6)
    assert len(themes) == 6 and all(t.status == ThemeStatus.SUGGESTED for t in themes)
    assert sorted(pk for t in themes for pk in t.answer_ids) == sorted(a.pk for a in answers)
    assert adjusted_rand_score(labels, _theme_labels(themes, answers)) >= MIN_ARI
    for theme in themes:
        assert 2 <= len(theme.quote_answer_ids) <= 3 and set(theme.quote_answer_ids) <= set(theme.answer_ids)
        assert theme.keywords and theme.label == ", ".join(word for word, _ in theme.keywords[:3])


def test_it_computes_missing_analyses_before_clustering(question, fixture_rows):
    _, texts, _ = fixture_rows
    _answers(question, texts[:30])
    themes = text_service.themes_build(question, k=3)
    assert len(themes) == 3
    assert AnswerAnalysis.objects.count() == 30


def test_it_keeps_accepted_and_dropped_themes_and_replaces_suggested_ones(fixture_question):
    question, _, _ = fixture_question
    first = text_service.themes_build(question, k=6)
    accepted, dropped = first[0], first[1]
    Theme.objects.filter(pk=accepted.pk).update(status=ThemeStatus.ACCEPTED, label="Jonot")
    Theme.objects.filter(pk=dropped.pk).update(status=ThemeStatus.DROPPED)
    stale = [t.pk for t in first[2:]]
    second = text_service.themes_build(question, k=6)
    assert not Theme.objects.filter(pk__in=stale).exists()
    assert Theme.objects.get(pk=accepted.pk).label == "Jonot"
    assert Theme.objects.get(pk=accepted.pk).status == ThemeStatus.ACCEPTED
    assert Theme.objects.get(pk=dropped.pk).status == ThemeStatus.DROPPED
    # The same clustering again: the accepted and the dropped cluster are not suggested a second time.
    assert len(second) == 4
    kept = [set(accepted.answer_ids), set(dropped.answer_ids)]
    assert all(set(t.answer_ids) not in kept for t in second)
    assert min(t.order for t in second) > max(accepted.order, dropped.order)
    assert Theme.objects.filter(question=question).count() == 6


def test_it_skips_a_question_with_too_few_answers_and_clears_its_suggestions(question, fixture_rows):
    _, texts, _ = fixture_rows
    answers = _answers(question, texts[:9])
    Theme.objects.create(question=question, label="vanha", answer_ids=[answers[0].pk])
    assert text_service.themes_build(question) == []
    assert not Theme.objects.exists()
    _answers(question, texts[9:11])
    assert text_service.themes_build(question, k=6) == []  # 11 answers < 2 × 6
    _answers(question, texts[11:12])
    assert len(text_service.themes_build(question, k=6)) == 6


def test_it_counts_only_submitted_answers(question, fixture_rows):
    _, texts, _ = fixture_rows
    _answers(question, texts[:8])
    drafts = _answers(question, texts[8:20], submitted=False)
    assert text_service.themes_build(question) == []
    assert not AnswerAnalysis.objects.filter(answer__in=drafts).exists()


# suggestions_build


def _code(period, coded: dict[int, str], answers: list[Answer]) -> dict[str, Code]:
    codes = {name: Code.objects.create(period=period, name=name) for name in sorted(set(coded.values()))}
    AnswerCoding.objects.bulk_create([AnswerCoding(answer=answers[i], code=codes[name]) for i, name in coded.items()])
    return codes


def test_it_suggests_codes_from_two_examples_per_code_well_enough(fixture_question):
    question, answers, labels = fixture_question
    period = question.task.period
    accuracies = []
    for seed in SUGGESTION_SEEDS:
        AnswerCoding.objects.all().delete()
        Code.objects.all().delete()
        coded = coded_examples(labels, seed=seed)
        codes = _code(period, coded, answers)
        assert text_service.suggestions_build(period) == len(answers) - len(coded)
        name_of = {code.pk: name for name, code in codes.items()}
        suggested = dict(CodeSuggestion.objects.values_list("answer_id", "code_id"))
        assert all(answers[i].pk not in suggested for i in coded)
        accuracies.append(
            np.mean([name_of[suggested[a.pk]] == labels[i] for i, a in enumerate(answers) if i not in coded])
        )
        assert all(0 <= c <= 1 for c in CodeSuggestion.objects.values_list("confidence", flat=True))
    assert np.mean(accuracies) >= MIN_SUGGESTION_ACCURACY


def test_it_suggests_only_codes_with_two_examples_and_nothing_for_coded_answers(
    fixture_question, django_assert_max_num_queries
):
    question, answers, labels = fixture_question
    period = question.task.period
    queue = Code.objects.create(period=period, name="Jonot")
    lonely = Code.objects.create(period=period, name="Yksi esimerkki")
    waiting = [i for i, label in enumerate(labels) if label == "waiting"]
    AnswerCoding.objects.create(answer=answers[waiting[0]], code=queue)
    AnswerCoding.objects.create(answer=answers[waiting[1]], code=queue)
    AnswerCoding.objects.create(answer=answers[0], code=lonely)
    with django_assert_max_num_queries(8):
        written = text_service.suggestions_build(period)
    assert written == len(answers) - 3
    assert set(CodeSuggestion.objects.values_list("code_id", flat=True)) == {queue.pk}
    assert not CodeSuggestion.objects.filter(answer__in=[answers[0], answers[waiting[0]], answers[waiting[1]]]).exists()


def test_it_writes_none_when_no_code_has_two_examples_and_replaces_stale_ones(fixture_question):
    question, answers, _ = fixture_question
    period = question.task.period
    lonely = Code.objects.create(period=period, name="Yksi esimerkki")
    AnswerCoding.objects.create(answer=answers[0], code=lonely)
    CodeSuggestion.objects.create(answer=answers[5], code=lonely, confidence=0.9)
    assert text_service.suggestions_build(period) == 0
    assert not CodeSuggestion.objects.exists()
    # A suggestion for an answer that staff have since coded goes away on the next build.
    AnswerCoding.objects.create(answer=answers[1], code=lonely)
    CodeSuggestion.objects.create(answer=answers[1], code=lonely, confidence=0.9)
    assert text_service.suggestions_build(period) == len(answers) - 2
    assert not CodeSuggestion.objects.filter(answer=answers[1]).exists()
    assert not AnswerCoding.objects.exclude(answer__in=[answers[0], answers[1]]).exists()  # nothing coded


def test_it_ignores_other_periods_and_closed_questions(fixture_question):
    question, answers, labels = fixture_question
    period = question.task.period
    other_question = QuestionFactory(kind=QuestionKind.TEXT)
    other = _answers(other_question, ["Jonot olivat pitkiä", "Odotin kauan"])
    closed = _answers(QuestionFactory(task=question.task, kind=QuestionKind.SINGLE), ["a"])
    CodeSuggestion.objects.create(
        answer=other[0], code=Code.objects.create(period=other_question.task.period, name="x"), confidence=0.5
    )
    _code(period, coded_examples(labels), answers)
    text_service.suggestions_build(period)
    assert CodeSuggestion.objects.filter(answer=other[0]).exists()
    assert not CodeSuggestion.objects.filter(answer__in=[other[1], closed[0]]).exists()
