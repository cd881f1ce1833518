"""The staff report pages: who may open them, what they show, delivery and coding."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from audit.models import AuditEvent
from periods.models import Answer, QuestionKind
from periods.tests.factories import PeriodFactory, QuestionFactory, TaskFactory, options
from reports.models import AnswerCoding, Code, Report, ReportStatus
from reports.tests.test_report_figures import answer, respondents


@pytest.fixture(autouse=True)
def _english():
    """Pages under /en/ (reverse() follows the active language), so English text can be asserted."""
    with translation.override("en"):
        yield


def _urls(period_id: int) -> dict[str, tuple[str, str]]:
    return {
        "detail": ("get", reverse("reports:detail", args=[period_id])),
        "answers": ("get", reverse("reports:answers", args=[period_id])),
        "csv": ("get", reverse("reports:export_csv", args=[period_id])),
        "xlsx": ("get", reverse("reports:export_xlsx", args=[period_id])),
        "edit": ("post", reverse("reports:edit", args=[period_id])),
        "finding": ("post", reverse("reports:finding_create", args=[period_id])),
        "code": ("post", reverse("reports:code_create", args=[period_id])),
        "deliver": ("post", reverse("reports:deliver", args=[period_id])),
        "pdf": ("get", reverse("reports:export_pdf", args=[period_id])),
        "build": ("get", reverse("reports:build", args=[period_id])),
        "rebuild": ("post", reverse("reports:build", args=[period_id])),
        "build_retry": ("post", reverse("reports:build_retry", args=[period_id])),
        "publish": ("post", reverse("reports:publish", args=[period_id])),
        "themes": ("get", reverse("reports:themes", args=[period_id])),
        "theme_edit": ("post", reverse("reports:theme_edit", args=[period_id])),
        "uncode": ("post", reverse("reports:answer_uncode", args=[period_id])),
        "accept": ("post", reverse("reports:suggestion_accept", args=[period_id])),
        "quote_add": ("post", reverse("reports:quote_add", args=[period_id])),
    }


ALL = [
    "build_retry",
    "detail",
    "answers",
    "csv",
    "xlsx",
    "pdf",
    "build",
    "themes",
    "edit",
    "finding",
    "code",
    "deliver",
    "rebuild",
    "publish",
    "theme_edit",
    "uncode",
    "accept",
    "quote_add",
]


@pytest.mark.parametrize("name", ALL)
def test_it_sends_anonymous_visitors_to_login(client, survey, name):
    method, url = _urls(survey[0].pk)[name]
    response = getattr(client, method)(url)
    assert response.status_code == 302 and "login" in response["Location"]


@pytest.mark.parametrize("name", ALL)
def test_it_refuses_members(member_client, survey, name):
    method, url = _urls(survey[0].pk)[name]
    assert getattr(member_client, method)(url).status_code == 403


@pytest.mark.parametrize("name", ALL)
def test_it_hides_the_report_from_the_other_organisation(outsider_client, outsider, survey, name):
    method, url = _urls(survey[0].pk)[name]
    assert getattr(outsider_client, method)(url, {"name": "x", "title": "x"}).status_code == 404
    assert AuditEvent.objects.filter(actor=outsider, action=AuditEvent.Action.ACCESS_DENIED).exists()
    assert not Report.objects.filter(period=survey[0], status=ReportStatus.DELIVERED).exists()


@pytest.mark.parametrize("name", ["detail", "answers", "csv", "xlsx", "pdf", "build", "themes"])
@pytest.mark.parametrize("persona", ["manager_client", "developer_client"])
def test_it_shows_the_report_to_managers_and_the_organisations_developers(request, survey, name, persona):
    client = request.getfixturevalue(persona)
    method, url = _urls(survey[0].pk)[name]
    assert getattr(client, method)(url).status_code == 200


def _reviewed(client, period_id: int) -> dict:
    """What the report page's delivery form posts: the build it showed."""
    return client.get(_urls(period_id)["detail"][1]).context["deliver_form"].initial


def test_it_lets_only_managers_deliver(developer_client, manager_client, manager, survey):
    url = _urls(survey[0].pk)["deliver"][1]
    reviewed = _reviewed(manager_client, survey[0].pk)
    assert developer_client.post(url, reviewed).status_code == 403
    assert manager_client.post(url, reviewed).status_code == 302
    report = Report.objects.get(period=survey[0])
    assert report.status == ReportStatus.DELIVERED and report.delivered_by == manager
    assert AuditEvent.objects.filter(actor=manager, action=AuditEvent.Action.REPORT_DELIVERED).exists()


def test_it_lets_developers_write_summary_and_findings(developer_client, survey):
    period = survey[0]
    developer_client.post(_urls(period.pk)["edit"][1], {"summary": "Yhteenveto", "recommendations": "Suositus"})
    developer_client.post(_urls(period.pk)["finding"][1], {"title": "Havainto 1", "text": "Perustelu"})
    report = Report.objects.get(period=period)
    assert report.summary == "Yhteenveto" and report.findings.get().title == "Havainto 1"


def test_it_writes_an_audit_record_for_every_view_of_answers(developer_client, developer, survey):
    developer_client.get(_urls(survey[0].pk)["detail"][1])
    developer_client.get(_urls(survey[0].pk)["answers"][1])
    assert AuditEvent.objects.filter(actor=developer, action=AuditEvent.Action.ANSWERS_VIEWED).count() == 2


