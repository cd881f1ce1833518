"""A member's notifications, their settings, and the unsubscribe link of every email."""

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone, translation
from django.utils.html import escape

from audit.models import AuditEvent
from core import member_data
from notifications.models import MEMBER_KINDS, Delivery, Kind, Notification, Preference
from notifications.services import unsubscribe_token, unsubscribe_url

pytestmark = pytest.mark.django_db


def note(user, message="Uusi jakso", url="/fi/periods/1/", read=False, kind=Kind.PERIOD_OPEN):
    return Notification.objects.create(
        user=user, kind=kind, message=message, url=url, read_at=timezone.now() if read else None
    )


def test_it_lists_only_my_notifications_newest_first(member_client, member, other_member):
    older = note(member, "Vanha", read=True)
    newer = note(member, "Uusi <script>alert(1)</script>")
    note(other_member, "Toisen viesti")
    page = member_client.get("/fi/me/notifications/")
    assert list(page.context["page"]) == [newer, older]
    assert page.context["unread"] == 1
    html = page.content.decode()
    assert "Toisen viesti" not in html
    assert "<script>alert(1)</script>" not in html and "&lt;script&gt;" in html


def test_the_list_has_a_fixed_number_of_queries(member_client, member, django_assert_max_num_queries):
    for number in range(40):
        note(member, f"Viesti {number}")
    with django_assert_max_num_queries(12):
        page = member_client.get("/fi/me/notifications/")
    assert len(page.context["page"]) == 25
    assert member_client.get("/fi/me/notifications/?page=2").context["page"].number == 2


def test_opening_a_notification_marks_it_read_and_follows_it(member_client, member):
    notification = note(member)
    assert member_client.get(f"/fi/me/notifications/{notification.pk}/open/").status_code == 405
    response = member_client.post(f"/fi/me/notifications/{notification.pk}/open/")
    assert response.status_code == 302 and response["Location"] == "/fi/periods/1/"
    notification.refresh_from_db()
    assert notification.read_at is not None


def test_it_never_redirects_off_the_site(member_client, member):
    notification = note(member, url="https://evil.example/")
    response = member_client.post(f"/fi/me/notifications/{notification.pk}/open/")
    assert response["Location"] == "/fi/me/notifications/"


def test_another_members_notification_is_a_logged_404(member_client, other_member):
    theirs = note(other_member)
    assert member_client.post(f"/fi/me/notifications/{theirs.pk}/open/").status_code == 404
    theirs.refresh_from_db()
    assert theirs.read_at is None
    assert AuditEvent.objects.filter(action=AuditEvent.Action.ACCESS_DENIED).count() == 1


def test_mark_all_read_touches_only_my_notifications(member_client, member, other_member):
    note(member)
    note(member)
    theirs = note(other_member)
    assert member_client.get("/fi/me/notifications/read/").status_code == 405
    member_client.post("/fi/me/notifications/read/")
    assert not Notification.objects.filter(user=member).unread().exists()
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_staff_have_no_member_notification_pages(manager_client):
    assert manager_client.get("/fi/me/notifications/").status_code == 403


def test_the_settings_show_a_fieldset_per_kind_and_save_choices(member_client, member):
    page = member_client.get("/fi/me/notifications/settings/").content.decode()
    assert page.count("<fieldset") == len(MEMBER_KINDS)
    assert page.count('type="checkbox"') == 2 * len(MEMBER_KINDS)
    data = {f"{kind}_{channel}": "on" for kind in MEMBER_KINDS for channel in ("email", "in_app")}
    del data["reminder_email"]
    del data["reply_in_app"]
    response = member_client.post("/fi/me/notifications/settings/", data)
    assert response.status_code == 302
    stored = {(p.kind, p.email, p.in_app) for p in Preference.objects.filter(user=member)}
    assert stored == {("reminder", False, True), ("reply", True, False)}
    # Turning everything back on leaves no rows behind.
    member_client.post("/fi/me/notifications/settings/", {**data, "reminder_email": "on", "reply_in_app": "on"})
    assert not Preference.objects.filter(user=member).exists()


def test_turning_every_box_off_is_saved_too(member_client, member):
    member_client.post("/fi/me/notifications/settings/", {})
    assert Preference.objects.filter(user=member, email=False, in_app=False).count() == len(MEMBER_KINDS)


def test_the_settings_page_shows_what_is_stored(member_client, member):
    Preference.objects.create(user=member, kind=Kind.PROBE, email=False, in_app=True)
    form = member_client.get("/fi/me/notifications/settings/").context["form"]
    assert form["probe_email"].value() is False
    assert form["probe_in_app"].value() is True
    assert form["reply_email"].value() is True


def test_the_unsubscribe_page_changes_nothing_on_get(client, member):
    response = client.get(f"/fi/unsubscribe/{unsubscribe_token(member, Kind.REMINDER)}/")
    assert response.status_code == 200
    assert 'method="post"' in response.content.decode()
    assert not Preference.objects.exists()


def test_unsubscribing_turns_off_email_for_exactly_that_kind(member, other_member):
    Preference.objects.create(user=member, kind=Kind.REMINDER, email=True, in_app=False)
    client = Client(enforce_csrf_checks=True)
    token = unsubscribe_token(member, Kind.REMINDER)
    page = client.get(f"/fi/unsubscribe/{token}/")
    csrf = page.context["csrf_token"]
    response = client.post(f"/fi/unsubscribe/{token}/", {"csrfmiddlewaretoken": str(csrf)})
    assert response.status_code == 200 and response.context["done"]
    assert {(p.user_id, p.kind, p.email, p.in_app) for p in Preference.objects.all()} == {
        (member.pk, "reminder", False, False)
    }


