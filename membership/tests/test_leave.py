"""Leaving: password confirmed, feedback kept apart from the member, account closed, sessions ended."""

import pytest
from django.db import models
from django.test import Client

from accounts.models import Consent, Member, User
from audit.models import AuditEvent
from conftest import PASSWORD
from membership.models import ExitFeedback, ExitReason, MembershipTerm

pytestmark = pytest.mark.django_db

URL = "/en/me/membership/leave/"


def test_the_page_asks_for_the_password(member_client, django_assert_max_num_queries):
    with django_assert_max_num_queries(8):
        page = member_client.get(URL).content.decode()
    assert 'type="password"' in page
    assert "Why are you leaving?" in page


def test_a_wrong_password_changes_nothing(member, member_client):
    response = member_client.post(URL, {"reason": ExitReason.MOVED, "text": "Muutin", "password": "wrong"})
    assert response.status_code == 200
    assert "The password is wrong. Nothing was changed." in response.content.decode()
    member.refresh_from_db()
    assert member.is_active
    assert member.member.left_at is None
    assert not ExitFeedback.objects.exists()
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.MEMBER_LEFT).exists()
    assert member_client.get("/fi/me/").status_code == 200


def test_leaving_closes_the_account_and_keeps_the_feedback_unlinked(member, member_client):
    other_session = Client()
    other_session.force_login(member)
    response = member_client.post(
        URL, {"reason": ExitReason.TOO_LITTLE_TIME, "text": "Ei aikaa nyt.", "password": PASSWORD}, follow=True
    )
    assert "You have left the community" in response.content.decode()
    member.refresh_from_db()
    assert not member.is_active
    assert member.member.left_at is not None
    assert member.erased_at is None  # identity goes later, with the retention job
    assert not Consent.objects.filter(user=member, withdrawn_at__isnull=True).exists()
    feedback = ExitFeedback.objects.get()
    assert (feedback.reason, feedback.text) == (ExitReason.TOO_LITTLE_TIME, "Ei aikaa nyt.")
    assert feedback.created_on.day == 1  # the month only: the day would match the audit record's
    # No field of the feedback can point to a user, and none holds a time of day.
    for field in ExitFeedback._meta.get_fields():
        assert not field.is_relation, field.name
        assert not isinstance(field, models.DateTimeField), field.name
    event = AuditEvent.objects.get(action=AuditEvent.Action.MEMBER_LEFT)
    assert event.subject_user_id == member.pk
    assert "Ei aikaa" not in str(event.detail) and ExitReason.TOO_LITTLE_TIME not in str(event.detail)
    # Both sessions are over and the password no longer logs in.
    assert member_client.get("/fi/me/").status_code == 302
    assert other_session.get("/fi/me/").status_code == 302
    login = Client()
    assert login.post("/fi/login/", {"username": member.email, "password": PASSWORD}).status_code == 200
    assert login.get("/fi/me/").status_code == 302


def test_leaving_without_feedback_stores_none(member, member_client):
    member_client.post(URL, {"password": PASSWORD})
    assert not ExitFeedback.objects.exists()
    assert Member.objects.get(user=member).left_at is not None


def test_leaving_can_erase_at_once(member, member_client):
    MembershipTerm.objects.create(member=member, starts_on="2026-01-01", ends_on="2027-12-31")
    member_client.post(URL, {"password": PASSWORD, "erase_now": "on"})
    member.refresh_from_db()
    assert member.erased_at is not None
    assert member.full_name == ""
    assert Member.objects.get(user=member).pseudonym is None
    assert not MembershipTerm.objects.filter(member=member).exists()
    assert AuditEvent.objects.filter(action=AuditEvent.Action.MEMBER_ERASED, subject_user_id=member.pk).exists()


def test_the_free_text_is_limited(member, member_client):
    response = member_client.post(URL, {"text": "x" * 2001, "password": PASSWORD})
    assert response.status_code == 200
    assert User.objects.get(pk=member.pk).is_active


def test_staff_cannot_leave_through_the_member_page(developer_client):
    assert developer_client.get(URL).status_code == 403
