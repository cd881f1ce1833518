"""Account actions: each writes several models and the audit log in one transaction."""

import time
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models import F, Value
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from audit.models import AuditEvent
from audit.services import audit_record
from core import member_data
from core.emails import email_send
from organisations.models import Organisation

from .background import BACKGROUND_VARIABLES, age_group_for, asked_variables
from .models import Consent, Invitation, Member, Role, TermsVersion, User, normalise_email

BACKUP_CODE_COUNT = 10
# The current terms version is read on every member page: the shared cache keeps its id, dropped on
# every change of a version; the timeout bounds the staleness of a process-local cache.
TERMS_CACHE_KEY = "accounts:terms-current"
TERMS_CACHE_SECONDS = 60
# The terms version whose consent the member's session has already seen (sessions end on withdrawal).
CONSENTED_SESSION_KEY = "accounts_consented_terms"


class AccountError(Exception):
    """A rule refused the action; the message is safe to show to the user."""


@dataclass(frozen=True)
class MemberDetails:
    """What a community manager knows of a resident when inviting them."""

    email: str
    full_name: str = ""
    phone: str = ""
    birth_date: date | None = None
    background: Mapping[str, str] = field(default_factory=dict)  # asked background variables by name
    language: str = "fi"


def _send_invitation(invitation: Invitation, token: str) -> None:
    user = invitation.user
    with translation.override(user.language):
        path = reverse("accounts:invitation", kwargs={"token": token})
    email_send(
        to=user.email,
        template_prefix="accounts/email/invitation_staff" if user.is_staff_user else "accounts/email/invitation_member",
        context={
            "link": f"{settings.SITE_URL}{path}",
            "expires_at": invitation.expires_at,
            "organisation": user.organisation,
        },
        language=user.language,
    )


def _reissue_invitation(*, user: User, by: User | None) -> Invitation:
    # A new link replaces any earlier one: only the newest invitation works.
    user.invitations.filter(used_at__isnull=True).update(expires_at=timezone.now())
    invitation, token = Invitation.issue(user=user, created_by=by)
    _send_invitation(invitation, token)
    return invitation


@transaction.atomic
def member_invite(*, by: User, details: MemberDetails) -> Invitation:
    """Invite a resident: create the inactive account with identity and background, and email a link."""
    email = normalise_email(details.email)
    user = User.objects.filter(email__iexact=email).first()
    if user is not None and (user.is_active or user.has_usable_password() or not user.is_member):
        raise AccountError(_("This email address already has an account."))
    if user is None:
        user = User.objects.create_user(email, role=Role.MEMBER)
    user.full_name = details.full_name
    user.phone = details.phone
    user.language = details.language
    user.save()
    member, _created = Member.objects.get_or_create(user=user)
    member.birth_date = details.birth_date
    member.age_group = age_group_for(details.birth_date, timezone.localdate()) if details.birth_date else ""
    for variable in asked_variables():
        setattr(member, variable.name, details.background.get(variable.name, ""))
    member.save()
    invitation = _reissue_invitation(user=user, by=by)
    audit_record(actor=by, action=AuditEvent.Action.MEMBER_INVITED, subject_user=user)
    return invitation


@transaction.atomic
def members_import(*, by: User, rows: list[MemberDetails]) -> list[Invitation]:
    """Invite many residents at once: all of them, or none if any row is refused."""
    invitations = [member_invite(by=by, details=row) for row in rows]
    audit_record(actor=by, action=AuditEvent.Action.MEMBERS_IMPORTED, detail={"count": len(invitations)})
    return invitations


@transaction.atomic
def staff_invite(
    *, by: User, email: str, full_name: str, role: str, organisation: Organisation | None, language: str = "fi"
) -> Invitation:
    """Invite a developer or community manager; they enrol a second factor at first login."""
    if role not in (Role.DEVELOPER, Role.MANAGER):
        raise AccountError(_("Choose a staff role."))
    if role == Role.DEVELOPER and organisation is None:
        raise AccountError(_("A developer belongs to an organisation."))
    email = normalise_email(email)
    user = User.objects.filter(email__iexact=email).first()
    if user is not None and (user.is_active or user.has_usable_password() or not user.is_staff_user):
        raise AccountError(_("This email address already has an account."))
    if user is None:
        user = User.objects.create_user(email)
    user.full_name = full_name
    user.role = role
    user.organisation = organisation
    user.language = language
    user.save()
    invitation = _reissue_invitation(user=user, by=by)
    audit_record(actor=by, action=AuditEvent.Action.STAFF_INVITED, subject_user=user, detail={"role": role})
    return invitation


