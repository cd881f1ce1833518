"""A requester's side: members see only their own requests, visitors use a signed link; notes stay internal."""

from datetime import timedelta

import pytest
import time_machine
from django.core import signing
from django.utils import timezone

from audit.models import AuditEvent
from support.models import Status, SupportMessage
from support.services import VISITOR_LINK_SALT, visitor_token

from .factories import member_request, note, reply, visitor_request

pytestmark = pytest.mark.django_db


def test_a_member_sees_their_requests_and_staff_replies_but_never_notes(member, member_client, manager):
    mine = member_request(member, subject="My question")
    reply(mine, manager, text="The public answer")
    note(mine, manager, text="SECRET internal note")
    listing = member_client.get("/en/support/mine/").content.decode()
    assert "My question" in listing
    page = member_client.get(f"/en/support/mine/{mine.pk}/").content.decode()
    assert "The public answer" in page and "SECRET" not in page
    assert "Maija" not in page  # staff's names are not needed on the requester's side


def test_a_member_does_not_see_another_members_request(member_client, other_member):
    theirs = member_request(other_member, subject="Their question")
    assert "Their question" not in member_client.get("/en/support/mine/").content.decode()
    assert member_client.get(f"/en/support/mine/{theirs.pk}/").status_code == 404
    assert member_client.post(f"/en/support/mine/{theirs.pk}/", {"text": "hijack"}).status_code == 404
    assert AuditEvent.objects.filter(action=AuditEvent.Action.ACCESS_DENIED).count() == 2
    assert not SupportMessage.objects.exists()


def test_a_member_replies_and_the_request_goes_back_to_staff(member, member_client, manager):
    mine = member_request(member, status=Status.ANSWERED)
    response = member_client.post(f"/en/support/mine/{mine.pk}/", {"text": "Thanks, one more thing"})
    assert response.status_code == 302
    mine.refresh_from_db()
    assert mine.status == Status.IN_PROGRESS
    message = SupportMessage.objects.get()
    assert message.from_requester and not message.internal and message.author == member


def test_an_empty_or_over_long_reply_is_rejected(member, member_client):
    mine = member_request(member)
    for text in ("", "x" * 5001):
        response = member_client.post(f"/en/support/mine/{mine.pk}/", {"text": text})
        assert response.status_code == 200 and response.context["form"].errors
    assert not SupportMessage.objects.exists()


def test_staff_and_visitors_cannot_open_the_members_pages(client, manager_client):
    assert client.get("/en/support/mine/").status_code == 302
    assert manager_client.get("/en/support/mine/").status_code == 403


def test_a_visitor_reads_the_reply_and_answers_through_the_signed_link(client, manager):
    request = visitor_request(status=Status.ANSWERED)
    reply(request, manager, text="Try this")
    note(request, manager, text="SECRET internal note")
    url = f"/en/support/reply/{visitor_token(request)}/"
    page = client.get(url)
    assert page.status_code == 200 and page["Cache-Control"].startswith("max-age=0")
    assert "Try this" in page.content.decode() and "SECRET" not in page.content.decode()
    assert client.post(url, {"text": "It worked"}).status_code == 302
    request.refresh_from_db()
    assert request.status == Status.IN_PROGRESS
    assert SupportMessage.objects.filter(from_requester=True, author=None, text="It worked").exists()


def test_a_tampered_expired_or_foreign_link_fails(client, member):
    request = visitor_request()
    token = visitor_token(request)
    tampered = token[:-2] + ("AA" if not token.endswith("AA") else "BB")
    other_pk = signing.dumps({"r": request.pk + 1, "e": request.email}, salt="another.salt")
    members = member_request(member)
    member_token = signing.dumps({"r": members.pk, "e": ""}, salt=VISITOR_LINK_SALT)
    for bad in (tampered, other_pk, member_token, "x" * 43):
        assert client.get(f"/en/support/reply/{bad}/").status_code == 404
        assert client.post(f"/en/support/reply/{bad}/", {"text": "x"}).status_code == 404
    with time_machine.travel(timezone.now() + timedelta(days=31)):
        assert client.get(f"/en/support/reply/{token}/").status_code == 404
    assert not SupportMessage.objects.exists()


def test_query_budgets_of_the_requester_pages(client, member, member_client, manager, django_assert_max_num_queries):
    requests = [member_request(member, subject=f"Q{n}") for n in range(30)]
    for n in range(10):
        reply(requests[0], manager, text=f"Reply {n}")
        note(requests[0], manager)
    with django_assert_max_num_queries(10):
        member_client.get("/en/support/mine/")
    with django_assert_max_num_queries(10):
        member_client.get(f"/en/support/mine/{requests[0].pk}/")
    visitor = visitor_request()
    for n in range(10):
        reply(visitor, manager, text=f"Reply {n}")
    with django_assert_max_num_queries(6):
        client.get(f"/en/support/reply/{visitor_token(visitor)}/")


def test_replies_through_the_link_are_throttled(client):
    url = f"/en/support/reply/{visitor_token(visitor_request())}/"
    statuses = [client.post(url, {"text": f"Reply {n}"}).status_code for n in range(22)]
    assert statuses.count(429) == 2
    assert SupportMessage.objects.count() == 20
