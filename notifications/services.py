"""Tell members something once: in the platform and, if they want it, by email.

`notify()` claims one `Delivery` row per (notification key, recipient) inside the caller's
transaction; the unique constraint makes a second claim impossible, so running the same
notification twice — from a retry, a second server or a re-run command — reaches nobody twice.
"""

import logging
import uuid
from collections.abc import Callable, Iterable
from datetime import datetime, timedelta
from functools import partial
from typing import TYPE_CHECKING

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import signing
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_tasks import task

from audit.models import AuditEvent
from audit.services import audit_record
from core.emails import render_email
from core.locks import lock_retried

from .models import Delivery, DeliveryStatus, Kind, Notification, Preference

if TYPE_CHECKING:
    # A typing-only alias that django-stubs reads as settings.AUTH_USER_MODEL: no import of `accounts`.
    from django.contrib.auth.models import _User

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 3
# A send still running after this long died with its process: it may or may not have gone out.
SENDING_TIMEOUT = timedelta(minutes=15)
# A claim still waiting this long was never queued for sending.
UNQUEUED_AFTER = timedelta(minutes=5)
UNSUBSCRIBE_SALT = "notifications.unsubscribe"


def preferences_of(user, kind: str) -> tuple[bool, bool]:
    """(email, in_app) for one member and kind; both on unless the member turned them off."""
    preference = Preference.objects.filter(user=user, kind=kind).first()
    return (preference.email, preference.in_app) if preference else (True, True)


def unsubscribe_token(user, kind: str) -> str:
    """The same token every time (no timestamp), so the header and the body carry one link."""
    return signing.Signer(salt=UNSUBSCRIBE_SALT).sign_object({"u": user.pk, "k": kind})


def unsubscribe_url(user, kind: str) -> str:
    with translation.override(user.language):
        path = reverse("notifications:unsubscribe", args=[unsubscribe_token(user, kind)])
    return settings.SITE_URL.rstrip("/") + path


def route_path(name: str, *args: object, fragment: str = "") -> str:
    """The path of a named page without its language prefix, as `notify(url=...)` takes it ("/periods/3/").

    Links are built from route names, never written by hand, so a renamed route fails here, loudly.
    """
    with translation.override(settings.LANGUAGE_CODE):
        path = reverse(name, args=args)
    prefix = f"/{settings.LANGUAGE_CODE}/"
    if not path.startswith(prefix):
        raise ValueError(f"{name} is not a page under the language prefix")
    return path[len(prefix) - 1 :] + (f"#{fragment}" if fragment else "")


def notify(
    *,
    kind: str,
    key: str,
    recipients: Iterable["_User"],
    message: Callable[["_User"], str],
    url: str,
    email_template: str,
    email_context: Callable[["_User"], dict],
) -> int:
    """Notify each recipient once for `key`; return how many were newly notified.

    `message(user)` and `email_context(user)` are called with the recipient's language active.
    `url` is a path without the language prefix, from `route_path` (e.g. "/periods/3/"); it is prefixed per member.
    A fixed number of queries whatever the number of recipients: the claims are written in one
    insert that skips rows claimed already, and the rows this call won are read back by its batch id.
    """
    if kind not in Kind.values:
        # A programming error: raised also under `python -O`, which would drop an assert.
        raise ValueError(f"unknown notification kind {kind!r}")
    already = set(Delivery.objects.filter(key=key).values_list("user_id", flat=True))
    fresh = [user for user in recipients if user.is_active and user.pk not in already]
    if not fresh:
        return 0
    chosen = {p.user_id: p for p in Preference.objects.filter(kind=kind, user_id__in=[u.pk for u in fresh])}
    batch = uuid.uuid4()
    claims: list[Delivery] = []
    in_app: dict[int, Notification] = {}
    for user in fresh:
        preference = chosen.get(user.pk)
        wants_email = preference.email if preference else True
        with translation.override(user.language):
            link = f"/{user.language}{url}"
            subject = text = html = ""
            if wants_email:
                context = {
                    **email_context(user),
                    "url": settings.SITE_URL.rstrip("/") + link,
                    "unsubscribe_url": unsubscribe_url(user, kind),
                    "kind_label": Kind(kind).label,
                }
                subject, text, html = render_email(email_template, context, user.language)
            claims.append(
                Delivery(
                    key=key,
                    user=user,
                    kind=kind,
                    subject=subject,
                    text=text,
                    html=html,
                    status=DeliveryStatus.CLAIMED if wants_email else DeliveryStatus.IN_APP_ONLY,
                    batch=batch,
                )
            )
            if preference is None or preference.in_app:
                in_app[user.pk] = Notification(user=user, kind=kind, message=message(user)[:300], url=link)
    won = _claims_store(key=key, batch=batch, claims=claims, in_app=in_app)
    to_send = [pk for pk, status in won.values() if status == DeliveryStatus.CLAIMED]
    for pk in to_send:
        transaction.on_commit(partial(lock_retried(delivery_send.enqueue), delivery_id=pk))
    return len(won)


@lock_retried
def _claims_store(
    *, key: str, batch: uuid.UUID, claims: list[Delivery], in_app: dict[int, Notification]
) -> dict[int, tuple[int, str]]:
    """Write the claims (rendered beforehand) and the in-app notifications of the claims won."""
    with transaction.atomic():
        # A row another process claimed meanwhile is skipped by the unique constraint, not sent twice.
        Delivery.objects.bulk_create(claims, ignore_conflicts=True)
        won = {
            user_id: (pk, status)
            for user_id, pk, status in Delivery.objects.filter(key=key, batch=batch).values_list(
                "user_id", "pk", "status"
            )
        }
        Notification.objects.bulk_create([note for user_id, note in in_app.items() if user_id in won])
    return won


