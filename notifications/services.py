"""Tell members something once: in the platform and, if they want it, by email.

`notify()` claims one `Delivery` row per (notification key, recipient) inside the caller's
transaction; the unique constraint makes a second claim impossible, so running the same
notification twice — from a retry, a second server or a re-run command — reaches nobody twice.
"""

import logging
from collections.abc import Callable, Iterable
from datetime import datetime, timedelta

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone, translation
from django_tasks import task

from core.emails import render_email

from .models import Delivery, DeliveryStatus, Kind, Notification, Preference

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 3
# A send still running after this long died with its process: it may or may not have gone out.
SENDING_TIMEOUT = timedelta(minutes=15)
UNSUBSCRIBE_SALT = "notifications.unsubscribe"


def preferences_of(user, kind: str) -> tuple[bool, bool]:
    """(email, in_app) for one member and kind; both on unless the member turned them off."""
    preference = Preference.objects.filter(user=user, kind=kind).first()
    return (preference.email, preference.in_app) if preference else (True, True)


def unsubscribe_token(user, kind: str) -> str:
    return signing.dumps({"u": user.pk, "k": kind}, salt=UNSUBSCRIBE_SALT)


def unsubscribe_url(user, kind: str) -> str:
    with translation.override(user.language):
        path = reverse("notifications:unsubscribe", args=[unsubscribe_token(user, kind)])
    return settings.SITE_URL.rstrip("/") + path


def notify(
    *,
    kind: str,
    key: str,
    recipients: Iterable,
    message: Callable[[object], str],
    url: str,
    email_template: str,
    email_context: Callable[[object], dict],
) -> int:
    """Notify each recipient once for `key`; return how many were newly notified.

    `message(user)` and `email_context(user)` are called with the recipient's language active.
    `url` is a path without the language prefix (e.g. "/periods/3/"); it is prefixed per member.
    """
    assert kind in Kind.values, kind
    recipients = [user for user in recipients if user.is_active]
    already = set(Delivery.objects.filter(key=key, user__in=recipients).values_list("user_id", flat=True))
    chosen = {p.user_id: p for p in Preference.objects.filter(kind=kind, user__in=recipients)}
    to_send: list[int] = []
    count = 0
    with transaction.atomic():
        for user in recipients:
            if user.pk in already:
                continue
            preference = chosen.get(user.pk)
            wants_email = preference.email if preference else True
            wants_in_app = preference.in_app if preference else True
            with translation.override(user.language):
                link = f"/{user.language}{url}"
                if wants_email:
                    context = {
                        **email_context(user),
                        "url": settings.SITE_URL.rstrip("/") + link,
                        "unsubscribe_url": unsubscribe_url(user, kind),
                        "kind_label": Kind(kind).label,
                    }
                    subject, text, html = render_email(email_template, context, user.language)
                else:
                    subject = text = html = ""
                try:
                    with transaction.atomic():
                        delivery = Delivery.objects.create(
                            key=key,
                            user=user,
                            kind=kind,
                            subject=subject,
                            text=text,
                            html=html,
                            status=DeliveryStatus.CLAIMED if wants_email else DeliveryStatus.IN_APP_ONLY,
                        )
                except IntegrityError:
                    continue  # claimed meanwhile by another process
                if wants_in_app:
                    Notification.objects.create(user=user, kind=kind, message=message(user)[:300], url=link)
            if wants_email:
                to_send.append(delivery.pk)
            count += 1
    for pk in to_send:
        transaction.on_commit(lambda pk=pk: delivery_send.enqueue(delivery_id=pk))
    return count


@task()
def delivery_send(*, delivery_id: int) -> None:
    """Send one claimed email; only the process that moves it to "sending" may send it."""
    now = timezone.now()
    taken = Delivery.objects.filter(
        pk=delivery_id, status__in=[DeliveryStatus.CLAIMED, DeliveryStatus.FAILED], attempts__lt=MAX_ATTEMPTS
    ).update(status=DeliveryStatus.SENDING, started_at=now, attempts=F("attempts") + 1)
    if not taken:
        return
    delivery = Delivery.objects.select_related("user").get(pk=delivery_id)
    if not delivery.user.is_active or not delivery.user.email:
        Delivery.objects.filter(pk=delivery_id).update(status=DeliveryStatus.GAVE_UP, last_error="inactive")
        return
    unsubscribe = unsubscribe_url(delivery.user, delivery.kind)
    message = EmailMultiAlternatives(
        subject=delivery.subject,
        body=delivery.text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[delivery.user.email],
        headers={"List-Unsubscribe": f"<{unsubscribe}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"},
    )
    message.attach_alternative(delivery.html, "text/html")
    try:
        message.send()
    except Exception as error:
        # The error class only: a message could quote the address or the email's text.
        logger.warning("Email delivery %s failed: %s", delivery_id, type(error).__name__)
        status = DeliveryStatus.FAILED if delivery.attempts < MAX_ATTEMPTS else DeliveryStatus.GAVE_UP
        Delivery.objects.filter(pk=delivery_id).update(status=status, last_error=type(error).__name__[:300])
        return
    Delivery.objects.filter(pk=delivery_id).update(status=DeliveryStatus.SENT, sent_at=timezone.now())


def deliveries_sweep(now: datetime) -> dict[str, int]:
    """Retry failed sends; mark sends that never finished as unknown, for staff to check."""
    unknown = Delivery.objects.filter(status=DeliveryStatus.SENDING, started_at__lt=now - SENDING_TIMEOUT).update(
        status=DeliveryStatus.UNKNOWN
    )
    retry = list(
        Delivery.objects.filter(status=DeliveryStatus.FAILED, attempts__lt=MAX_ATTEMPTS).values_list("pk", flat=True)
    )
    for pk in retry:
        delivery_send.enqueue(delivery_id=pk)
    return {"retried": len(retry), "unknown": unknown}
