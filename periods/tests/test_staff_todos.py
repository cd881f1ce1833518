"""The staff home's to-do items from periods: proposals to approve, and the response rate of open periods."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import translation

from core.todos import Urgency
from periods.models import Approval, Response
from periods.tests.factories import PeriodFactory, TaskFactory
from periods.todos import open_periods_answered, proposals_waiting

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 12, 1, 10, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def _finnish_at_a_known_time():
    with translation.override("fi"), time_machine.travel(NOW, tick=False):
        yield


def period_of(organisation, members, *, closes_in: timedelta, title: str):
    return PeriodFactory(
        organisations=[organisation],
        members=members,
        title_fi=title,
        starts_at=NOW - timedelta(days=5),
        ends_at=NOW + closes_in,
    )


def sent(task, member, *, submitted: bool = True) -> Response:
    return Response.objects.create(task=task, member=member, submitted_at=NOW if submitted else None)


def test_it_counts_proposed_periods_and_tasks_for_a_manager(manager, developer, sote):
    PeriodFactory(organisations=[sote], approval=Approval.PROPOSED, published_at=None)
    approved = PeriodFactory(organisations=[sote])
    TaskFactory(period=approved, approval=Approval.PROPOSED)
    TaskFactory(period=approved, approval=Approval.PROPOSED)
    TaskFactory(period=approved, approval=Approval.RETURNED)
    TaskFactory(period=approved)

    [item] = proposals_waiting(manager)
    assert (item.label, item.count) == ("3 ehdotusta odottaa hyväksyntääsi", 3)
    assert item.url == reverse("periods:staff_approvals")
    assert proposals_waiting(developer) == []


def test_one_proposal_is_singular(manager, sote):
    PeriodFactory(organisations=[sote], approval=Approval.PROPOSED, published_at=None)
    assert proposals_waiting(manager)[0].label == "1 ehdotus odottaa hyväksyntääsi"


def test_it_gives_the_response_rate_of_each_open_period_closing_soonest_first(manager, sote, member, other_member):
    later = period_of(sote, [member, other_member], closes_in=timedelta(days=9), title="Palautepalvelu")
    soon = period_of(sote, [member, other_member], closes_in=timedelta(days=2), title="Kirjasto")
    first, second = TaskFactory(period=soon), TaskFactory(period=soon)
    sent(first, member)
    sent(second, member)  # two sent tasks are still one member who answered
    sent(first, other_member, submitted=False)  # a draft is not an answer
    period_of(sote, [member], closes_in=timedelta(days=-1), title="Suljettu")  # closed: not listed

    closing, rate = open_periods_answered(manager)
    assert closing.label == "”Kirjasto” sulkeutuu 3.12.2026: kutsutuista 1/2 on vastannut (50\xa0%)"
    assert (closing.count, closing.urgency) == (2, Urgency.URGENT)
    assert closing.url == reverse("periods:staff_period_live", args=[soon.pk])
    assert rate.label == "”Palautepalvelu”: kutsutuista 0/2 on vastannut (0\xa0%)"
    assert (rate.count, rate.urgency) == (2, Urgency.INFO)
    assert rate.url == reverse("periods:staff_period_live", args=[later.pk])


def test_a_developer_sees_only_their_own_organisations_open_periods(developer, outsider, sote, rescue, member):
    period_of(sote, [member], closes_in=timedelta(days=1), title="Sote")
    period_of(rescue, [member], closes_in=timedelta(days=1), title="Pelastus")

    assert [item.label.split("”")[1] for item in open_periods_answered(developer)] == ["Sote"]
    assert [item.label.split("”")[1] for item in open_periods_answered(outsider)] == ["Pelastus"]


def test_the_open_periods_cost_one_query_however_many(manager, sote, member, django_assert_num_queries):
    for number in range(4):
        period_of(sote, [member], closes_in=timedelta(days=number + 1), title=f"Jakso {number}")
    with django_assert_num_queries(1):
        assert len(open_periods_answered(manager)) == 4