def invitation_check(token: str) -> Invitation:
    """Return the usable invitation for a token, or refuse with the reason in plain words."""
    invitation = Invitation.find(token)
    if invitation is None:
        raise AccountError(_("This invitation link is not valid. Check that you copied the whole link."))
    if invitation.used_at is not None:
        raise AccountError(_("This invitation link has already been used. Log in, or reset your password."))
    if invitation.is_expired or (not invitation.user.is_member and not invitation.user.is_staff_user):
        raise AccountError(_("This invitation link has expired. Ask the community team for a new one."))
    if invitation.user.erased_at is not None:
        raise AccountError(_("This invitation link is not valid. Check that you copied the whole link."))
    return invitation


@transaction.atomic
def invitation_accept(*, invitation: Invitation, password: str, pseudonym: str = "", language: str = "fi") -> User:
    """Activate the invited account; a member also picks a pseudonym and consents to the terms."""
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.used_at is not None or invitation.is_expired:
        raise AccountError(_("This invitation link has already been used. Log in, or reset your password."))
    user = invitation.user
    user.set_password(password)
    user.is_active = True
    user.language = language
    user.save()
    invitation.used_at = timezone.now()
    invitation.save(update_fields=["used_at"])
    if user.is_member:
        member = user.member
        member.set_pseudonym(pseudonym)
        member.joined_at = timezone.now()
        member.save(update_fields=["pseudonym", "pseudonym_key", "joined_at"])
        consent_give(user=user)
    return user


def consent_give(*, user: User) -> Consent:
    """Record the member's consent to the current terms version."""
    terms = TermsVersion.current()
    if terms is None:
        raise AccountError(_("The terms are not available. Please try again later."))
    consent, _created = Consent.objects.update_or_create(
        user=user, terms=terms, defaults={"accepted_at": timezone.now(), "withdrawn_at": None}
    )
    audit_record(actor=user, action=AuditEvent.Action.CONSENT_GIVEN, subject_user=user, detail={"terms": terms.version})
    return consent


def terms_current_id() -> int:
    """The id of the current terms version, 0 when there is none; from the cache when it is there."""
    terms_id = cache.get(TERMS_CACHE_KEY)
    if terms_id is None:
        terms = TermsVersion.current()
        terms_id = terms.pk if terms else 0
        cache.set(TERMS_CACHE_KEY, terms_id, TERMS_CACHE_SECONDS)
    return terms_id


def terms_cache_clear(**kwargs) -> None:
    """Drop the cached current version now and again once the transaction that changed it commits."""
    cache.delete(TERMS_CACHE_KEY)
    transaction.on_commit(lambda: cache.delete(TERMS_CACHE_KEY))


def consent_seen(session, user: User) -> bool:
    """Whether the member has consented to the current terms, asking the database once per session and version."""
    terms_id = terms_current_id()
    if not terms_id or session.get(CONSENTED_SESSION_KEY) == terms_id:
        return True
    if not Consent.objects.filter(user=user, terms_id=terms_id, withdrawn_at__isnull=True).exists():
        return False
    session[CONSENTED_SESSION_KEY] = terms_id
    return True


# When the member's session was last given its full age again (seconds since the epoch).
SESSION_RENEWED_KEY = "renewed_at"
# Writing the session (database and cache) on every answer page would cost two writes a page; a few
# minutes' slack changes nothing for a session of hours, and the page is told exactly what is left.
SESSION_RENEW_EVERY_S = 5 * 60


def session_renew(session, *, now: float | None = None, force: bool = False) -> None:
    """Count this page as activity: the session runs its full age again, written at most every few minutes."""
    now = int(now if now is not None else time.time())
    renewed = session.get(SESSION_RENEWED_KEY)
    if force or not isinstance(renewed, int) or now - renewed >= SESSION_RENEW_EVERY_S:
        session[SESSION_RENEWED_KEY] = now  # marks the session modified: saved with the response


