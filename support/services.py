"""Support's domain rules: sending a request, the conversation, the inbox's statuses and help pages."""

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts.models import User
from audit.models import AuditEvent
from audit.services import audit_record
from core.emails import email_send
from notifications.models import Kind
from notifications.services import notify, route_path

from .models import HelpPage, Status, SupportMessage, SupportRequest

VISITOR_LINK_SALT = "support.visitor-link"
VISITOR_LINK_MAX_AGE = 30 * 24 * 3600


def visitor_token(support_request: SupportRequest) -> str:
    """A signed link key for a visitor's request; it carries the address too, so it dies with a changed one."""
    return signing.dumps({"r": support_request.pk, "e": support_request.email.lower()}, salt=VISITOR_LINK_SALT)


def visitor_request_from_token(token: str) -> SupportRequest | None:
    """The visitor's request the token was signed for, or None for a tampered, old or foreign token."""
    try:
        data = signing.loads(token, salt=VISITOR_LINK_SALT, max_age=VISITOR_LINK_MAX_AGE)
    except (signing.BadSignature, TypeError, ValueError):
        return None
    if not isinstance(data, dict):
        return None
    pk = data.get("r")
    if not isinstance(pk, int):
        return None
    support_request = SupportRequest.objects.filter(pk=pk, user__isnull=True).first()
    if support_request is None or support_request.email.lower() != data.get("e"):
        return None
    return support_request


@transaction.atomic
def request_submit(
    *, user, name: str, email: str, category: str, subject: str, message: str, language: str
) -> SupportRequest:
    """Store a request; a member's is tied to their account, so no name or address is copied."""
    if user is not None and user.is_authenticated:
        return SupportRequest.objects.create(
            user=user, category=category, subject=subject, message=message, language=language
        )
    return SupportRequest.objects.create(
        name=name, email=email, category=category, subject=subject, message=message, language=language
    )


@transaction.atomic
def request_requester_reply(*, support_request: SupportRequest, text: str) -> SupportMessage:
    """The requester answers back: the request goes back to staff's side of the inbox."""
    reply = SupportMessage.objects.create(
        request=support_request, author=support_request.user, from_requester=True, text=text
    )
    support_request.status = Status.NEW if support_request.status == Status.NEW else Status.IN_PROGRESS
    support_request.closed_at = None
    support_request.save(update_fields=["status", "closed_at", "updated_at"])
    return reply


@transaction.atomic
def request_staff_reply(*, support_request: SupportRequest, actor, text: str) -> SupportMessage:
    """Reply to the requester, mark the request answered and tell them a reply is waiting."""
    reply = SupportMessage.objects.create(request=support_request, author=actor, text=text)
    support_request.status = Status.ANSWERED
    support_request.closed_at = None
    support_request.save(update_fields=["status", "closed_at", "updated_at"])
    audit_record(
        actor=actor, action=AuditEvent.Action.SUPPORT_REPLIED, subject_user=support_request.user, obj=support_request
    )
    if support_request.user is None:
        _visitor_reply_email(support_request)
    else:
        _member_reply_notify(support_request, support_request.user, reply)
    return reply


def _member_reply_notify(support_request: SupportRequest, member: User, reply: SupportMessage) -> None:
    subject = support_request.subject
    notify(
        kind=Kind.SUPPORT_REPLY,
        key=f"support-reply-{reply.pk}",
        recipients=[member],
        message=lambda user: _("A reply to your support request “%(subject)s” is waiting.") % {"subject": subject},
        url=route_path("support:my_request", support_request.pk),
        email_template="support/email/member_reply",
        email_context=lambda user: {"pseudonym": user.display_name, "subject": subject},
    )


def _visitor_reply_email(support_request: SupportRequest) -> None:
    language = support_request.language or "fi"
    with translation.override(language):
        path = reverse("support:visitor_request", kwargs={"token": visitor_token(support_request)})
    email_send(
        to=support_request.email,
        template_prefix="support/email/visitor_reply",
        context={
            "name": support_request.name,
            "subject": support_request.subject,
            "url": settings.SITE_URL.rstrip("/") + path,
            "days": VISITOR_LINK_MAX_AGE // (24 * 3600),
        },
        language=language,
    )


@transaction.atomic
def request_note_add(*, support_request: SupportRequest, actor, text: str) -> SupportMessage:
    """An internal note: staff only, the requester never sees it."""
    return SupportMessage.objects.create(request=support_request, author=actor, internal=True, text=text)


@transaction.atomic
def request_status_change(*, support_request: SupportRequest, actor, status: str) -> SupportRequest:
    previous = support_request.status
    if previous == status:
        return support_request
    support_request.status = status
    support_request.closed_at = timezone.now() if status == Status.CLOSED else None
    support_request.save(update_fields=["status", "closed_at", "updated_at"])
    audit_record(
        actor=actor,
        action=AuditEvent.Action.SUPPORT_STATUS_CHANGED,
        subject_user=support_request.user,
        obj=support_request,
        detail={"from": previous, "to": status},
    )
    return support_request


def request_viewed(*, support_request: SupportRequest, actor) -> None:
    """Every staff view of a request shows who sent it (a visitor's address or a member's identity)."""
    audit_record(
        actor=actor,
        action=AuditEvent.Action.SUPPORT_REQUEST_VIEWED,
        subject_user=support_request.user,
        obj=support_request,
    )


@transaction.atomic
def help_page_save(*, page: HelpPage, actor) -> HelpPage:
    """Save a help page as edited (the form's instance) and log who changed it."""
    created = page.pk is None
    page.save()
    audit_record(
        actor=actor,
        action=AuditEvent.Action.HELP_PAGE_EDITED,
        obj=page,
        detail={"slug": page.slug, "created": created, "published": page.published},
    )
    return page
