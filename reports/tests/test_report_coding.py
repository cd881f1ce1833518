"""Coding open answers on the staff answers page: suggestions a person accepts, removing codes, filters."""

import pytest
from django.contrib.messages import get_messages
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from audit.models import AuditEvent
from periods.models import Answer, QuestionKind
from periods.tests.factories import PeriodFactory, QuestionFactory, TaskFactory
from reports.models import AnswerCoding, Code, CodeSuggestion, Report
from reports.tests.test_report_figures import answer, respondents


@pytest.fixture(autouse=True)
def _english():
    """Pages under /en/ (reverse() follows the active language), so English text can be asserted."""
    with translation.override("en"):
        yield


@pytest.fixture
def coded(filled):
    """The 8 open answers: the first coded "Jonot", the second and third with suggestions, the rest bare."""
    period = filled[0]
    queues = Code.objects.create(period=period, name="Jonot")
    access = Code.objects.create(period=period, name="Saavutettavuus")
    answers = _open_answers(period)
    AnswerCoding.objects.create(answer=answers[0], code=queues)
    CodeSuggestion.objects.create(answer=answers[0], code=access, confidence=0.5)  # already coded: not offered
    CodeSuggestion.objects.create(answer=answers[1], code=access, confidence=0.82)
    CodeSuggestion.objects.create(answer=answers[2], code=queues, confidence=0.4)
    return period, answers, queues, access


def _open_answers(period) -> list[Answer]:
    return list(Answer.objects.filter(question__task__period=period, question__kind=QuestionKind.TEXT).order_by("pk"))


def _url(name: str, period_id: int) -> str:
    return reverse(f"reports:{name}", args=[period_id])


