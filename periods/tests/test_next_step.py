"""The next step at the top of the member's home: continue with the tasks, all done, or what happens next."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from periods.models import Approval, Response
from periods.services.next_step import NextStepState, member_next_step
from periods.tests.factories import PeriodFactory, TaskFactory

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)  # 12.00 in Helsinki


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def _period(member, n=4, **kwargs):
    kwargs.setdefault("starts_at", NOW - timedelta(days=1))
    kwargs.setdefault("ends_at", datetime(2026, 11, 30, 21, 59, tzinfo=UTC))  # 23.59 in Helsinki
    period = PeriodFactory(members=[member], **kwargs)
    return period, [TaskFactory(period=period, order=i + 1) for i in range(n)]


def _finish(task, member):
    Response.objects.create(task=task, member=member, submitted_at=timezone.now())


def _card(client, language="fi") -> str:
    page = client.get(f"/{language}/me/").content.decode()
    start = page.index('<section class="next-step"')
    return page[start : page.index("</section>", start)]


def test_it_leads_to_the_first_unfinished_task_with_the_progress(member_client, member):
    period, tasks = _period(member)
    _finish(tasks[0], member)
    TaskFactory(
        period=period, approval=Approval.PROPOSED, order=0
    )  # not visible to members: neither counted nor led to
    card = _card(member_client)
    assert "Jatka tehtäviin – 1/4 tehty" in card
    assert f'href="/fi/periods/{period.pk}/tasks/{tasks[1].pk}/"' in card
    assert period.title_fi in card and "30.11.2026 23.59" in card


def test_it_skips_answers_only_drafted_and_other_members_answers(member_client, member, other_member):
    _unused, tasks = _period(member, n=2)
    Response.objects.create(task=tasks[0], member=member)  # a draft: not done
    _finish(tasks[0], other_member)
    card = _card(member_client)
    assert "Jatka tehtäviin – 0/2 tehty" in card and f"/tasks/{tasks[0].pk}/" in card


def test_it_picks_the_open_period_that_closes_first_among_those_with_work_left(member_client, member):
    _period(member, n=1, ends_at=NOW + timedelta(days=20))
    _done, done_tasks = _period(member, n=1, ends_at=NOW + timedelta(days=2))
    _finish(done_tasks[0], member)
    sooner, _ = _period(member, n=1, ends_at=NOW + timedelta(days=5))
    step = member_next_step(member=member, now=NOW)
    assert step.state == NextStepState.CONTINUE and step.period == sooner


def test_when_all_is_done_it_thanks_and_offers_to_edit_until_closing(member_client, member):
    period, tasks = _period(member, n=2)
    for task in tasks:
        _finish(task, member)
    card = _card(member_client)
    assert "Kaikki tehtävät tehty – kiitos!" in card
    assert "30.11.2026 23.59" in card and f'href="/fi/periods/{period.pk}/"' in card
    assert "Muokkaa vastauksiani" in card and "Jatka tehtäviin" not in card


def test_with_nothing_open_it_names_the_next_announced_period_and_its_opening(member_client, member, other_member):
    _period(member, starts_at=NOW - timedelta(days=20), ends_at=NOW - timedelta(days=10))  # closed
    PeriodFactory(members=[other_member], title_fi="Muiden jakso", starts_at=NOW + timedelta(days=1))
    PeriodFactory(members=[member], title_fi="Luonnos", published_at=None, starts_at=NOW + timedelta(days=2))
    _period(member, title_fi="Myöhempi", starts_at=NOW + timedelta(days=30), ends_at=NOW + timedelta(days=40))
    _period(
        member,
        title_fi="Kevään jakso",
        starts_at=datetime(2026, 12, 7, 7, 0, tzinfo=UTC),
        ends_at=NOW + timedelta(days=25),
    )
    card = _card(member_client)
    assert "Mitä seuraavaksi" in card and "Kevään jakso" in card and "7.12.2026 09.00" in card
    assert "Muiden jakso" not in card and "Luonnos" not in card and "Myöhempi" not in card


def test_with_nothing_announced_it_promises_an_email(member_client, member):
    card = _card(member_client)
    assert "Kerromme sinulle sähköpostilla, kun seuraava jakso alkaa." in card
    assert "/impact/" not in card  # no updates: no link


@pytest.mark.parametrize(
    ("language", "expected"),
    [("sv", "Fortsätt med uppgifterna – 1/2 klara"), ("en", "Continue with the tasks – 1/2 done")],
)
def test_it_speaks_swedish_and_english(member_client, member, language, expected):
    _unused, tasks = _period(member, n=2)
    _finish(tasks[0], member)
    assert expected in _card(member_client, language)


def test_it_costs_one_query_with_a_period_open_and_with_none(member):
    for state in (NextStepState.WAIT, NextStepState.CONTINUE):
        with CaptureQueriesContext(connection) as queries:
            assert member_next_step(member=member, now=NOW).state == state
        assert len(queries) == 1
        for _ in range(3):
            _period(member, n=3)
