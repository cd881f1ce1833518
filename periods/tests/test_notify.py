"""Periods tell their members when they open, before they close and when they have closed; once each."""

from datetime import datetime, timedelta

import pytest
import time_machine
from django.core import mail

from conftest import make_member
from notifications.models import Delivery, DeliveryStatus, Kind, Notification, Preference
from periods.models import HELSINKI, Approval, Participant, Post, Response
from periods.services.notify import period_notifications_due
from periods.tests.factories import PeriodFactory, TaskFactory

pytestmark = pytest.mark.django_db

OPENS = datetime(2026, 9, 1, 9, 0, tzinfo=HELSINKI)
CLOSES = datetime(2026, 9, 10, 23, 59, tzinfo=HELSINKI)


@pytest.fixture
def period(member, other_member):
    return PeriodFactory(
        members=[member, other_member],
        starts_at=OPENS,
        ends_at=CLOSES,
        published_at=OPENS - timedelta(days=3),
        reminder_days=2,
        title_fi="Palautepalvelu",
        title_sv="Responstjänsten",
    )


def run(now, capture):
    with time_machine.travel(now, tick=False), capture(execute=True):
        return period_notifications_due(now)


def keys() -> set[tuple[str, int]]:
    return set(Delivery.objects.values_list("key", "user_id"))


def finish(member, task):
    Response.objects.create(task=task, member=member, submitted_at=OPENS + timedelta(days=1))


def test_nothing_is_sent_before_the_period_opens(period, django_capture_on_commit_callbacks):
    assert run(OPENS - timedelta(minutes=1), django_capture_on_commit_callbacks) == {
        "period_open": 0,
        "reminder": 0,
        "period_closed": 0,
    }
    assert mail.outbox == []


def test_the_opening_goes_to_every_participant_once(period, member, other_member, django_capture_on_commit_callbacks):
    stranger = make_member("stranger@example.fi", "Vieras")
    assert run(OPENS + timedelta(minutes=5), django_capture_on_commit_callbacks)["period_open"] == 2
    assert run(OPENS + timedelta(minutes=10), django_capture_on_commit_callbacks)["period_open"] == 0
    assert sorted(m.to[0] for m in mail.outbox) == sorted([member.email, other_member.email])
    assert keys() == {(f"period_open:{period.pk}", member.pk), (f"period_open:{period.pk}", other_member.pk)}
    assert not Notification.objects.filter(user=stranger).exists()
    notification = Notification.objects.get(user=member)
    assert "Palautepalvelu" in notification.message
    assert notification.url == f"/fi/periods/{period.pk}/"
    assert "Palautepalvelu" in mail.outbox[0].subject


def test_a_member_invited_later_still_hears_of_the_opening(period, django_capture_on_commit_callbacks):
    run(OPENS + timedelta(minutes=5), django_capture_on_commit_callbacks)
    late = make_member("late@example.fi", "Myöhäinen")
    Participant.objects.create(period=period, member=late)
    assert run(OPENS + timedelta(hours=5), django_capture_on_commit_callbacks)["period_open"] == 1
    assert mail.outbox[-1].to == [late.email]


@pytest.mark.parametrize("change", [{"published_at": None}, {"approval": Approval.PROPOSED}])
def test_unpublished_or_unapproved_periods_send_nothing(period, change, django_capture_on_commit_callbacks):
    for field, value in change.items():
        setattr(period, field, value)
    period.save()
    run(OPENS + timedelta(days=9), django_capture_on_commit_callbacks)
    run(CLOSES + timedelta(hours=1), django_capture_on_commit_callbacks)
    assert mail.outbox == [] and not Delivery.objects.exists()


def test_the_reminder_goes_only_to_those_who_have_not_finished(
    period, member, other_member, django_capture_on_commit_callbacks
):
    first, second = TaskFactory(period=period), TaskFactory(period=period)
    TaskFactory(period=period, approval=Approval.PROPOSED)  # not shown to members: not counted
    finish(member, first)
    finish(member, second)
    finish(other_member, first)
    Response.objects.create(task=second, member=other_member)  # started, not finished
    run(OPENS + timedelta(minutes=5), django_capture_on_commit_callbacks)
    assert run(CLOSES - timedelta(days=2, minutes=1), django_capture_on_commit_callbacks)["reminder"] == 0
    mail.outbox.clear()
    assert run(CLOSES - timedelta(days=1), django_capture_on_commit_callbacks)["reminder"] == 1
    assert run(CLOSES - timedelta(hours=2), django_capture_on_commit_callbacks)["reminder"] == 0
    assert [m.to for m in mail.outbox] == [[other_member.email]]
    assert Notification.objects.filter(kind=Kind.REMINDER).get().user == other_member