def session_seconds_left(session, *, now: float | None = None) -> int:
    """Seconds until the session ends, counted from its last renewal (the time-out warning counts down from it)."""
    age = session.get_expiry_age()
    renewed = session.get(SESSION_RENEWED_KEY)
    if not isinstance(renewed, int):
        return age
    return max(0, age - (int(now if now is not None else time.time()) - renewed))


def consent_note_at_login(sender, request, user, **kwargs) -> None:
    """Look the consent up while logging in, when the session is written anyway, not on the first page."""
    if getattr(user, "is_member", False) and request is not None and hasattr(request, "session"):
        consent_seen(request.session, user)


def needs_current_consent(user: User) -> bool:
    terms = TermsVersion.current()
    if terms is None or not user.is_member:
        return False
    return not Consent.objects.filter(user=user, terms=terms, withdrawn_at__isnull=True).exists()


@transaction.atomic
def consent_withdraw(*, user: User) -> None:
    """Withdrawing consent ends membership: the account closes; identity goes after retention."""
    now = timezone.now()
    Consent.objects.filter(user=user, withdrawn_at__isnull=True).update(withdrawn_at=now)
    Member.objects.filter(user=user).update(left_at=now)
    sessions_end(user)
    User.objects.filter(pk=user.pk).update(is_active=False)
    audit_record(actor=user, action=AuditEvent.Action.CONSENT_WITHDRAWN, subject_user=user)


@transaction.atomic
def terms_publish(*, by: User, summary_fi: str, summary_sv: str = "", summary_en: str = "") -> TermsVersion:
    """Publish a new terms version; every member accepts it at their next visit."""
    current = TermsVersion.objects.select_for_update().order_by("-version").first()
    terms = TermsVersion.objects.create(
        version=(current.version + 1) if current else 1,
        summary_fi=summary_fi,
        summary_sv=summary_sv,
        summary_en=summary_en,
        published_by=by,
    )
    audit_record(actor=by, action=AuditEvent.Action.TERMS_PUBLISHED, obj=terms)
    return terms


def sessions_end(user: User) -> None:
    """End every session of the user, on every device, at once."""
    User.objects.filter(pk=user.pk).update(session_version=F("session_version") + 1)
    user.refresh_from_db(fields=["session_version"])


@transaction.atomic
def user_deactivate(*, by: User, user: User, reason: str = "") -> None:
    if user.pk == by.pk:
        raise AccountError(_("You cannot deactivate your own account."))
    User.objects.filter(pk=user.pk).update(is_active=False)
    sessions_end(user)
    audit_record(actor=by, action=AuditEvent.Action.USER_DEACTIVATED, subject_user=user, reason=reason)


@transaction.atomic
def user_reactivate(*, by: User, user: User) -> None:
    if user.erased_at is not None or not user.has_usable_password():
        raise AccountError(_("This account cannot be reactivated."))
    User.objects.filter(pk=user.pk).update(is_active=True)
    audit_record(actor=by, action=AuditEvent.Action.USER_REACTIVATED, subject_user=user)


@transaction.atomic
def second_factor_reset(*, by: User, user: User, reason: str) -> None:
    """Remove a colleague's authenticator and backup codes; they enrol anew at next login."""
    if not user.is_staff_user:
        raise AccountError(_("Only staff accounts have a second factor."))
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()
    sessions_end(user)
    audit_record(actor=by, action=AuditEvent.Action.SECOND_FACTOR_RESET, subject_user=user, reason=reason)


def otp_error_message(wait_until: datetime | None) -> str:
    """Say plainly whether the code was wrong or the user must wait after repeated wrong codes."""
    if wait_until is not None:
        seconds = max(1, int((wait_until - timezone.now()).total_seconds()) + 1)
        return _("Too many wrong codes. Wait %(seconds)d seconds and try again.") % {"seconds": seconds}
    return _("The code is wrong or already used. Wait for a new code and try again.")


