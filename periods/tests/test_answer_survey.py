"""Answering a survey: every kind of question, validation that keeps all input, conditions, escaping, preview."""

import re
from datetime import UTC, datetime

import pytest
from django.conf import settings
from django.urls import reverse

from periods.models import Answer, QuestionKind, Response
from periods.question_kinds import OTHER
from periods.tests.factories import PeriodFactory, QuestionFactory, TaskFactory, options

pytestmark = pytest.mark.django_db


@pytest.fixture
def task(member):
    return TaskFactory(period=PeriodFactory(members=[member]))


def url(task):
    return f"/en/periods/{task.period_id}/tasks/{task.pk}/"


def submit(client, task, data, **extra):
    return client.post(
        url(task),
        {"version": Response.objects.filter(task=task).values_list("version", flat=True).first() or 0, **data},
        **extra,
    )


def test_it_renders_every_kind_of_question_accessibly(member_client, task):
    kinds = {
        QuestionKind.TEXT: {},
        QuestionKind.SINGLE: {"choices": options("A", "B"), "allow_other": True},
        QuestionKind.MULTIPLE: {"choices": options("A", "B")},
        QuestionKind.SCALE5: {"low_label_fi": "Huono", "high_label_fi": "Hyvä"},
        QuestionKind.SCALE10: {},
        QuestionKind.RANKING: {"choices": options("A", "B", "C")},
        QuestionKind.YESNO: {},
        QuestionKind.LIKERT: {"choices": options("Rivi 1", "Rivi 2")},
        QuestionKind.UPLOAD: {"upload_types": ["image", "pdf"]},
    }
    for kind, extra in kinds.items():
        QuestionFactory(task=task, kind=kind, **extra)
    page = member_client.get(url(task)).content.decode()
    assert page.count("<legend>") >= 8
    assert "1 – Huono" in page and "5 – Hyvä" in page
    assert 'type="file"' in page and 'enctype="multipart/form-data"' in page
    assert "<script" not in page.split("<main")[1].split("</main>")[0]
    assert 'data-session-seconds="14400"' in page


def test_it_stores_one_answer_per_question_and_finishes(member_client, member, task):
    text = QuestionFactory(task=task, kind=QuestionKind.TEXT, required=True)
    single = QuestionFactory(task=task, kind=QuestionKind.SINGLE, choices=options("A", "B"))
    multi = QuestionFactory(task=task, kind=QuestionKind.MULTIPLE, choices=options("A", "B", "C"))
    scale = QuestionFactory(task=task, kind=QuestionKind.SCALE10)
    rank = QuestionFactory(task=task, kind=QuestionKind.RANKING, choices=options("A", "B"))
    yesno = QuestionFactory(task=task, kind=QuestionKind.YESNO)
    likert = QuestionFactory(task=task, kind=QuestionKind.LIKERT, choices=options("R1", "R2"))
    response = submit(
        member_client,
        task,
        {
            f"q{text.pk}": "Hyvä palvelu",
            f"q{single.pk}": "b",
            f"q{multi.pk}": ["a", "c"],
            f"q{scale.pk}": "0",
            f"q{rank.pk}_a": "2",
            f"q{rank.pk}_b": "1",
            f"q{yesno.pk}": "no",
            f"q{likert.pk}_a": "5",
            f"q{likert.pk}_b": "1",
        },
    )
    assert response.status_code == 302
    stored = {a.question_id: a.value for a in Answer.objects.all()}
    assert stored == {
        text.pk: "Hyvä palvelu",
        single.pk: "b",
        multi.pk: ["a", "c"],
        scale.pk: 0,
        rank.pk: ["b", "a"],
        yesno.pk: "no",
        likert.pk: {"a": 5, "b": 1},
    }
    assert Response.objects.get(member=member).submitted_at is not None
    page = member_client.get(url(task)).content.decode()
    assert "Hyvä palvelu" in page and "Save changes" in page