def test_no_reminder_when_the_period_asks_for_none(period, django_capture_on_commit_callbacks):
    TaskFactory(period=period)
    period.reminder_days = 0
    period.save()
    assert run(CLOSES - timedelta(hours=1), django_capture_on_commit_callbacks)["reminder"] == 0


def test_the_thanks_go_to_those_who_took_part_once(period, member, other_member, django_capture_on_commit_callbacks):
    discussion = TaskFactory(period=period, kind="discussion")
    Post.objects.create(task=discussion, author=member, text="Hyvä idea")
    run(CLOSES - timedelta(hours=1), django_capture_on_commit_callbacks)
    mail.outbox.clear()
    assert run(CLOSES + timedelta(minutes=5), django_capture_on_commit_callbacks) == {
        "period_open": 0,
        "reminder": 0,
        "period_closed": 1,
    }
    assert run(CLOSES + timedelta(days=1), django_capture_on_commit_callbacks)["period_closed"] == 0
    assert [m.to for m in mail.outbox] == [[member.email]]


def test_no_thanks_weeks_after_closing(period, member, django_capture_on_commit_callbacks):
    finish(member, TaskFactory(period=period))
    assert run(CLOSES + timedelta(days=15), django_capture_on_commit_callbacks)["period_closed"] == 0
    assert mail.outbox == []


def test_the_members_choices_are_respected(period, member, other_member, django_capture_on_commit_callbacks):
    Preference.objects.create(user=member, kind=Kind.PERIOD_OPEN, email=False, in_app=True)
    Preference.objects.create(user=other_member, kind=Kind.PERIOD_OPEN, email=True, in_app=False)
    run(OPENS + timedelta(minutes=5), django_capture_on_commit_callbacks)
    assert [m.to for m in mail.outbox] == [[other_member.email]]
    assert list(Notification.objects.values_list("user_id", flat=True)) == [member.pk]
    assert Delivery.objects.get(user=member).status == DeliveryStatus.IN_APP_ONLY


def test_each_member_reads_the_period_in_their_own_language(
    period, member, other_member, django_capture_on_commit_callbacks
):
    other_member.language = "sv"
    other_member.save()
    run(OPENS + timedelta(minutes=5), django_capture_on_commit_callbacks)
    by_address = {m.to[0]: m for m in mail.outbox}
    assert "Palautepalvelu" in by_address[member.email].subject
    assert "Responstjänsten" in by_address[other_member.email].subject
    assert "Responstjänsten" in Notification.objects.get(user=other_member).message
    assert Notification.objects.get(user=other_member).url == f"/sv/periods/{period.pk}/"


@pytest.mark.parametrize("size", [5, 50])
def test_the_queries_do_not_grow_with_the_members(
    size, django_capture_on_commit_callbacks, django_assert_max_num_queries
):
    people = [make_member(f"p{size}-{n}@example.fi", f"Osallistuja{n:02d}") for n in range(size)]
    period = PeriodFactory(members=people, starts_at=OPENS, ends_at=CLOSES, published_at=OPENS)
    task = TaskFactory(period=period)
    for person in people[: size // 2]:
        finish(person, task)
    # The sending itself is background work; the job that decides who is told has a fixed budget.
    with time_machine.travel(CLOSES - timedelta(hours=1), tick=False), django_assert_max_num_queries(20):
        counts = period_notifications_due(CLOSES - timedelta(hours=1))
    assert counts == {"period_open": size, "reminder": size - size // 2, "period_closed": 0}
    with time_machine.travel(CLOSES + timedelta(hours=1), tick=False), django_assert_max_num_queries(14):
        counts = period_notifications_due(CLOSES + timedelta(hours=1))
    assert counts == {"period_open": 0, "reminder": 0, "period_closed": size // 2}