def test_one_click_unsubscribe_works_without_a_csrf_token(member):
    client = Client(enforce_csrf_checks=True)
    url = unsubscribe_url(member, Kind.PERIOD_OPEN).removeprefix("http://testserver")
    response = client.post(url, "List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded")
    assert response.status_code == 200
    preference = Preference.objects.get()
    assert (preference.user, preference.kind, preference.email, preference.in_app) == (
        member,
        "period_open",
        False,
        True,
    )
    # Twice is as good as once.
    assert (
        client.post(url, "List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded").status_code
        == 200
    )
    assert Preference.objects.count() == 1


def test_the_unsubscribe_link_speaks_the_members_language(member):
    member.language = "sv"
    member.save()
    assert "/sv/unsubscribe/" in unsubscribe_url(member, Kind.REPLY)


@pytest.mark.parametrize(
    "token",
    [
        "x" * 43,
        "eyJ1IjoxLCJrIjoicmVtaW5kZXIifQ:forged",
        # A genuine signature over another purpose's salt.
        "{signed_elsewhere}",
        # A validly signed token naming an unknown kind.
        "{bad_kind}",
    ],
)
def test_a_forged_or_broken_token_is_refused_and_changes_nothing(client, member, token):
    from django.core import signing

    token = token.format(
        signed_elsewhere=signing.Signer(salt="recruitment.reserve-consent").sign_object({"u": member.pk, "k": "reply"}),
        bad_kind=signing.Signer(salt="notifications.unsubscribe").sign_object({"u": member.pk, "k": "everything"}),
    )
    with translation.override("fi"):
        refusal = translation.gettext(
            "This unsubscribe link is not valid: it may have been cut when it was copied. Nothing was changed."
        )
    for response in (
        client.get(f"/fi/unsubscribe/{token}/"),
        client.post(
            f"/fi/unsubscribe/{token}/", "List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded"
        ),
    ):
        assert response.status_code == 404
        assert escape(refusal) in response.content.decode()
    assert not Preference.objects.exists()


def test_an_erased_members_token_is_refused(client, member):
    token = unsubscribe_token(member, Kind.REPLY)
    member.erased_at = timezone.now()
    member.save()
    assert client.post(f"/fi/unsubscribe/{token}/").status_code == 404


def test_member_data_exports_and_erases_notifications(member, other_member):
    Preference.objects.create(user=member, kind=Kind.REPLY, email=False, in_app=True)
    note(member, "Vastaus viestiisi")
    note(other_member, "Toisen")
    Delivery.objects.create(key="reply:1", user=member, kind=Kind.REPLY, subject="Hei Meritähti")
    Delivery.objects.create(key="reply:1", user=other_member, kind=Kind.REPLY)
    section = next(s for s in member_data.sections() if s.key == "notifications")
    exported = section.export(member)
    assert exported["preferences"] == [{"kind": "reply", "email": False, "in_app": True}]
    assert [n["message"] for n in exported["notifications"]] == ["Vastaus viestiisi"]
    section.erase(member, contributions=False)
    assert not Notification.objects.filter(user=member).exists()
    assert not Delivery.objects.filter(user=member).exists()
    assert not Preference.objects.filter(user=member).exists()
    assert Notification.objects.filter(user=other_member).count() == 1
    assert Delivery.objects.filter(user=other_member).count() == 1
    assert mail.outbox == []


def test_the_settings_and_unsubscribe_pages_have_fixed_query_budgets(
    member_client, member, client, django_assert_max_num_queries
):
    Preference.objects.create(user=member, kind=Kind.PROBE, email=False, in_app=True)
    with django_assert_max_num_queries(10):
        assert member_client.get("/fi/me/notifications/settings/").status_code == 200
    with django_assert_max_num_queries(12):
        member_client.post("/fi/me/notifications/settings/", {"probe_in_app": "on"})
    with django_assert_max_num_queries(4):
        assert client.get(f"/fi/unsubscribe/{unsubscribe_token(member, Kind.REPLY)}/").status_code == 200


def test_the_app_registers_its_scheduled_sweep():
    from core import scheduled
    from notifications.services import deliveries_sweep

    assert scheduled._jobs["notifications"] is deliveries_sweep


def test_the_member_home_links_the_notifications_and_their_settings(member_client):
    page = member_client.get("/en/me/").content.decode()
    assert 'href="/en/me/notifications/"' in page and 'href="/en/me/notifications/settings/"' in page


def test_the_header_shows_a_member_how_many_notifications_are_unread(member_client, member, manager_client):
    page = member_client.get("/en/me/").content.decode()
    assert 'href="/en/me/notifications/"' in page and 'class="badge"' not in page
    for n in range(3):
        note(member, message=f"Uutinen {n}")
    page = member_client.get("/en/me/").content.decode()
    assert '<span class="badge">3<span class="visually-hidden"> unread</span></span>' in page
    member_client.post("/en/me/notifications/read/")
    assert 'class="badge"' not in member_client.get("/en/me/").content.decode()
    # Staff have no in-app notifications: no link, and no query for it.
    assert 'href="/en/me/notifications/"' not in manager_client.get("/en/staff/").content.decode()
