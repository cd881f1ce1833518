"""Duplicating a period (with tasks and questions) and a task into another period."""

from datetime import datetime

import pytest

from audit.models import AuditEvent
from periods.models import HELSINKI, Approval, Period, Question, Statement, Task
from periods.tests.factories import PeriodFactory, QuestionFactory, TaskFactory, options

pytestmark = pytest.mark.django_db


@pytest.fixture
def source(sote, member):
    period = PeriodFactory(
        organisations=[sote],
        title_fi="Kevät",
        audience="segment",
        segment={"municipality": ["Kotka"]},
        starts_at=datetime(2026, 3, 2, 9, 0, tzinfo=HELSINKI),
        ends_at=datetime(2026, 3, 11, 23, 59, tzinfo=HELSINKI),
        members=[member],
    )
    survey = TaskFactory(period=period, order=1)
    first = QuestionFactory(task=survey, kind="single", choices=options("Kyllä", "Ei"), order=1)
    QuestionFactory(task=survey, kind="text", order=2, show_if_question=first, show_if_value="a")
    statements = TaskFactory(period=period, order=2, kind="statements")
    Statement.objects.create(task=statements, text_fi="Henkilökunnan väite")
    Statement.objects.create(task=statements, text_fi="Jäsenen väite", author=member, status="approved")
    return period


def test_a_period_is_copied_as_a_draft_moved_to_the_new_start_day(manager_client, manager, source):
    response = manager_client.post(f"/fi/staff/periods/{source.pk}/duplicate/", {"start_day": "2026-10-05"})
    assert response.status_code == 302
    copy = Period.objects.exclude(pk=source.pk).get()
    assert (copy.copied_from, copy.created_by, copy.published_at) == (source, manager, None)
    assert copy.starts_at == datetime(2026, 10, 5, 9, 0, tzinfo=HELSINKI)  # across the change of daylight saving
    assert copy.ends_at == datetime(2026, 10, 14, 23, 59, tzinfo=HELSINKI)
    assert copy.segment == {"municipality": ["Kotka"]} and copy.title_fi == "Kevät"
    assert list(copy.organisations.all()) == list(source.organisations.all())
    assert copy.participants.count() == 0
    tasks = list(copy.tasks.order_by("order"))
    assert [t.kind for t in tasks] == ["survey", "statements"]
    questions = list(tasks[0].questions.order_by("order"))
    assert questions[1].show_if_question == questions[0] and questions[1].show_if_value == "a"
    assert questions[0].choices == options("Kyllä", "Ei")
    assert [s.text_fi for s in tasks[1].statements.all()] == ["Henkilökunnan väite"]
    assert AuditEvent.objects.get(action="period_created").detail["copied_from"] == source.pk


def test_the_start_day_is_required(manager_client, source):
    response = manager_client.post(f"/fi/staff/periods/{source.pk}/duplicate/", {"start_day": "tomorrow"})
    assert "start_day" in response.context["form"].errors
    assert Period.objects.count() == 1


def test_a_developers_copy_is_a_proposal_of_their_organisation(developer_client, source):
    developer_client.post(f"/fi/staff/periods/{source.pk}/duplicate/", {"start_day": "2026-10-05"})
    copy = Period.objects.exclude(pk=source.pk).get()
    assert copy.approval == Approval.PROPOSED
    assert set(copy.tasks.values_list("approval", flat=True)) == {Approval.PROPOSED}


def test_a_task_is_copied_into_another_period(manager_client, source, sote):
    target = PeriodFactory(organisations=[sote])
    TaskFactory(period=target, order=7)
    survey = source.tasks.get(kind="survey")
    url = f"/fi/staff/periods/{source.pk}/tasks/{survey.pk}/duplicate/"
    assert manager_client.get(url).status_code == 200
    manager_client.post(url, {"period": target.pk})
    copy = target.tasks.get(kind="survey", order=8)
    assert copy.questions.count() == 2
    response = manager_client.post(url, {"period": source.pk})
    assert "period" in response.context["form"].errors  # the source period has closed
    assert Question.objects.count() == 4
    manager_client.post(f"/fi/staff/periods/{target.pk}/tasks/{copy.pk}/duplicate/", {"period": target.pk})
    assert list(target.tasks.order_by("order").values_list("order", flat=True)) == [7, 8, 9]
    assert Question.objects.count() == 6


def test_a_developer_cannot_copy_a_task_into_another_organisations_period(developer_client, source, rescue):
    target = PeriodFactory(organisations=[rescue])
    survey = source.tasks.get(kind="survey")
    response = developer_client.post(
        f"/fi/staff/periods/{source.pk}/tasks/{survey.pk}/duplicate/", {"period": target.pk}
    )
    assert "period" in response.context["form"].errors
    assert not Task.objects.filter(period=target).exists()


def test_the_duplicate_pages_have_a_fixed_query_budget(manager_client, source, sote, django_assert_max_num_queries):
    PeriodFactory.create_batch(20, organisations=[sote])
    survey = source.tasks.get(kind="survey")
    with django_assert_max_num_queries(8):
        assert manager_client.get(f"/fi/staff/periods/{source.pk}/duplicate/").status_code == 200
    with django_assert_max_num_queries(8):
        assert manager_client.get(f"/fi/staff/periods/{source.pk}/tasks/{survey.pk}/duplicate/").status_code == 200