def test_it_never_shows_a_group_of_three(manager_client, filled):
    period, _task, single, *_ = filled
    page = manager_client.get(_urls(period.pk)["detail"][1], {"question": single.pk, "variable": "age_group"})
    html = page.content.decode()
    assert "65–74" not in html and "35–44" not in html
    assert "groups hidden" in html or "too few" in html


def test_it_shows_a_delivered_report_from_its_snapshot(manager_client, filled):
    period, _task, single, *_ = filled
    manager_client.post(_urls(period.pk)["deliver"][1], _reviewed(manager_client, period.pk))
    Answer.objects.filter(question=single).update(value="a")
    page = manager_client.get(_urls(period.pk)["detail"][1])
    rows = next(q for q in page.context["figures"]["questions"] if q["id"] == single.pk)["rows"]
    assert [(r["count"], r["pct"]) for r in rows] == [(4, 50.0), (4, 50.0)]
    csv = manager_client.get(_urls(period.pk)["csv"][1]).content.decode()
    assert "Hyvä,4,50.0" in csv


def test_it_escapes_script_in_answers(manager_client, survey):
    period, task, single, _multiple, text = survey
    for user in respondents(period, 5):
        answer(task, user, {text: "<script>alert(1)</script>", single: "a"}, other={single: "<script>x</script>"})
    for name in ("detail", "answers"):
        html = manager_client.get(_urls(period.pk)[name][1]).content.decode()
        assert "<script>alert" not in html and "<script>x" not in html
    assert "&lt;script&gt;" in html


def test_it_hides_open_answers_of_a_small_segment(manager_client, filled):
    period, *_ = filled
    Report.objects.create(period=period, answer_filter_variable="age_group")
    page = manager_client.get(_urls(period.pk)["answers"][1], {"variable": "age_group", "value": "65-74"})
    assert page.context["too_few"] and "Vanhempi" not in page.content.decode()


def test_it_shows_answers_by_respondent_label_only(manager_client, filled):
    period, *_ = filled
    html = manager_client.get(_urls(period.pk)["answers"][1]).content.decode()
    assert re.search(r"Respondent \d+ ·", html)
    assert "Nimimerkki" not in html and not re.search(r"r\d+@example", html) and "Resident Person" not in html


def test_it_codes_an_answer(developer_client, developer, filled):
    period, *_ = filled
    developer_client.post(_urls(period.pk)["code"][1], {"name": "Saavutettavuus"})
    code = Code.objects.get(period=period)
    answer_id = Answer.objects.filter(question__task__period=period, question__kind="text").first().pk
    url = reverse("reports:answer_code", args=[period.pk])
    assert developer_client.post(url, {"answer": answer_id, "code": code.pk}).status_code == 302
    developer_client.post(url, {"answer": answer_id, "code": code.pk})
    assert AnswerCoding.objects.filter(code=code).count() == 1
    page = developer_client.get(_urls(period.pk)["detail"][1]).content.decode()
    assert "Saavutettavuus: 1" in page


def test_it_refuses_to_code_an_answer_of_another_period(developer_client, survey, filled, sote):
    other = PeriodFactory(organisations=[sote])
    code = Code.objects.create(period=other, name="Muu")
    answer_id = Answer.objects.filter(question__task__period=survey[0]).first().pk
    url = reverse("reports:answer_code", args=[other.pk])
    assert developer_client.post(url, {"answer": answer_id, "code": code.pk}).status_code == 404
    assert not AnswerCoding.objects.exists()


def test_it_refuses_get_on_actions(manager_client, survey):
    for name in ("edit", "finding", "code", "deliver", "publish", "theme_edit", "uncode", "accept", "quote_add"):
        assert manager_client.get(_urls(survey[0].pk)[name][1]).status_code == 405


def test_it_renders_the_report_page_in_the_same_number_of_queries_for_3_and_30(manager_client, sote):
    counts = []
    for size in (3, 30):
        period = PeriodFactory(organisations=[sote])
        task = TaskFactory(period=period)
        single = QuestionFactory(task=task, kind=QuestionKind.SINGLE, choices=options("A", "B"))
        text = QuestionFactory(task=task, kind=QuestionKind.TEXT)
        for user in respondents(period, size, age_group="35-44"):
            answer(task, user, {single: "a", text: "Hyvä"})
        for name in ("detail", "answers"):
            manager_client.get(_urls(period.pk)[name][1])  # the report row is created on the first visit
        with CaptureQueriesContext(connection) as queries:
            manager_client.get(_urls(period.pk)["detail"][1])
            manager_client.get(_urls(period.pk)["answers"][1])
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_it_shows_a_crosstab_of_groups_of_at_least_k(manager_client, settings, filled):
    settings.ANONYMITY_THRESHOLD = 2
    period, _task, single, *_ = filled
    page = manager_client.get(_urls(period.pk)["detail"][1], {"question": single.pk, "variable": "age_group"})
    table = page.context["crosstab"]
    assert [(c["label"], c["n"]) for c in table["columns"]] == [("35–44", 6), ("65–74", 2)]
    assert "35–44 (n = 6)" in page.content.decode()
