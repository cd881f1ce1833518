"""Member pages of periods: my periods, a period, my answers, the home panel; access and query budgets."""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from audit.models import AuditEvent
from conftest import make_member, verified_client
from notifications.models import Notification
from periods.models import Answer, Approval, Participant, Post, Probe, Response, TaskKind
from periods.tests.factories import PeriodFactory, QuestionFactory, TaskFactory
from periods.views.member import member_home_panel

pytestmark = pytest.mark.django_db


def period_with_tasks(members, n=2, **kwargs):
    period = PeriodFactory(members=members, **kwargs)
    tasks = [TaskFactory(period=period) for _ in range(n)]
    return period, tasks


def finish(task, member):
    return Response.objects.create(task=task, member=member, submitted_at=timezone.now())


def test_it_lists_open_and_closed_periods_with_progress(member_client, member):
    period, tasks = period_with_tasks([member], n=3)
    finish(tasks[0], member)
    closed = PeriodFactory(
        members=[member], starts_at=timezone.now() - timedelta(days=20), ends_at=timezone.now() - timedelta(days=10)
    )
    page = member_client.get("/fi/periods/").content.decode()
    assert period.title_fi in page and closed.title_fi in page
    assert "1/3" in page


def test_it_hides_periods_the_member_is_not_invited_to_and_drafts_and_scheduled(member_client, member, other_member):
    PeriodFactory(members=[other_member], title_fi="Muiden jakso")
    PeriodFactory(members=[member], title_fi="Luonnosjakso", published_at=None)
    PeriodFactory(members=[member], title_fi="Tuleva", starts_at=timezone.now() + timedelta(days=2))
    page = member_client.get("/fi/periods/").content.decode()
    assert "Muiden jakso" not in page and "Luonnosjakso" not in page and "Tuleva" not in page


def test_the_period_page_shows_markdown_and_tasks_in_order_with_done(member_client, member):
    period, tasks = period_with_tasks([member], n=2)
    TaskFactory(period=period, title_fi="Odottaa hyväksyntää", approval=Approval.PROPOSED)
    finish(tasks[1], member)
    page = member_client.get(f"/fi/periods/{period.pk}/").content.decode()
    assert "<strong>kokemuksistasi</strong>" in page
    assert page.index(tasks[0].title_fi) < page.index(tasks[1].title_fi)
    assert "Odottaa hyväksyntää" not in page
    assert page.count('class="done"') == 1


@pytest.mark.parametrize(
    "kwargs",
    [
        {"published_at": None},
        {"starts_at": timezone.now() + timedelta(days=1), "ends_at": timezone.now() + timedelta(days=10)},
        {"approval": Approval.PROPOSED},
    ],
)
def test_it_gives_a_logged_404_for_unpublished_scheduled_or_unapproved_periods(member_client, member, kwargs):
    period, tasks = period_with_tasks([member], n=1, **kwargs)
    assert member_client.get(f"/fi/periods/{period.pk}/").status_code == 404
    assert member_client.get(f"/fi/periods/{period.pk}/tasks/{tasks[0].pk}/").status_code == 404
    assert AuditEvent.objects.filter(action="access_denied").count() == 2


def test_a_non_participant_gets_404_for_the_period_and_its_tasks(member_client, other_member):
    period, tasks = period_with_tasks([other_member], n=1)
    assert member_client.get(f"/fi/periods/{period.pk}/").status_code == 404
    assert member_client.get(f"/fi/periods/{period.pk}/tasks/{tasks[0].pk}/").status_code == 404
    assert member_client.post(f"/fi/periods/{period.pk}/tasks/{tasks[0].pk}/", {"q1": "x"}).status_code == 404
    assert not Response.objects.exists()


def test_an_unapproved_task_is_404(member_client, member):
    period = PeriodFactory(members=[member])
    task = TaskFactory(period=period, approval=Approval.PROPOSED)
    assert member_client.get(f"/fi/periods/{period.pk}/tasks/{task.pk}/").status_code == 404


def test_staff_and_anonymous_visitors_do_not_get_member_pages(manager_client, member):
    period, _tasks = period_with_tasks([member], n=1)
    assert manager_client.get("/fi/periods/").status_code == 403
    assert Client().get(f"/fi/periods/{period.pk}/").status_code == 302


def test_my_answers_shows_own_answers_across_periods_only(member_client, member, other_member):
    for who, text in ((member, "Oma vastaus"), (other_member, "Toisen vastaus")):
        period = PeriodFactory(members=[member, other_member])
        question = QuestionFactory(task=TaskFactory(period=period))
        response = finish(question.task, who)
        Answer.objects.create(response=response, question=question, value=text)
    page = member_client.get("/fi/periods/answers/").content.decode()
    assert "Oma vastaus" in page and "Toisen vastaus" not in page


def test_my_answers_is_paginated(member_client, member):
    period = PeriodFactory(members=[member])
    for _ in range(12):
        finish(TaskFactory(period=period), member)
    first = member_client.get("/fi/periods/answers/").content.decode()
    second = member_client.get("/fi/periods/answers/?page=2").content.decode()
    assert first.count('class="my-answer"') == 10 and second.count('class="my-answer"') == 2


