"""The staff inbox: community managers only; every view of a requester's identity, reply and status change is logged."""

import pytest
from django.core import mail
from django.test import Client

from audit.models import AuditEvent
from notifications.models import Delivery, Kind, Notification
from support.models import Category, Status, SupportMessage

from .factories import member_request, note, reply, visitor_request

pytestmark = pytest.mark.django_db


@pytest.fixture
def visitor_req(db):
    return visitor_request(name="Vieras Ville", email="ville@example.fi")


def staff_paths(pk: int) -> list[str]:
    return ["/en/staff/support/", f"/en/staff/support/{pk}/"]


def post_paths(pk: int) -> list[str]:
    return [f"/en/staff/support/{pk}/reply/", f"/en/staff/support/{pk}/note/", f"/en/staff/support/{pk}/status/"]


def test_only_community_managers_reach_the_inbox(client, developer_client, outsider_client, member_client, visitor_req):
    for path in staff_paths(visitor_req.pk):
        assert client.get(path).status_code == 302
        assert developer_client.get(path).status_code == 403
        assert outsider_client.get(path).status_code == 403
        assert member_client.get(path).status_code == 403
    for path in post_paths(visitor_req.pk):
        for someone in (developer_client, member_client):
            assert someone.post(path, {"text": "x", "status": "closed"}).status_code == 403
    visitor_req.refresh_from_db()
    assert visitor_req.status == Status.NEW and not SupportMessage.objects.exists()


def test_actions_refuse_get(manager_client, visitor_req):
    for path in post_paths(visitor_req.pk):
        assert manager_client.get(path).status_code == 405


def test_the_inbox_filters_by_status_and_category(manager_client, member):
    visitor_request(subject="Login trouble")
    member_request(member, subject="Usage question", status=Status.ANSWERED, category=Category.ACCESSIBILITY)
    everything = manager_client.get("/en/staff/support/").content.decode()
    assert "Login trouble" in everything and "Usage question" in everything
    answered = manager_client.get("/en/staff/support/?status=answered").content.decode()
    assert "Login trouble" not in answered and "Usage question" in answered
    accessibility = manager_client.get("/en/staff/support/?category=accessibility").content.decode()
    assert "Login trouble" not in accessibility and "Usage question" in accessibility
    # The list shows no identities: it is not a logged read.
    assert "visitor@example.fi" not in everything
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.SUPPORT_REQUEST_VIEWED).exists()


def test_opening_a_request_shows_the_requester_and_is_logged(manager_client, manager, member, visitor_req):
    page = manager_client.get(f"/en/staff/support/{visitor_req.pk}/").content.decode()
    assert "ville@example.fi" in page
    theirs = member_request(member)
    page = manager_client.get(f"/en/staff/support/{theirs.pk}/").content.decode()
    assert "Meritähti" in page and "member@example.fi" in page
    events = AuditEvent.objects.filter(action=AuditEvent.Action.SUPPORT_REQUEST_VIEWED, actor=manager)
    assert events.count() == 2 and events.filter(subject_user_id=member.pk).exists()


def test_an_unknown_request_is_a_logged_404(manager_client):
    assert manager_client.get("/en/staff/support/999/").status_code == 404
    assert AuditEvent.objects.filter(action=AuditEvent.Action.ACCESS_DENIED).exists()


def test_replying_to_a_visitor_emails_a_signed_link(manager_client, visitor_req, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = manager_client.post(f"/en/staff/support/{visitor_req.pk}/reply/", {"text": "Try resetting"})
    assert response.status_code == 302
    visitor_req.refresh_from_db()
    assert visitor_req.status == Status.ANSWERED
    assert AuditEvent.objects.filter(action=AuditEvent.Action.SUPPORT_REPLIED).count() == 1
    (email,) = mail.outbox
    assert email.to == ["ville@example.fi"]
    assert email.body and email.alternatives[0][1] == "text/html"
    assert "Try resetting" not in email.body  # the reply itself is read behind the link
    link = next(word for word in email.body.split() if "/support/reply/" in word)
    assert link.startswith("http://testserver/fi/support/reply/")
    page = Client().get(link.removeprefix("http://testserver"))
    assert page.status_code == 200 and "Try resetting" in page.content.decode()


def test_replying_to_a_member_notifies_them_once(manager_client, member, django_capture_on_commit_callbacks):
    theirs = member_request(member)
    with django_capture_on_commit_callbacks(execute=True):
        manager_client.post(f"/en/staff/support/{theirs.pk}/reply/", {"text": "Here you go"})
    delivery = Delivery.objects.get(user=member, kind=Kind.SUPPORT_REPLY)
    assert delivery.subject and delivery.text and delivery.html
    assert Notification.objects.filter(user=member, url=f"/fi/support/mine/{theirs.pk}/").count() == 1
    (email,) = mail.outbox
    assert email.to == ["member@example.fi"] and email.alternatives[0][1] == "text/html"


def test_an_internal_note_is_saved_without_telling_anyone(manager_client, member, django_capture_on_commit_callbacks):
    theirs = member_request(member)
    with django_capture_on_commit_callbacks(execute=True):
        manager_client.post(f"/en/staff/support/{theirs.pk}/note/", {"text": "Checked the account"})
    assert SupportMessage.objects.get().internal
    theirs.refresh_from_db()
    assert theirs.status == Status.NEW and not mail.outbox and not Notification.objects.exists()


def test_changing_the_status_is_logged(manager_client, visitor_req):
    manager_client.post(f"/en/staff/support/{visitor_req.pk}/status/", {"status": Status.CLOSED})
    visitor_req.refresh_from_db()
    assert visitor_req.status == Status.CLOSED and visitor_req.closed_at is not None
    event = AuditEvent.objects.get(action=AuditEvent.Action.SUPPORT_STATUS_CHANGED)
    assert event.detail == {"from": "new", "to": "closed"}


@pytest.mark.parametrize(
    ("path", "data"),
    [("reply", {"text": ""}), ("reply", {"text": "x" * 5001}), ("note", {"text": ""}), ("status", {"status": "gone"})],
)
def test_bad_staff_input_changes_nothing(manager_client, visitor_req, path, data):
    response = manager_client.post(f"/en/staff/support/{visitor_req.pk}/{path}/", data)
    assert response.status_code == 400
    assert b"Please check the form" in response.content
    visitor_req.refresh_from_db()
    assert visitor_req.status == Status.NEW and not SupportMessage.objects.exists() and not mail.outbox
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.SUPPORT_REPLIED).exists()


def test_query_budgets_of_the_inbox(manager_client, manager, member, django_assert_max_num_queries):
    for n in range(30):
        visitor_request(subject=f"V{n}")
    theirs = member_request(member)
    for _n in range(10):
        reply(theirs, manager)
        note(theirs, manager)
    with django_assert_max_num_queries(10):
        manager_client.get("/en/staff/support/?status=new")
    with django_assert_max_num_queries(12):
        manager_client.get(f"/en/staff/support/{theirs.pk}/")


def test_scripts_in_a_request_show_escaped_in_the_inbox_and_the_request(manager_client):
    payload = '<script>alert(1)</script><img src=x onerror="alert(2)">'
    request = visitor_request(name=payload, subject=payload, message=payload)
    for path in staff_paths(request.pk):
        page = manager_client.get(path).content.decode()
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page, path
        assert "<script>alert" not in page and "<img src=x" not in page, path