def _messages(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def _row_ids(page) -> list[int]:
    return [row["id"] for row in page.context["rows"]]


ACTIONS = ["answer_code", "suggestion_accept", "answer_uncode"]


# Who may ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["answers", *ACTIONS])
def test_it_refuses_members(member_client, coded, name):
    period, answers, queues, _access = coded
    method = member_client.get if name == "answers" else member_client.post
    assert method(_url(name, period.pk), {"answer": answers[1].pk, "code": queues.pk}).status_code == 403


@pytest.mark.parametrize("name", ["answers", *ACTIONS])
def test_it_hides_answers_and_codes_from_the_other_organisation(outsider_client, outsider, coded, name):
    period, answers, _queues, access = coded
    method = outsider_client.get if name == "answers" else outsider_client.post
    assert method(_url(name, period.pk), {"answer": answers[1].pk, "code": access.pk}).status_code == 404
    assert AuditEvent.objects.filter(actor=outsider, action=AuditEvent.Action.ACCESS_DENIED).count() == 1
    assert AnswerCoding.objects.count() == 1 and CodeSuggestion.objects.count() == 3


@pytest.mark.parametrize("name", ACTIONS)
def test_it_sends_anonymous_visitors_to_login_and_refuses_get(client, manager_client, coded, name):
    period = coded[0]
    response = client.post(_url(name, period.pk))
    assert response.status_code == 302 and "login" in response["Location"]
    assert manager_client.get(_url(name, period.pk)).status_code == 405


# Suggestions -----------------------------------------------------------------------------------


def test_it_shows_a_suggestion_only_for_an_uncoded_answer(developer_client, coded):
    period, answers, _queues, _access = coded
    page = developer_client.get(_url("answers", period.pk))
    rows = {row["id"]: row for row in page.context["rows"]}
    assert rows[answers[0].pk]["suggestion"] is None
    assert rows[answers[1].pk]["suggestion"]["percent"] == 82
    assert rows[answers[2].pk]["suggestion"]["percent"] == 40
    html = page.content.decode()
    assert "Suggested: <strong>Saavutettavuus</strong> (confidence 82 %)" in html
    assert "(confidence 50 %)" not in html
    assert html.count('action="' + _url("suggestion_accept", period.pk)) == 2


def test_it_accepts_a_suggestion_as_a_coding_by_the_person(developer_client, developer, coded):
    period, answers, _queues, access = coded
    response = developer_client.post(
        _url("suggestion_accept", period.pk),
        {"answer": answers[1].pk, "code": access.pk, "next": "?coding=suggested&page=1"},
    )
    assert response.status_code == 302
    assert response["Location"] == _url("answers", period.pk) + "?coding=suggested&page=1"
    coding = AnswerCoding.objects.get(answer=answers[1])
    assert (coding.code, coding.coded_by) == (access, developer)
    assert not CodeSuggestion.objects.filter(answer=answers[1]).exists()
    assert CodeSuggestion.objects.count() == 2
    assert AuditEvent.objects.filter(actor=developer, action=AuditEvent.Action.ANSWER_CODED).count() == 1
    assert "The suggested code was accepted." in _messages(response)


def test_it_does_not_accept_a_suggestion_other_than_the_one_shown(developer_client, coded):
    period, answers, queues, _access = coded
    response = developer_client.post(_url("suggestion_accept", period.pk), {"answer": answers[1].pk, "code": queues.pk})
    assert response.status_code == 302
    assert not AnswerCoding.objects.filter(answer=answers[1]).exists()
    assert CodeSuggestion.objects.filter(answer=answers[1]).exists()
    assert any("no longer there" in m for m in _messages(response))


def test_it_refuses_a_suggestion_of_another_periods_answer(developer_client, developer, coded, sote):
    period = coded[0]
    other_period = PeriodFactory(organisations=[sote])
    other_task = TaskFactory(period=other_period)
    other_text = QuestionFactory(task=other_task, kind=QuestionKind.TEXT)
    (user,) = respondents(other_period, 1)
    other_answer = answer(other_task, user, {other_text: "Toisen jakson vastaus"}).answers.get()
    other_code = Code.objects.create(period=other_period, name="Muu")
    CodeSuggestion.objects.create(answer=other_answer, code=other_code, confidence=0.9)
    url = _url("suggestion_accept", period.pk)
    assert developer_client.post(url, {"answer": other_answer.pk, "code": other_code.pk}).status_code == 404
    # Own answer, but a code of the other period's codebook.
    own = coded[1][1]
    assert developer_client.post(url, {"answer": own.pk, "code": other_code.pk}).status_code == 404
    assert AuditEvent.objects.filter(actor=developer, action=AuditEvent.Action.ACCESS_DENIED).count() == 2
    assert AnswerCoding.objects.count() == 1 and CodeSuggestion.objects.count() == 4


def test_it_settles_the_suggestion_when_a_person_chooses_another_code(developer_client, developer, coded):
    period, answers, queues, _access = coded
    response = developer_client.post(
        _url("answer_code", period.pk), {"answer": answers[1].pk, "code": queues.pk, "next": "?page=1"}
    )
    assert response["Location"] == _url("answers", period.pk) + "?page=1"
    assert list(AnswerCoding.objects.filter(answer=answers[1]).values_list("code", "coded_by")) == [
        (queues.pk, developer.pk)
    ]
    assert not CodeSuggestion.objects.filter(answer=answers[1]).exists()


@pytest.mark.parametrize("name", ACTIONS)
@pytest.mark.parametrize("data", [{}, {"answer": "x", "code": "1"}, {"answer": "1"}])
def test_it_refuses_bad_input_with_a_message_and_changes_nothing(developer_client, coded, name, data):
    period = coded[0]
    response = developer_client.post(_url(name, period.pk), data)
    assert response.status_code == 302 and response["Location"] == _url("answers", period.pk)
    assert _messages(response) and "Nothing" in _messages(response)[0]
    assert AnswerCoding.objects.count() == 1 and CodeSuggestion.objects.count() == 3


@pytest.mark.parametrize("next_value", ["https://evil.example/", "//evil.example", "/fi/staff/", "?a=1\r\nX: y"])
def test_it_redirects_only_back_to_the_answers_page(developer_client, coded, next_value):
    period, answers, queues, _access = coded
    response = developer_client.post(
        _url("answer_code", period.pk), {"answer": answers[3].pk, "code": queues.pk, "next": next_value}
    )
    assert response["Location"] == _url("answers", period.pk)


# Removing a coding -----------------------------------------------------------------------------


def test_it_removes_a_coding(developer_client, developer, coded):
    period, answers, queues, _access = coded
    response = developer_client.post(
        _url("answer_uncode", period.pk), {"answer": answers[0].pk, "code": queues.pk, "next": f"?code={queues.pk}"}
    )
    assert response["Location"] == _url("answers", period.pk) + f"?code={queues.pk}"
    assert not AnswerCoding.objects.exists()
    event = AuditEvent.objects.get(actor=developer, action=AuditEvent.Action.ANSWER_UNCODED)
    assert (event.object_id, event.detail) == (str(answers[0].pk), {"code": queues.pk})
    # Removing it again changes nothing and writes nothing.
    response = developer_client.post(_url("answer_uncode", period.pk), {"answer": answers[0].pk, "code": queues.pk})
    assert _messages(response)[-1] == "The answer did not have that code."
    assert AuditEvent.objects.filter(action=AuditEvent.Action.ANSWER_UNCODED).count() == 1


def test_it_refuses_to_remove_a_coding_through_another_period(developer_client, coded, sote):
    _period, answers, queues, _access = coded
    other_period = PeriodFactory(organisations=[sote])
    response = developer_client.post(
        _url("answer_uncode", other_period.pk), {"answer": answers[0].pk, "code": queues.pk}
    )
    assert response.status_code == 404
    assert AnswerCoding.objects.count() == 1


def test_it_shows_remove_buttons_with_the_code_named_for_screen_readers(developer_client, coded):
    period = coded[0]
    html = developer_client.get(_url("answers", period.pk)).content.decode()
    assert 'Remove<span class="visually-hidden">: Jonot</span>' in html
    assert '<label for="code-' in html and "Or choose another code" in html


# Filters ---------------------------------------------------------------------------------------


def test_it_filters_uncoded_suggested_and_by_code(developer_client, coded):
    period, answers, queues, access = coded
    ids = [a.pk for a in answers]
    url = _url("answers", period.pk)
    assert _row_ids(developer_client.get(url)) == ids
    assert _row_ids(developer_client.get(url, {"coding": "uncoded"})) == ids[1:]
    assert _row_ids(developer_client.get(url, {"coding": "suggested"})) == ids[1:3]
    assert _row_ids(developer_client.get(url, {"code": queues.pk})) == ids[:1]
    assert _row_ids(developer_client.get(url, {"code": access.pk})) == []
    page = developer_client.get(url, {"coding": "uncoded", "search": "Vanhempi"})
    assert _row_ids(page) == ids[6:]


def test_it_ignores_a_code_of_another_period_in_the_filter(developer_client, coded, sote):
    period, answers, _queues, _access = coded
    foreign = Code.objects.create(period=PeriodFactory(organisations=[sote]), name="Vieras")
    page = developer_client.get(_url("answers", period.pk), {"code": foreign.pk})
    assert page.context["form"].errors["code"]
    assert len(page.context["rows"]) == len(answers)


def test_it_keeps_the_k_rule_of_segments_with_coding_filters(developer_client, coded):
    period = coded[0]
    Report.objects.update_or_create(period=period, defaults={"answer_filter_variable": "age_group"})
    # 6 aged 35–44 and 2 aged 65–74: the small group is under k, the large one all but 2 of them.
    for value, coding in (("65-74", "uncoded"), ("35-44", "suggested")):
        page = developer_client.get(
            _url("answers", period.pk), {"variable": "age_group", "value": value, "coding": coding}
        )
        assert page.context["too_few"] and page.context["rows"] == []
        assert "Vanhempi" not in page.content.decode() and "Keski" not in page.content.decode()


def test_it_shows_code_counts(developer_client, coded):
    period = coded[0]
    page = developer_client.get(_url("answers", period.pk))
    assert [(c["name"], c["count"]) for c in page.context["code_counts"]] == [("Jonot", 1), ("Saavutettavuus", 0)]
    assert "Jonot: 1" in page.content.decode()


def test_it_keeps_the_filter_and_page_in_the_forms(developer_client, settings, survey):
    period, task, *_rest, text = survey
    for user in respondents(period, 25):
        answer(task, user, {text: "Vastaus"})
    code = Code.objects.create(period=period, name="Jonot")
    last = _open_answers(period)[-1]
    CodeSuggestion.objects.create(answer=last, code=code, confidence=0.9)
    page = developer_client.get(_url("answers", period.pk), {"coding": "uncoded", "page": 2})
    assert _row_ids(page)[-1] == last.pk
    assert 'name="next" value="?coding=uncoded&amp;page=2"' in page.content.decode()


# Query budget ----------------------------------------------------------------------------------


def _period_with_answers(sote, size: int):
    period = PeriodFactory(organisations=[sote])
    task = TaskFactory(period=period)
    text = QuestionFactory(task=task, kind=QuestionKind.TEXT)
    for user in respondents(period, size, age_group="35-44"):
        answer(task, user, {text: "Hyvä palvelu"})
    codes = [Code.objects.create(period=period, name=f"Koodi {i}") for i in range(3)]
    for i, open_answer in enumerate(_open_answers(period)):
        if i % 2:
            AnswerCoding.objects.create(answer=open_answer, code=codes[i % 3])
        else:
            CodeSuggestion.objects.create(answer=open_answer, code=codes[i % 3], confidence=0.7)
    return period


def test_it_renders_the_answers_page_in_a_fixed_number_of_queries(manager_client, sote, django_assert_max_num_queries):
    counts = []
    for size in (3, 30):
        period = _period_with_answers(sote, size)
        manager_client.get(_url("answers", period.pk))  # creates the report row
        with CaptureQueriesContext(connection) as queries:
            page = manager_client.get(_url("answers", period.pk), {"page": 2 if size == 30 else 1})
        counts.append(len(queries))
    assert len(page.context["rows"]) == 10
    assert counts[0] == counts[1]
    with django_assert_max_num_queries(16):
        manager_client.get(_url("answers", period.pk), {"coding": "suggested"})