def totp_device_start(*, user: User) -> TOTPDevice:
    """Return the user's unconfirmed authenticator, creating one with a fresh secret."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    return device or TOTPDevice.objects.create(user=user, name="authenticator", confirmed=False)


@transaction.atomic
def totp_device_confirm(*, user: User, device: TOTPDevice, token: str) -> list[str]:
    """Confirm an authenticator with a code from it and return fresh backup codes."""
    allowed, info = device.verify_is_allowed()
    if not allowed:
        raise AccountError(otp_error_message((info or {}).get("locked_until")))
    if not device.verify_token(token):
        raise AccountError(_("The code did not match. Check the time on your phone and try again."))
    TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save()
    audit_record(actor=user, action=AuditEvent.Action.SECOND_FACTOR_ENROLLED, subject_user=user)
    return backup_codes_create(user=user)


@transaction.atomic
def backup_codes_create(*, user: User) -> list[str]:
    """Replace the user's backup codes with new single-use ones."""
    device, _created = StaticDevice.objects.get_or_create(user=user, name="backup", defaults={"confirmed": True})
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(BACKUP_CODE_COUNT)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    audit_record(actor=user, action=AuditEvent.Action.BACKUP_CODES_CREATED, subject_user=user)
    return codes


def identity_view(*, by: User, user: User, reason: str) -> dict[str, object]:
    """Return a member's identity to a community manager and log the read."""
    member = getattr(user, "member", None)
    audit_record(actor=by, action=AuditEvent.Action.IDENTITY_VIEWED, subject_user=user, reason=reason)
    return {
        "full_name": user.full_name,
        "email": user.email,
        "phone": user.phone,
        "birth_date": member.birth_date if member else None,
    }


def member_data_export(*, user: User) -> dict[str, object]:
    """Everything the platform holds of this member, as JSON-ready data."""
    member = getattr(user, "member", None)
    data: dict[str, object] = {
        "account": {
            "email": user.email,
            "name": user.full_name,
            "phone": user.phone,
            "language": user.language,
            "joined": user.date_joined.isoformat(),
        },
        "member": (
            {
                "pseudonym": member.pseudonym,
                "birth_date": member.birth_date.isoformat() if member.birth_date else None,
                **{name: variable.value_of(member) for name, variable in BACKGROUND_VARIABLES.items()},
                "joined_community": member.joined_at.isoformat() if member.joined_at else None,
            }
            if member
            else None
        ),
        "consents": [
            {
                "terms_version": consent.terms.version,
                "accepted": consent.accepted_at.isoformat(),
                "withdrawn": consent.withdrawn_at.isoformat() if consent.withdrawn_at else None,
            }
            for consent in user.consents.select_related("terms").order_by("accepted_at")
        ],
    }
    for section in member_data.sections():
        data[section.key] = section.export(user)
    return data


@transaction.atomic
def member_erase(*, user: User, contributions: bool, by_retention: bool = False) -> None:
    """Erase a member's identity for good; their contributions stay as "deleted member" unless asked.

    Background data stays so that published aggregates do not change; without the identity
    and pseudonym it no longer points to a person.
    """
    for section in member_data.sections():
        section.erase(user, contributions=contributions)
    Member.objects.filter(user=user).update(
        pseudonym=None, pseudonym_key=None, birth_date=None, left_at=Coalesce("left_at", Value(timezone.now()))
    )
    user.email = f"erased-{uuid.uuid4().hex}@invalid.example"
    user.full_name = ""
    user.phone = ""
    user.set_unusable_password()
    user.is_active = False
    user.erased_at = timezone.now()
    user.session_version += 1
    user.save()
    user.invitations.all().delete()
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()
    audit_record(
        actor=None if by_retention else user,
        action=AuditEvent.Action.RETENTION_ERASED if by_retention else AuditEvent.Action.MEMBER_ERASED,
        subject_user=user,
        detail={"contributions": contributions},
    )


def retention_purge(*, now: datetime | None = None) -> dict[str, int]:
    """Erase identities past their retention: members who left, and invitations never taken up."""
    now = now or timezone.now()
    cutoff = now - timedelta(days=settings.LEFT_MEMBER_RETENTION_DAYS)
    left = User.objects.filter(erased_at__isnull=True, member__left_at__lt=cutoff)
    never_activated = (
        User.objects.members()
        .filter(erased_at__isnull=True, is_active=False, member__joined_at__isnull=True, date_joined__lt=cutoff)
        .exclude(invitations__expires_at__gt=cutoff)
    )
    counts = {"left_members": 0, "never_activated": 0}
    for key, queryset in (("left_members", left), ("never_activated", never_activated)):
        for user in queryset.distinct():
            member_erase(user=user, contributions=False, by_retention=True)
            counts[key] += 1
    return counts
