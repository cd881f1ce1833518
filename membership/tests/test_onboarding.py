"""The new member's checklist on their home page: derived from data, hidden when done or dismissed."""

import pytest
from django.utils import timezone

from membership.models import OnboardingState
from notifications.models import Kind, Preference
from periods.models import Post

pytestmark = pytest.mark.django_db

HOME = "/en/me/"


def test_a_new_member_sees_the_checklist_and_the_membership_link(member_client, django_assert_max_num_queries):
    with django_assert_max_num_queries(40):
        page = member_client.get(HOME).content.decode()
    assert "Your first steps" in page
    assert "1 of 4 done." in page  # the pseudonym was chosen when joining
    assert 'href="/en/me/membership/"' in page
    assert 'href="/en/me/membership/leave/"' in page


def test_steps_are_done_from_data(member, member_client, answered_period):
    Preference.objects.create(user=member, kind=Kind.REMINDER, email=False)
    assert "3 of 4 done." in member_client.get(HOME).content.decode()
    Post.objects.create(task=answered_period.tasks.first(), author=member, text="Hei")
    assert "Your first steps" not in member_client.get(HOME).content.decode()


def test_the_member_can_say_the_notification_settings_are_fine(member, member_client):
    member_client.post("/en/me/membership/onboarding/notifications-checked/")
    assert OnboardingState.objects.get(member=member).notifications_checked_at is not None
    assert "2 of 4 done." in member_client.get(HOME).content.decode()


def test_the_member_can_hide_the_checklist(member, member_client):
    response = member_client.post("/en/me/membership/onboarding/hide/")
    assert response.status_code == 302
    assert OnboardingState.objects.get(member=member).dismissed_at <= timezone.now()
    assert "Your first steps" not in member_client.get(HOME).content.decode()


def test_hiding_refuses_get(member_client):
    assert member_client.get("/en/me/membership/onboarding/hide/").status_code == 405


def test_members_who_joined_long_ago_do_not_see_it(member, member_client):
    from datetime import timedelta

    from accounts.models import Member

    Member.objects.filter(user=member).update(joined_at=timezone.now() - timedelta(days=91))
    page = member_client.get(HOME).content.decode()
    assert "Your first steps" not in page
    assert 'href="/en/me/membership/"' in page
