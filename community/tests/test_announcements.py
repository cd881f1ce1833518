"""Announcements: staff write and publish; members read; the public sees published public news only."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from audit.models import AuditEvent
from community.models import Announcement, Audience
from conftest import make_member, verified_client
from notifications.models import Delivery, Kind, Notification

from .factories import AnnouncementFactory

pytestmark = pytest.mark.django_db

STAFF_LIST = "/en/staff/community/announcements/"


def _data(**overrides) -> dict:
    return {"audience": "members", "title_fi": "Otsikko", "body_fi": "Teksti", **overrides}


def test_it_creates_an_announcement_as_a_draft(manager_client, manager):
    response = manager_client.post(f"{STAFF_LIST}new/", _data())
    assert response.status_code == 302
    announcement = Announcement.objects.get()
    assert announcement.published_at is None and announcement.created_by == manager


@pytest.mark.parametrize(
    ("data", "field"),
    [
        (_data(title_fi=""), "title_fi"),
        (_data(title_fi="   "), "title_fi"),
        (_data(body_fi=""), "body_fi"),
        (_data(audience="everyone"), "audience"),
        (_data(title_fi="x" * 201), "title_fi"),
    ],
)
def test_it_rejects_a_bad_announcement_and_saves_nothing(manager_client, data, field):
    response = manager_client.post(f"{STAFF_LIST}new/", data)
    assert response.status_code == 400
    assert field in response.context["form"].errors
    assert not Announcement.objects.exists()


def test_the_audience_of_a_published_announcement_cannot_change(manager_client):
    announcement = AnnouncementFactory()
    response = manager_client.post(f"{STAFF_LIST}{announcement.pk}/", _data(audience="public"))
    assert response.status_code == 400
    announcement.refresh_from_db()
    assert announcement.audience == Audience.MEMBERS


def test_publishing_notifies_every_member_exactly_once(
    manager_client, manager, member, other_member, django_capture_on_commit_callbacks
):
    announcement = AnnouncementFactory(published_at=None)
    with django_capture_on_commit_callbacks(execute=True):
        response = manager_client.post(f"{STAFF_LIST}{announcement.pk}/publish/")
    assert response.status_code == 302
    announcement.refresh_from_db()
    assert announcement.published_at is not None
    assert set(Delivery.objects.filter(kind=Kind.ANNOUNCEMENT).values_list("user_id", flat=True)) == {
        member.pk,
        other_member.pk,
    }
    assert Notification.objects.filter(user=member, kind=Kind.ANNOUNCEMENT).count() == 1
    assert len(mail.outbox) == 2
    assert AuditEvent.objects.filter(action=AuditEvent.Action.ANNOUNCEMENT_PUBLISHED, actor=manager).count() == 1
    # A second publish is refused, and nobody hears twice.
    manager_client.post(f"{STAFF_LIST}{announcement.pk}/publish/")
    assert Notification.objects.filter(user=member, kind=Kind.ANNOUNCEMENT).count() == 1
    assert AuditEvent.objects.filter(action=AuditEvent.Action.ANNOUNCEMENT_PUBLISHED).count() == 1


def test_public_news_notifies_nobody(manager_client, member):
    announcement = AnnouncementFactory(published_at=None, audience=Audience.PUBLIC)
    manager_client.post(f"{STAFF_LIST}{announcement.pk}/publish/")
    assert not Notification.objects.exists()


def test_publish_refuses_get(manager_client):
    announcement = AnnouncementFactory(published_at=None)
    assert manager_client.get(f"{STAFF_LIST}{announcement.pk}/publish/").status_code == 405
    announcement.refresh_from_db()
    assert announcement.published_at is None


@pytest.mark.parametrize("persona", ["member_client", "developer_client"])
def test_only_managers_write_announcements(request, persona):
    client = request.getfixturevalue(persona)
    announcement = AnnouncementFactory(published_at=None)
    assert client.get(STAFF_LIST).status_code == 403
    assert client.post(f"{STAFF_LIST}new/", _data()).status_code == 403
    assert client.post(f"{STAFF_LIST}{announcement.pk}/publish/").status_code == 403
    assert Announcement.objects.count() == 1 and Announcement.objects.get().published_at is None


def test_an_unknown_announcement_is_a_logged_404(manager_client):
    assert manager_client.get(f"{STAFF_LIST}999/").status_code == 404
    assert AuditEvent.objects.filter(action=AuditEvent.Action.ACCESS_DENIED).exists()


def test_only_published_public_news_is_public(client):
    public = AnnouncementFactory(audience=Audience.PUBLIC, title_en="Public news")
    draft = AnnouncementFactory(audience=Audience.PUBLIC, published_at=None, title_en="Draft news")
    members_only = AnnouncementFactory(title_en="Members only")
    future = AnnouncementFactory(
        audience=Audience.PUBLIC, published_at=timezone.now() + timedelta(days=1), title_en="Future news"
    )
    page = client.get("/en/news/").content.decode()
    assert "Public news" in page
    assert "Draft news" not in page and "Members only" not in page and "Future news" not in page
    assert client.get(f"/en/news/{public.pk}/").status_code == 200
    for hidden in (draft, members_only, future):
        assert client.get(f"/en/news/{hidden.pk}/").status_code == 404
    assert AuditEvent.objects.filter(action=AuditEvent.Action.ACCESS_DENIED).count() == 3


def test_news_markdown_is_sanitised(client):
    item = AnnouncementFactory(audience=Audience.PUBLIC, body_fi="<script>alert(1)</script> **bold**")
    page = client.get(f"/fi/news/{item.pk}/").content.decode()
    assert "<script>alert(1)" not in page and "<strong>bold</strong>" in page


def test_members_read_published_announcements_only(member_client):
    published = AnnouncementFactory(title_en="Hello members")
    draft = AnnouncementFactory(published_at=None, title_en="Secret draft")
    page = member_client.get("/en/community/announcements/").content.decode()
    assert "Hello members" in page and "Secret draft" not in page
    assert member_client.get(f"/en/community/announcements/{published.pk}/").status_code == 200
    assert member_client.get(f"/en/community/announcements/{draft.pk}/").status_code == 404


def test_member_announcements_need_a_login(client):
    announcement = AnnouncementFactory()
    response = client.get(f"/en/community/announcements/{announcement.pk}/")
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_the_member_home_shows_the_latest_announcements(member_client):
    AnnouncementFactory(title_en="Latest news for members")
    page = member_client.get("/en/me/").content.decode()
    assert "Latest news for members" in page


def test_the_staff_home_links_the_community_pages(manager_client, developer_client):
    page = manager_client.get("/en/staff/").content.decode()
    assert STAFF_LIST in page and "/en/staff/community/moderation/" in page
    page = developer_client.get("/en/staff/").content.decode()
    assert "/en/staff/community/suggestions/" in page and STAFF_LIST not in page


@pytest.mark.parametrize("rows", [1, 15])
def test_query_budgets_do_not_grow_with_rows(rows, client, manager_client, member, django_assert_max_num_queries):
    AnnouncementFactory.create_batch(rows, audience=Audience.PUBLIC)
    AnnouncementFactory.create_batch(rows, published_at=None)
    member_client = verified_client(member)
    with django_assert_max_num_queries(3):
        assert client.get("/en/news/").status_code == 200
    with django_assert_max_num_queries(12):
        assert member_client.get("/en/community/announcements/").status_code == 200
    with django_assert_max_num_queries(12):
        assert manager_client.get(STAFF_LIST).status_code == 200
    with django_assert_max_num_queries(12):
        assert manager_client.get(f"{STAFF_LIST}new/").status_code == 200


def test_a_member_outside_the_community_gets_no_notice(manager_client, member):
    leaver = make_member("left@example.fi", "Lähtijä")
    leaver.is_active = False
    leaver.save()
    announcement = AnnouncementFactory(published_at=None)
    manager_client.post(f"{STAFF_LIST}{announcement.pk}/publish/")
    assert not Notification.objects.filter(user=leaver).exists()
    assert Notification.objects.filter(user=member).count() == 1
