"""Each notification reaches each member once: claimed before sending, retried on failure, never repeated blind."""

import socket
import time
from datetime import timedelta
from email import message_from_bytes, policy
from unittest import mock

import pytest
from django.core import mail
from django.test import override_settings
from django.utils import timezone, translation

from notifications.models import Delivery, DeliveryStatus, Kind, Notification, Preference
from notifications.services import MAX_ATTEMPTS, deliveries_sweep, delivery_send, notify
from periods.tests.factories import PeriodFactory

pytestmark = pytest.mark.django_db


def send_open(recipients, key="period_open:1", title="Palautepalvelu"):
    return notify(
        kind=Kind.PERIOD_OPEN,
        key=key,
        recipients=recipients,
        message=lambda user: f"{title} avautui",
        url="/periods/1/",
        email_template="periods/email/period_open",
        email_context=lambda user: {
            "pseudonym": user.member.pseudonym,
            "period_title": title,
            "ends_at": timezone.now() + timedelta(days=9),
        },
    )


def test_it_sends_the_same_notification_only_once(member, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        assert send_open([member]) == 1
    with django_capture_on_commit_callbacks(execute=True):
        assert send_open([member]) == 0
    assert len(mail.outbox) == 1
    assert Delivery.objects.get().status == DeliveryStatus.SENT
    assert Notification.objects.filter(user=member).count() == 1


def test_it_refuses_an_unknown_kind_before_writing_anything(member):
    with pytest.raises(ValueError, match="unknown notification kind 'no_such_kind'"):
        notify(
            kind="no_such_kind",
            key="x:1",
            recipients=[member],
            message=str,
            url="/",
            email_template="periods/email/period_open",
            email_context=dict,
        )
    assert not Delivery.objects.exists()


def test_it_sends_nothing_before_the_transaction_commits(member, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        send_open([member])
    assert len(callbacks) == 1
    assert mail.outbox == []
    assert Delivery.objects.get().status == DeliveryStatus.CLAIMED


def test_it_skips_a_row_another_process_claimed_meanwhile(member, other_member, django_capture_on_commit_callbacks):
    claimed = Delivery.objects.create(key="period_open:1", user=other_member, kind=Kind.PERIOD_OPEN)
    real_filter = Delivery.objects.filter
    calls: list[int] = []

    def blind_first_look(*args, **kwargs):
        # The other process's claim is invisible to the first look-up, as if it happened in between.
        calls.append(1)
        return Delivery.objects.none() if len(calls) == 1 else real_filter(*args, **kwargs)

    with (
        mock.patch.object(Delivery.objects, "filter", side_effect=blind_first_look),
        django_capture_on_commit_callbacks(execute=True),
    ):
        count = send_open([member, other_member])
    assert count == 1
    assert [m.to for m in mail.outbox] == [[member.email]]
    claimed.refresh_from_db()
    assert claimed.status == DeliveryStatus.CLAIMED
    assert Notification.objects.filter(user=other_member).count() == 0


def test_it_skips_inactive_members(member, other_member, django_capture_on_commit_callbacks):
    other_member.is_active = False
    other_member.save()
    with django_capture_on_commit_callbacks(execute=True):
        assert send_open([member, other_member]) == 1
    assert [m.to for m in mail.outbox] == [[member.email]]


def test_it_marks_a_failed_send_for_retry_and_the_sweep_retries_it(member, django_capture_on_commit_callbacks):
    with (
        mock.patch("django.core.mail.EmailMultiAlternatives.send", side_effect=ConnectionRefusedError),
        django_capture_on_commit_callbacks(execute=True),
    ):
        send_open([member])
    delivery = Delivery.objects.get()
    assert (delivery.status, delivery.attempts, delivery.last_error) == (
        DeliveryStatus.FAILED,
        1,
        "ConnectionRefusedError",
    )
    assert mail.outbox == []
    assert deliveries_sweep(timezone.now()) == {"retried": 1, "unknown": 0}
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == (DeliveryStatus.SENT, 2)
    assert len(mail.outbox) == 1
    assert deliveries_sweep(timezone.now()) == {"retried": 0, "unknown": 0}
    assert len(mail.outbox) == 1


def test_it_gives_up_after_the_last_attempt(member, django_capture_on_commit_callbacks):
    with mock.patch("django.core.mail.EmailMultiAlternatives.send", side_effect=OSError("smtp down")):
        with django_capture_on_commit_callbacks(execute=True):
            send_open([member])
        for _ in range(MAX_ATTEMPTS + 2):
            deliveries_sweep(timezone.now())
    delivery = Delivery.objects.get()
    assert (delivery.status, delivery.attempts) == (DeliveryStatus.GAVE_UP, MAX_ATTEMPTS)
    # The error class only: its message could quote an address.
    assert delivery.last_error == "OSError"


def test_it_shows_a_send_that_died_half_way_to_staff_instead_of_repeating_it(
    member, manager_client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False):
        send_open([member])
    # The process marked the row "sending" and died before it could record the outcome.
    Delivery.objects.update(
        status=DeliveryStatus.SENDING, started_at=timezone.now() - timedelta(minutes=20), attempts=1
    )
    assert deliveries_sweep(timezone.now()) == {"retried": 0, "unknown": 1}
    delivery = Delivery.objects.get()
    assert delivery.status == DeliveryStatus.UNKNOWN
    delivery_send.call(delivery_id=delivery.pk)
    deliveries_sweep(timezone.now())
    assert mail.outbox == []
    page = manager_client.get("/fi/staff/notifications/")
    assert list(page.context["page"]) == [delivery]
    assert "Meritähti" in page.content.decode()
    assert member.email not in page.content.decode()


def test_the_sweep_queues_a_claim_that_was_never_queued(member, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        send_open([member])  # the process dies before its on-commit hook queues the send
    assert deliveries_sweep(timezone.now()) == {"retried": 0, "unknown": 0}
    assert deliveries_sweep(timezone.now() + timedelta(minutes=6)) == {"retried": 1, "unknown": 0}
    assert deliveries_sweep(timezone.now() + timedelta(minutes=7)) == {"retried": 0, "unknown": 0}
    assert len(mail.outbox) == 1
    assert Delivery.objects.get().status == DeliveryStatus.SENT


def test_it_leaves_a_send_in_progress_alone(member, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        send_open([member])
    Delivery.objects.update(status=DeliveryStatus.SENDING, started_at=timezone.now() - timedelta(minutes=2))
    assert deliveries_sweep(timezone.now()) == {"retried": 0, "unknown": 0}
    assert Delivery.objects.get().status == DeliveryStatus.SENDING


def test_it_notifies_in_the_platform_only_when_email_is_off(member, django_capture_on_commit_callbacks):
    Preference.objects.create(user=member, kind=Kind.PERIOD_OPEN, email=False, in_app=True)
    with django_capture_on_commit_callbacks(execute=True):
        assert send_open([member]) == 1
    assert mail.outbox == []
    assert Delivery.objects.get().status == DeliveryStatus.IN_APP_ONLY
    notification = Notification.objects.get(user=member)
    assert (notification.message, notification.url) == ("Palautepalvelu avautui", "/fi/periods/1/")


def test_it_emails_only_when_in_app_is_off(member, django_capture_on_commit_callbacks):
    Preference.objects.create(user=member, kind=Kind.PERIOD_OPEN, email=True, in_app=False)
    with django_capture_on_commit_callbacks(execute=True):
        send_open([member])
    assert len(mail.outbox) == 1
    assert not Notification.objects.exists()


def test_a_preference_for_one_kind_leaves_the_others_on(member, django_capture_on_commit_callbacks):
    Preference.objects.create(user=member, kind=Kind.REMINDER, email=False, in_app=False)
    with django_capture_on_commit_callbacks(execute=True):
        send_open([member])
    assert len(mail.outbox) == 1
    assert Notification.objects.count() == 1


def test_the_email_has_both_parts_and_the_unsubscribe_headers(member, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        send_open([member], title="<b>Palaute & kehitys</b>")
    email = mail.outbox[0]
    assert email.to == [member.email]
    html, mimetype = email.alternatives[0]
    assert mimetype == "text/html"
    unsubscribe = email.extra_headers["List-Unsubscribe"]
    assert unsubscribe.startswith("<http://testserver/fi/unsubscribe/") and unsubscribe.endswith("/>")
    assert email.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    for part in (email.body, html):
        assert "Meritähti" in part
        assert "Resident Person" not in part
        assert "http://testserver/fi/periods/1/" in part
        assert unsubscribe.strip("<>") in part
    # Plain text is not HTML-escaped; the HTML part escapes the staff-written title.
    assert "<b>Palaute & kehitys</b>" in email.body and "<b>Palaute" in email.subject
    assert "&lt;b&gt;Palaute &amp; kehitys&lt;/b&gt;" in html


@pytest.mark.parametrize("language", ["fi", "sv"])
def test_the_email_is_in_the_members_language(member, language, django_capture_on_commit_callbacks):
    from periods.services.notify import period_notifications_due

    member.language = language
    member.save()
    PeriodFactory(members=[member], title_fi="Palautepalvelu", title_sv="Responstjänsten")
    with django_capture_on_commit_callbacks(execute=True):
        period_notifications_due(timezone.now())
    email = mail.outbox[0]
    html = email.alternatives[0][0]
    with translation.override(language):
        do_not_reply = translation.gettext(
            "Please answer in the platform, not by email: replies to this email are not read."
        )
    title = "Palautepalvelu" if language == "fi" else "Responstjänsten"
    other = "Responstjänsten" if language == "fi" else "Palautepalvelu"
    assert f'lang="{language}"' in html
    for part in (email.subject, email.body, html):
        assert title in part and other not in part
    assert do_not_reply in email.body
    assert f"http://testserver/{language}/unsubscribe/" in email.extra_headers["List-Unsubscribe"]
    assert Notification.objects.get().url.startswith(f"/{language}/periods/")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_it_delivers_through_a_real_smtp_server(member, django_capture_on_commit_callbacks):
    from aiosmtpd.controller import Controller

    class Inbox:
        def __init__(self):
            self.received: list[bytes] = []

        async def handle_DATA(self, server, session, envelope):  # aiosmtpd calls the hook by this name
            self.received.append(envelope.content)
            return "250 Message accepted for delivery"

    inbox = Inbox()
    port = free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        with (
            override_settings(
                EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
                EMAIL_HOST="127.0.0.1",
                EMAIL_PORT=port,
                EMAIL_USE_TLS=False,
                EMAIL_HOST_USER="",
                EMAIL_HOST_PASSWORD="",
            ),
            django_capture_on_commit_callbacks(execute=True),
        ):
            send_open([member])
        for _ in range(50):
            if inbox.received:
                break
            time.sleep(0.05)
    finally:
        controller.stop()
    assert Delivery.objects.get().status == DeliveryStatus.SENT
    assert len(inbox.received) == 1
    message = message_from_bytes(inbox.received[0], policy=policy.default)
    assert message["To"] == member.email
    assert message["List-Unsubscribe"].strip().startswith("<http://testserver/fi/unsubscribe/")
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert message.get_content_type() == "multipart/alternative"
    parts = {part.get_content_type(): part.get_content() for part in message.iter_parts()}
    assert set(parts) == {"text/plain", "text/html"}
    assert "Meritähti" in parts["text/plain"] and "Meritähti" in parts["text/html"]