def test_the_home_panel_shows_progress_unread_notifications_and_probes(rf, member, other_member):
    _period, tasks = period_with_tasks([member], n=2)
    finish(tasks[0], member)
    Notification.objects.create(user=member, kind="reply", message="Vastaus")
    Notification.objects.create(user=member, kind="reply", message="Luettu", read_at=timezone.now())
    Probe.objects.create(member=member, task=tasks[0], question="Kerrotko lisää?")
    Probe.objects.create(member=member, task=tasks[0], question="Vastattu", replied_at=timezone.now())
    Probe.objects.create(member=other_member, task=tasks[0], question="Toiselle")
    request = rf.get("/")
    request.user = member
    panel = member_home_panel(request)
    assert [(p.done_count, p.task_count) for p in panel["periods"]] == [(1, 2)]
    assert panel["unread"] == 1
    assert [p.question for p in panel["probes"]] == ["Kerrotko lisää?"]


def test_the_home_panel_renders_on_the_member_home(member_client, member):
    from core.navigation import register_member_panel

    register_member_panel(template="periods/_member_home_panel.html", context=member_home_panel, order=10)
    period, tasks = period_with_tasks([member], n=1)
    Probe.objects.create(member=member, task=tasks[0], question="<script>alert(1)</script>")
    page = member_client.get("/fi/me/").content.decode()
    assert period.title_fi in page and f"/fi/periods/{period.pk}/tasks/{tasks[0].pk}/#probe-" in page
    assert "<script>alert(1)" not in page and "&lt;script&gt;" in page


def _grow(member, period, n):
    others = [make_member(f"m{n}-{i}@example.fi", f"Jasen{n}x{i}") for i in range(n)]
    Participant.objects.bulk_create([Participant(period=period, member=m) for m in others])
    for i in range(n):
        task = TaskFactory(period=period, kind=TaskKind.SURVEY)
        questions = [QuestionFactory(task=task) for _ in range(3)]
        for who in [member, *others[:3]]:
            response = finish(task, who)
            for q in questions:
                Answer.objects.create(response=response, question=q, value=f"teksti {i}")
        Post.objects.create(task=task, author=member, text="viesti")


def _counts(member, n) -> list[int]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    period = PeriodFactory(members=[member])
    _grow(member, period, n)
    client = verified_client(member)
    counts = []
    for url in ("/fi/periods/", f"/fi/periods/{period.pk}/", "/fi/periods/answers/"):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        counts.append(len(queries))
    return counts


@pytest.mark.parametrize("n", [2, 12])
def test_member_pages_keep_a_fixed_query_budget(member, django_assert_max_num_queries, n):
    period = PeriodFactory(members=[member])
    _grow(member, period, n)
    client = verified_client(member)
    for url, budget in (
        ("/fi/periods/", 4),
        (f"/fi/periods/{period.pk}/", 5),
        ("/fi/periods/answers/", 9),
    ):
        with django_assert_max_num_queries(budget):
            assert client.get(url).status_code == 200


def test_the_query_count_does_not_grow_with_tasks_answers_and_members(member):
    assert _counts(member, 2) == _counts(member, 12)


def test_the_task_attachment_downloads_only_to_participants(member_client, member, other_member, settings, tmp_path):
    from django.core.files.base import ContentFile

    settings.MEDIA_ROOT = tmp_path
    period, tasks = period_with_tasks([member], n=1)
    task = tasks[0]
    task.attachment.save("ohje.pdf", ContentFile(b"%PDF-1.4 ohje"), save=False)
    task.attachment_name = "Ohje <b>.pdf"
    task.save()
    address = f"/fi/periods/{period.pk}/tasks/{task.pk}/attachment/"
    assert address in member_client.get(f"/fi/periods/{period.pk}/tasks/{task.pk}/").content.decode()
    response = member_client.get(address)
    assert response.status_code == 200 and response["Content-Disposition"].startswith("attachment;")
    assert verified_client(other_member).get(address).status_code == 404
    assert Client().get(address).status_code == 302


def test_opening_an_answer_page_renews_the_session(member_client, member):
    _period, tasks = period_with_tasks([member], n=1)
    response = member_client.get(f"/fi/periods/{tasks[0].period_id}/tasks/{tasks[0].pk}/")
    assert "sessionid" in response.cookies


@pytest.mark.parametrize("n", [2, 12])
def test_the_home_panel_has_a_fixed_query_budget(rf, member, django_assert_max_num_queries, n):
    for _ in range(n):
        _period, tasks = period_with_tasks([member], n=2)
        finish(tasks[0], member)
        Probe.objects.create(member=member, task=tasks[1], question="Miksi?")
        Notification.objects.create(user=member, kind="reply", message="Uutta")
    request = rf.get("/")
    request.user = member
    with django_assert_max_num_queries(3):
        panel = member_home_panel(request)
    assert len(panel["periods"]) == n and len(panel["probes"]) == n and panel["unread"] == n
