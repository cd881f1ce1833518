"""A member's requests in their export, erasure, the retention job, the home panel and the demo data."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from accounts.models import Role
from accounts.services import member_data_export, member_erase
from conftest import make_member, make_staff
from core import retention
from support.demo import seed_support
from support.models import HelpPage, Status, SupportMessage, SupportRequest

from .factories import member_request, note, reply, visitor_request

pytestmark = pytest.mark.django_db


def test_the_export_has_the_members_requests_and_replies_but_no_notes(member, other_member, manager):
    mine = member_request(member, subject="Mine")
    reply(mine, manager, text="Public reply")
    note(mine, manager, text="SECRET")
    member_request(other_member, subject="Theirs")
    data = member_data_export(user=member)
    section = data["support"]
    assert [r["subject"] for r in section["requests"]] == ["Mine"]
    assert section["requests"][0]["conversation"] == [
        {"written": mine.messages.get(internal=False).created_at.isoformat(), "by": "support", "text": "Public reply"}
    ]
    assert "SECRET" not in str(data)


@pytest.mark.parametrize("contributions", [True, False])
def test_erasure_deletes_the_members_requests(member, other_member, manager, contributions):
    mine = member_request(member)
    reply(mine, manager)
    member_request(other_member)
    visitor_request()
    member_erase(user=member, contributions=contributions)
    assert not SupportRequest.objects.filter(user=member).exists()
    assert not SupportMessage.objects.exists()
    assert SupportRequest.objects.count() == 2


def test_retention_deletes_requests_closed_over_two_years_ago(member):
    now = timezone.now()
    old = visitor_request(status=Status.CLOSED, closed_at=now - timedelta(days=731))
    recent = visitor_request(status=Status.CLOSED, closed_at=now - timedelta(days=700))
    open_old = member_request(member, status=Status.ANSWERED)
    result = retention.run_all(now)
    assert result["support"] == {"closed_support_requests": 1}
    assert not SupportRequest.objects.filter(pk=old.pk).exists()
    assert SupportRequest.objects.filter(pk__in=[recent.pk, open_old.pk]).count() == 2


def test_the_home_panel_tells_of_a_waiting_reply(member, member_client):
    member_request(member, status=Status.ANSWERED)
    with translation.override("en"):
        page = member_client.get(reverse("accounts:home")).content.decode()
        assert "1 support request has a reply waiting" in page
        assert reverse("support:my_requests") in page


def test_staff_home_links_the_inbox_for_managers_only(manager_client, developer_client):
    assert reverse("support:inbox") in manager_client.get(reverse("accounts:staff_home")).content.decode()
    assert reverse("support:inbox") not in developer_client.get(reverse("accounts:staff_home")).content.decode()


def test_the_demo_is_idempotent(db, django_capture_on_commit_callbacks):
    make_member("jasen01@example.fi", "Demojäsen")
    make_staff("yhteisomanageri@example.fi", Role.MANAGER, None)
    with django_capture_on_commit_callbacks(execute=True):
        seed_support()
        seed_support()
    assert HelpPage.objects.filter(published=True).count() == 3
    assert SupportRequest.objects.filter(user__isnull=True, status=Status.NEW).count() == 1
    answered = SupportRequest.objects.get(user__email="jasen01@example.fi")
    assert answered.status == Status.ANSWERED
    assert answered.messages.filter(internal=True).count() == 1
    assert answered.messages.filter(internal=False).count() == 1