def test_a_validation_error_keeps_all_input(member_client, task):
    short = QuestionFactory(task=task, kind=QuestionKind.TEXT, min_length=20)
    other = QuestionFactory(task=task, kind=QuestionKind.TEXT, required=True)
    multi = QuestionFactory(task=task, kind=QuestionKind.MULTIPLE, choices=options("A", "B", "C"), max_picks=1)
    response = submit(
        member_client, task, {f"q{short.pk}": "liian lyhyt", f"q{other.pk}": "", f"q{multi.pk}": ["a", "b"]}
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "liian lyhyt" in page
    assert page.count("checked") == 2
    assert "Choose at most 1." in page
    assert f'href="#id_q{other.pk}"' in page
    assert not Answer.objects.exists()
    assert Response.objects.get().draft[f"q{short.pk}"] == ["liian lyhyt"]


def test_too_long_text_and_empty_required_text_are_refused(member_client, task):
    q = QuestionFactory(task=task, kind=QuestionKind.TEXT, max_length=10, required=True)
    assert submit(member_client, task, {f"q{q.pk}": "x" * 11}).status_code == 400
    assert submit(member_client, task, {f"q{q.pk}": "   "}).status_code == 400
    assert not Answer.objects.exists()


def test_too_few_picks_and_unknown_options_are_refused(member_client, task):
    q = QuestionFactory(task=task, kind=QuestionKind.MULTIPLE, choices=options("A", "B", "C"), min_picks=2)
    assert submit(member_client, task, {f"q{q.pk}": ["a"]}).status_code == 400
    assert submit(member_client, task, {f"q{q.pk}": ["a", "zzz"]}).status_code == 400
    assert not Answer.objects.exists()


def test_other_needs_its_text(member_client, task):
    q = QuestionFactory(task=task, kind=QuestionKind.SINGLE, choices=options("A"), allow_other=True)
    assert submit(member_client, task, {f"q{q.pk}": OTHER, f"q{q.pk}_other": ""}).status_code == 400
    assert submit(member_client, task, {f"q{q.pk}": OTHER, f"q{q.pk}_other": "Jotain muuta"}).status_code == 302
    answer = Answer.objects.get()
    assert answer.value == OTHER and answer.other_text == "Jotain muuta"


def test_each_rank_is_used_once_and_all_are_ranked(member_client, task):
    q = QuestionFactory(task=task, kind=QuestionKind.RANKING, choices=options("A", "B", "C"), required=True)
    assert submit(member_client, task, {f"q{q.pk}_a": "1", f"q{q.pk}_b": "1", f"q{q.pk}_c": "2"}).status_code == 400
    assert submit(member_client, task, {f"q{q.pk}_a": "1", f"q{q.pk}_b": "2"}).status_code == 400
    assert submit(member_client, task, {f"q{q.pk}_a": "9", f"q{q.pk}_b": "2", f"q{q.pk}_c": "1"}).status_code == 400
    assert not Answer.objects.exists()


def test_a_required_likert_needs_every_row(member_client, task):
    q = QuestionFactory(task=task, kind=QuestionKind.LIKERT, choices=options("R1", "R2"), required=True)
    response = submit(member_client, task, {f"q{q.pk}_a": "3"})
    assert response.status_code == 400 and "Choose an answer for this row." in response.content.decode()


def test_a_hidden_conditional_question_is_not_required_and_its_answer_is_dropped(member_client, task):
    gate = QuestionFactory(task=task, kind=QuestionKind.YESNO, required=True)
    follow = QuestionFactory(
        task=task, kind=QuestionKind.TEXT, required=True, show_if_question=gate, show_if_value="yes", text_fi="Miksi?"
    )
    page = member_client.get(url(task)).content.decode()
    assert "Answer only if you answered “yes” to the question" in page
    assert submit(member_client, task, {f"q{gate.pk}": "no", f"q{follow.pk}": "ei kuulu tänne"}).status_code == 302
    assert list(Answer.objects.values_list("question_id", flat=True)) == [gate.pk]


def test_a_shown_conditional_question_is_required(member_client, task):
    gate = QuestionFactory(task=task, kind=QuestionKind.SINGLE, choices=options("A", "B"))
    follow = QuestionFactory(task=task, kind=QuestionKind.TEXT, required=True, show_if_question=gate, show_if_value="a")
    assert submit(member_client, task, {f"q{gate.pk}": "a"}).status_code == 400
    assert submit(member_client, task, {f"q{gate.pk}": "a", f"q{follow.pk}": "Siksi"}).status_code == 302
    assert Answer.objects.count() == 2


def test_answers_can_be_changed_and_emptied_while_open(member_client, task):
    q = QuestionFactory(task=task, kind=QuestionKind.TEXT)
    submit(member_client, task, {f"q{q.pk}": "Eka"})
    submit(member_client, task, {f"q{q.pk}": "Toka"})
    assert Answer.objects.get().value == "Toka"
    submit(member_client, task, {f"q{q.pk}": ""})
    assert not Answer.objects.exists()


def test_script_in_text_is_stored_as_text_and_shown_escaped(member_client, task):
    """SECURITY.md #17: Script typed in an answer is stored as typed and shown escaped."""
    q = QuestionFactory(task=task, kind=QuestionKind.TEXT)
    payload = '<script>alert(1)</script><img src=x onerror="alert(2)">'
    submit(member_client, task, {f"q{q.pk}": payload})
    assert Answer.objects.get().value == payload
    for page in (member_client.get(url(task)), member_client.get("/en/periods/answers/")):
        html = page.content.decode()
        assert "<script>alert(1)" not in html and "<img src=x" not in html
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_staff_preview_lets_staff_try_the_form_and_saves_nothing(
    manager_client, developer_client, outsider_client, sote
):
    # The preview used to disable every input, so its conditional questions could not be tried.
    period = PeriodFactory(organisations=[sote])
    task = TaskFactory(period=period)
    gate = QuestionFactory(task=task, kind=QuestionKind.YESNO, text_en="Did you use the service?")
    QuestionFactory(
        task=task,
        kind=QuestionKind.TEXT,
        text_fi="Mitä mieltä?",
        text_en="What do you think?",
        show_if_question=gate,
        show_if_value="yes",
    )
    preview = f"/en/staff/periods/{period.pk}/tasks/{task.pk}/preview/"
    answer_urls = [
        reverse(f"periods:{name}", kwargs={"period_id": period.pk, "task_id": task.pk})
        for name in ("member_task", "member_autosave")
    ]

    for client in (manager_client, developer_client):
        response = client.get(preview)
        page = response.content.decode()
        assert response.status_code == 200
        assert "What do you think?" in page and "Preview" in page and "Nothing you enter here is saved" in page
        assert not re.search(r"<(input|textarea|select)\b[^>]*\sdisabled", page)
        assert f'data-show-if-field="q{gate.pk}"' in page and "periods/autosave.js" in page
        # The buttons stay disabled and the form posts nowhere that saves.
        assert re.search(r'<button type="submit" name="action" value="submit" disabled', page)
        assert not any(url in page for url in answer_urls) and "data-autosave-url" not in page
        assert "draft_key" not in page
        assert client.post(preview, {f"q{gate.pk}": "yes"}).status_code == 405
    assert outsider_client.get(preview).status_code == 404
    assert not Response.objects.exists()


@pytest.mark.parametrize("kind", ["discussion", "statements", "diary"])
def test_staff_preview_works_for_every_kind(manager_client, kind):
    period = PeriodFactory()
    task = TaskFactory(period=period, kind=kind)
    response = manager_client.get(f"/en/staff/periods/{period.pk}/tasks/{task.pk}/preview/")
    assert response.status_code == 200 and "Preview" in response.content.decode()
    assert not Response.objects.exists()


@pytest.mark.parametrize("n", [2, 20])
def test_the_survey_page_has_a_fixed_query_budget(member_client, member, task, django_assert_max_num_queries, n):
    from periods.models import Probe
    from periods.services.answers import AnswerValue, survey_submit

    questions = [QuestionFactory(task=task, kind=QuestionKind.SINGLE, choices=options("A", "B")) for _ in range(n)]
    survey_submit(task=task, member=member, answers={q.pk: AnswerValue("a") for q in questions})
    for i in range(n):
        Probe.objects.create(member=member, task=task, question=f"kysymys {i}")
    with django_assert_max_num_queries(12):
        assert member_client.get(url(task)).status_code == 200
    with django_assert_max_num_queries(15):
        assert submit(member_client, task, {q.field_name: "b" for q in questions}).status_code == 302


def test_an_unsent_answer_offers_a_draft_and_never_says_sent(member_client, member, task):
    QuestionFactory(task=task, kind=QuestionKind.TEXT)
    Response.objects.create(task=task, member=member, draft={"q": "kesken"})
    page = member_client.get(url(task).replace("/en/", "/fi/")).content.decode()
    assert "Tallenna luonnos" in page and "data-autosave-url" in page and "Lähetä vastaukset" in page
    assert "on lähetetty" not in page and "Muokkaa vastaustani" not in page


def test_a_sent_answer_says_when_it_was_sent_and_offers_editing_not_drafts(member_client, member, task):
    QuestionFactory(task=task, kind=QuestionKind.TEXT)
    sent = datetime(2026, 5, 4, 10, 15, tzinfo=UTC)
    Response.objects.create(task=task, member=member, submitted_at=sent, draft_saved_at=sent)
    page = member_client.get(url(task).replace("/en/", "/fi/")).content.decode()
    assert "Vastauksesi on lähetetty 4.5.2026 13.15." in page
    assert '<a href="#answer-form">Muokkaa vastaustani</a>' in page and 'id="answer-form"' in page
    assert "Tallenna luonnos" not in page and "Luonnos tallennettu" not in page and "data-autosave-url" not in page
    assert "Tallenna muutokset" in page


def test_a_text_question_states_its_limit_without_javascript_and_keeps_maxlength(member_client, task):
    question = QuestionFactory(task=task, kind=QuestionKind.TEXT, max_length=2000)
    page = member_client.get(url(task).replace("/en/", "/fi/")).content.decode()
    assert 'maxlength="2000"' in page and f'aria-describedby="id_q{question.pk}_helptext"' in page
    assert f'<p class="help" id="id_q{question.pk}_helptext">Enintään 2000 merkkiä.</p>' in page
    assert 'data-counter-text="{count} / {limit} merkkiä"' in page and 'src="/static/periods/counter.js"' in page


def test_a_refused_submit_puts_the_error_summary_where_the_page_script_focuses_it(member_client, task):
    QuestionFactory(task=task, kind=QuestionKind.TEXT, required=True)
    response = submit(member_client, task, {"action": "submit"})
    page = response.content.decode()
    assert response.status_code == 400
    assert '<div class="error-summary" id="error-summary" role="alert" tabindex="-1">' in page
    assert 'src="/static/core/error_summary.js" defer' in page
    assert 'getElementById("error-summary")' in (settings.BASE_DIR / "core/static/core/error_summary.js").read_text()
