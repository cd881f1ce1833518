"""A term is renewed by the member in its last 60 days, once; too early nothing changes."""

from datetime import date, datetime, timedelta

import pytest
import time_machine
from django.utils import translation

from accounts.models import Member
from audit.models import AuditEvent
from membership.models import MembershipTerm
from membership.services import MembershipError, add_months, term_current, term_renew

from .conftest import TODAY, term_of

pytestmark = pytest.mark.django_db


def at(day: date):
    return time_machine.travel(datetime(day.year, day.month, day.day, 12, 0).astimezone(), tick=False)


def test_add_months_keeps_the_day_or_takes_the_last():
    assert add_months(date(2026, 1, 31), 1) == date(2026, 2, 28)
    assert add_months(date(2026, 11, 15), 3) == date(2027, 2, 15)
    assert add_months(date(2026, 3, 15), -24) == date(2024, 3, 15)


def test_it_creates_the_first_term_from_the_joining_day(member):
    Member.objects.filter(user=member).update(joined_at=datetime(2026, 3, 1, 12, 0).astimezone())
    member.refresh_from_db()
    term = term_current(member, today=TODAY)
    assert (term.starts_on, term.ends_on) == (date(2026, 3, 1), date(2028, 2, 29))
    assert term_current(member, today=TODAY) == term
    assert MembershipTerm.objects.count() == 1


def test_a_member_who_joined_long_ago_gets_the_term_containing_today(member):
    Member.objects.filter(user=member).update(joined_at=datetime(2021, 9, 10, 12, 0).astimezone())
    member.refresh_from_db()
    term = term_current(member, today=TODAY)
    assert (term.starts_on, term.ends_on) == (date(2025, 9, 10), date(2027, 9, 9))


def test_it_refuses_to_renew_too_early_and_changes_nothing(member, member_client):
    term = term_of(member, TODAY + timedelta(days=61))
    with at(TODAY):
        with pytest.raises(MembershipError):
            term_renew(user=member)
        response = member_client.post("/en/me/membership/renew/", follow=True)
    assert "You can renew your membership from" in response.content.decode()
    term.refresh_from_db()
    assert term.renewed_at is None
    assert MembershipTerm.objects.count() == 1
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.MEMBERSHIP_RENEWED).exists()


def test_it_renews_in_the_window_from_the_old_end(member, member_client):
    term = term_of(member, TODAY + timedelta(days=60))
    with at(TODAY):
        response = member_client.post("/en/me/membership/renew/", follow=True)
    assert "Your membership now continues until" in response.content.decode()
    term.refresh_from_db()
    assert term.renewed_at is not None
    new = MembershipTerm.objects.exclude(pk=term.pk).get()
    assert new.starts_on == term.ends_on + timedelta(days=1)
    assert new.ends_on == add_months(new.starts_on, 24) - timedelta(days=1)
    event = AuditEvent.objects.get(action=AuditEvent.Action.MEMBERSHIP_RENEWED)
    assert event.subject_user_id == member.pk
    assert event.actor_id == member.pk


def test_it_renews_only_once(member):
    term_of(member, TODAY + timedelta(days=10))
    with at(TODAY):
        term_renew(user=member)
        with pytest.raises(MembershipError), translation.override("en"):
            term_renew(user=member)
    assert MembershipTerm.objects.count() == 2
    assert AuditEvent.objects.filter(action=AuditEvent.Action.MEMBERSHIP_RENEWED).count() == 1


def test_a_lapsed_term_is_renewed_from_today(member):
    term_of(member, TODAY - timedelta(days=100))
    with at(TODAY):
        new = term_renew(user=member)
    assert new.starts_on == TODAY


def test_renewing_refuses_get(member_client):
    assert member_client.get("/fi/me/membership/renew/").status_code == 405


def test_the_page_shows_the_term_and_the_button_only_in_the_window(
    member, member_client, answered_period, django_assert_max_num_queries
):
    term = term_of(member, TODAY + timedelta(days=90))
    with at(TODAY), django_assert_max_num_queries(12):
        page = member_client.get("/en/me/membership/").content.decode()
    assert "Renew my membership" not in page
    assert "Feedback service" in page
    assert "You have answered 2 tasks." in page
    assert 'href="/en/me/membership/leave/"' in page
    with at(term.ends_on - timedelta(days=59)):
        page = member_client.get("/en/me/membership/").content.decode()
    assert "Renew my membership" in page


@pytest.mark.parametrize("who", ["developer_client", "manager_client"])
def test_staff_have_no_membership_page(who, request):
    assert request.getfixturevalue(who).get("/fi/me/membership/").status_code == 403


def test_an_anonymous_visitor_is_sent_to_log_in(client):
    assert client.get("/fi/me/membership/").status_code == 302
    assert client.get("/fi/me/membership/certificate.pdf").status_code == 302