@task()
def delivery_send(*, delivery_id: int) -> None:
    """Send one claimed email; only the process that moves it to "sending" may send it."""
    now = timezone.now()
    taken = _delivery_update(
        Q(pk=delivery_id, status__in=[DeliveryStatus.CLAIMED, DeliveryStatus.FAILED], attempts__lt=MAX_ATTEMPTS),
        status=DeliveryStatus.SENDING,
        started_at=now,
        attempts=F("attempts") + 1,
    )
    if not taken:
        return
    delivery = Delivery.objects.select_related("user").get(pk=delivery_id)
    if not delivery.user.is_active or not delivery.user.email:
        _delivery_update(Q(pk=delivery_id), status=DeliveryStatus.GAVE_UP, last_error="inactive")
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
        _delivery_update(Q(pk=delivery_id), status=status, last_error=type(error).__name__[:300])
        return
    _delivery_update(Q(pk=delivery_id), status=DeliveryStatus.SENT, sent_at=timezone.now())


@lock_retried
def _delivery_update(which: Q, **fields) -> int:
    """One short write of a delivery's state, retried while the database is busy."""
    return Delivery.objects.filter(which).update(**fields)


def deliveries_sweep(now: datetime) -> dict[str, int]:
    """Retry failed sends; mark sends that never finished as unknown, for staff to check.

    A claim whose send was never queued (the process died right after the commit) is queued again:
    nothing was sent for it yet, and delivery_send lets only one process take it.
    """
    unknown = Delivery.objects.filter(status=DeliveryStatus.SENDING, started_at__lt=now - SENDING_TIMEOUT).update(
        status=DeliveryStatus.UNKNOWN
    )
    retry = list(
        Delivery.objects.filter(
            Q(status=DeliveryStatus.FAILED, attempts__lt=MAX_ATTEMPTS)
            | Q(status=DeliveryStatus.CLAIMED, claimed_at__lt=now - UNQUEUED_AFTER)
        ).values_list("pk", flat=True)
    )
    for pk in retry:
        lock_retried(delivery_send.enqueue)(delivery_id=pk)
    return {"retried": len(retry), "unknown": unknown}


# What members and staff do with notifications ---------------------------------------------------


class DeliveryError(Exception):
    """A staff action that does not fit the delivery's state; the message is shown as is."""


def unsubscribe_read(token: str):
    """The (user, kind) a signed unsubscribe token names, or None for a forged or stale token.

    The link has no expiry: an old email's unsubscribe link must keep working (RFC 8058).
    """
    try:
        data = signing.Signer(salt=UNSUBSCRIBE_SALT).unsign_object(token)
    except signing.BadSignature:
        return None
    if not isinstance(data, dict) or data.get("k") not in Kind.values:
        return None
    user = get_user_model().objects.filter(pk=data.get("u"), erased_at__isnull=True).first()
    return (user, data["k"]) if user else None


def email_unsubscribe(*, user, kind: str) -> None:
    """Turn off email for one kind, keeping the member's in-app choice."""
    Preference.objects.update_or_create(user=user, kind=kind, defaults={"email": False})


def preferences_save(*, user, choices: dict[str, tuple[bool, bool]]) -> None:
    """Store (email, in_app) for every kind given; kinds left at the default keep no row."""
    with transaction.atomic():
        Preference.objects.filter(user=user, kind__in=list(choices)).delete()
        Preference.objects.bulk_create(
            [
                Preference(user=user, kind=kind, email=email, in_app=in_app)
                for kind, (email, in_app) in choices.items()
                if not (email and in_app)
            ]
        )


def preferences_all(user) -> dict[str, tuple[bool, bool]]:
    """(email, in_app) of every kind for one member."""
    stored = {p.kind: (p.email, p.in_app) for p in Preference.objects.filter(user=user)}
    return {kind: stored.get(kind, (True, True)) for kind in Kind.values}


def notifications_read(*, user, pk: int | None = None) -> int:
    """Mark one (by pk) or all of the member's unread notifications read."""
    unread = Notification.objects.filter(user=user).unread()
    if pk is not None:
        unread = unread.filter(pk=pk)
    return unread.update(read_at=timezone.now())


def delivery_resolve(*, delivery: Delivery, by) -> None:
    """A manager checked an email of unknown outcome (or given up) and closes the case."""
    with transaction.atomic():
        updated = Delivery.objects.filter(
            pk=delivery.pk, status__in=[DeliveryStatus.UNKNOWN, DeliveryStatus.GAVE_UP]
        ).update(status=DeliveryStatus.RESOLVED)
        if not updated:
            raise DeliveryError(_("This email is not waiting for a check any more."))
        audit_record(
            actor=by,
            action=AuditEvent.Action.DELIVERY_RESOLVED,
            subject_user=delivery.user_id,
            obj=delivery,
            detail={"decision": "checked", "was": delivery.status},
        )


def delivery_resend(*, delivery: Delivery, by) -> None:
    """A manager decided that an email of unknown outcome (or given up) goes out again."""
    with transaction.atomic():
        updated = Delivery.objects.filter(
            pk=delivery.pk, status__in=[DeliveryStatus.UNKNOWN, DeliveryStatus.GAVE_UP]
        ).update(status=DeliveryStatus.FAILED, attempts=0, last_error="", started_at=None)
        if not updated:
            raise DeliveryError(_("This email is not waiting for a check any more."))
        audit_record(
            actor=by,
            action=AuditEvent.Action.DELIVERY_RESOLVED,
            subject_user=delivery.user_id,
            obj=delivery,
            detail={"decision": "send again", "was": delivery.status},
        )
        transaction.on_commit(lambda: delivery_send.enqueue(delivery_id=delivery.pk))
