"""30 days before a term ends the member is told once, by email and in the platform, in their language."""

from datetime import datetime, timedelta

import pytest
import time_machine
from django.core import mail

from accounts.models import User
from core import scheduled
from membership.models import MembershipTerm
from membership.services import membership_reminders
from notifications.models import Delivery, Kind, Notification

from .conftest import TODAY, term_of

pytestmark = pytest.mark.django_db

NOW = datetime(TODAY.year, TODAY.month, TODAY.day, 9, 0).astimezone()


def run(capture, now=NOW):
    with time_machine.travel(now, tick=False), capture(execute=True):
        return membership_reminders(now)


def test_it_is_registered_as_a_scheduled_job():
    assert "membership_reminders" in scheduled._jobs


def test_it_reminds_once_and_only_terms_ending_within_30_days(member, other_member, django_capture_on_commit_callbacks):
    due = term_of(member, TODAY + timedelta(days=30))
    later = term_of(other_member, TODAY + timedelta(days=31))
    assert run(django_capture_on_commit_callbacks)["reminders_sent"] == 1
    assert run(django_capture_on_commit_callbacks)["reminders_sent"] == 0
    assert run(django_capture_on_commit_callbacks, NOW + timedelta(hours=1))["reminders_sent"] == 0
    assert [m.to for m in mail.outbox] == [[member.email]]
    assert Delivery.objects.filter(kind=Kind.MEMBERSHIP_TERM).count() == 1
    assert Notification.objects.filter(user=member, kind=Kind.MEMBERSHIP_TERM).count() == 1
    due.refresh_from_db()
    later.refresh_from_db()
    assert due.reminder_sent_at is not None
    assert later.reminder_sent_at is None


def test_the_email_has_text_and_html_in_the_members_language_with_the_pseudonym(
    member, django_capture_on_commit_callbacks
):
    User.objects.filter(pk=member.pk).update(language="en")
    term_of(member, TODAY + timedelta(days=20))
    run(django_capture_on_commit_callbacks)
    email = mail.outbox[0]
    assert "Meritähti" in email.body
    assert "renew" in email.subject.lower()
    assert "/en/me/membership/" in email.body
    html, mimetype = email.alternatives[0]
    assert mimetype == "text/html"
    assert "Meritähti" in html
    assert "Resident Person" not in email.body + html


def test_renewed_ended_and_left_members_are_not_reminded(member, other_member, django_capture_on_commit_callbacks):
    renewed = term_of(member, TODAY + timedelta(days=10))
    MembershipTerm.objects.filter(pk=renewed.pk).update(renewed_at=NOW)
    term_of(other_member, TODAY - timedelta(days=1))
    assert run(django_capture_on_commit_callbacks)["reminders_sent"] == 0


def test_it_creates_missing_terms_of_active_members(member, other_member, django_capture_on_commit_callbacks):
    assert run(django_capture_on_commit_callbacks)["terms_created"] == 2
    assert run(django_capture_on_commit_callbacks)["terms_created"] == 0
    assert MembershipTerm.objects.count() == 2
