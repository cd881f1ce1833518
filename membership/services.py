"""Membership actions: the term and its renewal, leaving the community, onboarding, reminders."""

import calendar
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import partial

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Consent, Member, User
from accounts.services import member_erase, sessions_end
from audit.models import AuditEvent
from audit.services import audit_record
from core.formats import fmt_date
from notifications.models import Kind, Preference
from notifications.services import notify, route_path
from periods.models import Period, Post, Response

from .models import ExitFeedback, MembershipTerm, OnboardingState

RENEWAL_WINDOW_DAYS = 60
REMINDER_DAYS = 30
# The first-steps checklist is for new members: it stops showing this long after joining.
ONBOARDING_DAYS = 90


class MembershipError(Exception):
    """A rule refused the action; the message is safe to show to the member."""


def term_months() -> int:
    return settings.MEMBERSHIP_TERM_MONTHS


def add_months(day: date, months: int) -> date:
    """The same day `months` later, or the month's last day when it has fewer days (31.1. → 28.2.)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _term_dates(starts_on: date) -> tuple[date, date]:
    return starts_on, add_months(starts_on, term_months()) - timedelta(days=1)


# The term -------------------------------------------------------------------------------------------


def term_current(user: User, *, today: date | None = None) -> MembershipTerm:
    """The member's term that contains today, created on first need.

    The first term starts on the day the member joined (or today); a member who joined more than a
    term ago gets the term of that cycle that contains today, as if every earlier one had been renewed.
    A lapsed term that was never renewed stays the current one until the member renews it.
    """
    today = today or timezone.localdate()
    terms = list(MembershipTerm.objects.of(user).order_by("-starts_on")[:2])
    for term in terms:
        if term.starts_on <= today:
            return term
    if terms:  # only a future term: cannot happen unless dates were edited; show it
        return terms[0]
    return _term_create_first(user, today)


def _first_start(user: User, today: date) -> date:
    member = getattr(user, "member", None)
    joined = timezone.localdate(member.joined_at) if member and member.joined_at else today
    starts_on = min(joined, today)
    # Step whole terms forward until the term contains today.
    months = term_months()
    steps = 0
    while add_months(starts_on, months * (steps + 1)) <= today:
        steps += 1
    return add_months(starts_on, months * steps)


def _term_create_first(user: User, today: date) -> MembershipTerm:
    starts_on, ends_on = _term_dates(_first_start(user, today))
    term, _created = MembershipTerm.objects.get_or_create(
        member=user, starts_on=starts_on, defaults={"ends_on": ends_on}
    )
    return term


def terms_ensure(*, today: date) -> int:
    """Create the first term of every active member who has none yet; return how many were made."""
    missing = (
        User.objects.members()
        .filter(is_active=True, member__left_at__isnull=True)
        .exclude(membership_terms__isnull=False)
        .select_related("member")
    )
    terms = []
    for user in missing:
        starts_on, ends_on = _term_dates(_first_start(user, today))
        terms.append(MembershipTerm(member=user, starts_on=starts_on, ends_on=ends_on))
    MembershipTerm.objects.bulk_create(terms, ignore_conflicts=True)
    return len(terms)


def term_next(term: MembershipTerm) -> MembershipTerm | None:
    """The term that follows a renewed one."""
    return MembershipTerm.objects.filter(member_id=term.member_id, starts_on__gt=term.starts_on).first()


def renewal_opens_on(term: MembershipTerm) -> date:
    return term.ends_on - timedelta(days=RENEWAL_WINDOW_DAYS)


def can_renew(term: MembershipTerm, today: date) -> bool:
    """Open in the last 60 days of the term, and after it if it lapsed; once per term."""
    return term.renewed_at is None and today >= renewal_opens_on(term)


@transaction.atomic
def term_renew(*, user: User, today: date | None = None) -> MembershipTerm:
    """Renew the member's current term: the next term starts the day after it ends."""
    today = today or timezone.localdate()
    current = term_current(user, today=today)
    term = MembershipTerm.objects.select_for_update().get(pk=current.pk)
    if term.renewed_at is not None:
        raise MembershipError(_("Your membership is already renewed."))
    if not can_renew(term, today):
        raise MembershipError(
            _("You can renew your membership from %(date)s, in the last %(days)d days of your term.")
            % {"date": fmt_date(renewal_opens_on(term)), "days": RENEWAL_WINDOW_DAYS}
        )
    # A term that lapsed long ago is renewed from today, not into the past.
    starts_on, ends_on = _term_dates(max(term.ends_on + timedelta(days=1), today))
    term.renewed_at = timezone.now()
    term.save(update_fields=["renewed_at"])
    try:
        with transaction.atomic():
            new = MembershipTerm.objects.create(member=user, starts_on=starts_on, ends_on=ends_on)
    except IntegrityError as error:
        raise MembershipError(_("Your membership is already renewed.")) from error
    audit_record(
        actor=user,
        action=AuditEvent.Action.MEMBERSHIP_RENEWED,
        subject_user=user,
        obj=new,
        detail={"starts_on": starts_on.isoformat(), "ends_on": ends_on.isoformat()},
    )
    return new


# Participation --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Participation:
    tasks: int
    periods: list  # the periods in which the member finished at least one task, oldest first

    @property
    def period_count(self) -> int:
        return len(self.periods)


def participation_of(user: User) -> Participation:
    """How many tasks the member finished, and in which periods: counts and titles only, no answers."""
    finished = Response.objects.filter(member=user, submitted_at__isnull=False)
    periods = list(
        Period.objects.filter(Exists(finished.filter(task__period=OuterRef("pk")))).order_by("starts_at", "pk")
    )
    return Participation(tasks=finished.count(), periods=periods)


# Onboarding -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ChecklistItem:
    key: str
    label: str
    done: bool
    url_name: str = ""


def onboarding_checklist(user: User) -> tuple[list[ChecklistItem], OnboardingState | None]:
    """The new member's first steps, each known from data, in one query."""
    row = (
        User.objects.filter(pk=user.pk)
        .annotate(
            saved_preferences=Exists(Preference.objects.filter(user=OuterRef("pk"))),
            answered=Exists(Response.objects.filter(member=OuterRef("pk"), submitted_at__isnull=False)),
            posted=Exists(Post.objects.filter(author=OuterRef("pk"))),
        )
        .select_related("member", "onboarding")
        .get()
    )
    state = getattr(row, "onboarding", None)
    member = getattr(row, "member", None)
    items = [
        ChecklistItem("pseudonym", _("Choose your pseudonym"), bool(member and member.pseudonym)),
        ChecklistItem(
            "notifications",
            _("Check how you want to be notified"),
            row.saved_preferences or bool(state and state.notifications_checked_at),
            "notifications:notification_settings",
        ),
        ChecklistItem("first_task", _("Answer your first task"), row.answered, "periods:my_periods"),
        ChecklistItem("first_post", _("Take part in a discussion"), row.posted, "periods:my_periods"),
    ]
    return items, state


def onboarding_mark(*, user: User, notifications_checked: bool = False, dismissed: bool = False) -> OnboardingState:
    """Record that the member checked their notification settings, or hid the checklist."""
    now = timezone.now()
    state, _created = OnboardingState.objects.get_or_create(member=user)
    fields = []
    if notifications_checked and state.notifications_checked_at is None:
        state.notifications_checked_at = now
        fields.append("notifications_checked_at")
    if dismissed and state.dismissed_at is None:
        state.dismissed_at = now
        fields.append("dismissed_at")
    if fields:
        state.save(update_fields=fields)
    return state


# Leaving --------------------------------------------------------------------------------------------


@transaction.atomic
def member_leave(*, user: User, reason: str = "", text: str = "", erase_now: bool = False) -> None:
    """Leave the community: feedback kept apart from the member, account closed, sessions ended.

    Identity stays until the retention job erases it (accounts.services.retention_purge), or goes at
    once when the member asks. Consent is withdrawn: nothing more is asked of a member who left.
    """
    if not user.is_member:
        raise MembershipError(_("Only members can leave the community."))
    today = timezone.localdate()
    if reason or text.strip():
        ExitFeedback.objects.create(
            reason=reason, text=text.strip(), language=user.language, created_on=today.replace(day=1)
        )
    now = timezone.now()
    Member.objects.filter(user=user, left_at__isnull=True).update(left_at=now)
    Consent.objects.filter(user=user, withdrawn_at__isnull=True).update(withdrawn_at=now)
    User.objects.filter(pk=user.pk).update(is_active=False)
    sessions_end(user)
    # The reason is deliberately not in the audit record: the feedback must stay anonymous.
    audit_record(actor=user, action=AuditEvent.Action.MEMBER_LEFT, subject_user=user, detail={"erased": erase_now})
    if erase_now:
        user.refresh_from_db()
        member_erase(user=user, contributions=False)


# Reminders ------------------------------------------------------------------------------------------


def _reminder_email_context(term: MembershipTerm, user: User) -> dict:
    return {"pseudonym": user.display_name, "ends_on": term.ends_on, "renew_from": renewal_opens_on(term)}


def _reminder_message(term: MembershipTerm, user: User) -> str:
    """The same words for every member (`notify` passes the user)."""
    return _("Your membership term ends on %(date)s. You can renew it on your membership page.") % {
        "date": fmt_date(term.ends_on)
    }


def membership_reminders(now: datetime) -> dict[str, int]:
    """Tell each member once, 30 days before their term ends, that they can renew it."""
    today = timezone.localdate(now)
    created = terms_ensure(today=today)
    due = (
        MembershipTerm.objects.of_active_members()
        .ending_unrenewed(today=today, days=REMINDER_DAYS)
        .filter(reminder_sent_at__isnull=True)
        .select_related("member__member")
    )
    sent = 0
    for term in due:
        with transaction.atomic():
            # The claim: a second run, or a run racing this one, finds the term already reminded.
            if not MembershipTerm.objects.filter(pk=term.pk, reminder_sent_at__isnull=True).update(
                reminder_sent_at=now
            ):
                continue
            sent += notify(
                kind=Kind.MEMBERSHIP_TERM,
                key=f"membership-term-{term.pk}-ending",
                recipients=[term.member],
                message=partial(_reminder_message, term),
                url=route_path("membership:membership"),
                email_template="membership/email/term_ending",
                email_context=partial(_reminder_email_context, term),
            )
    return {"terms_created": created, "reminders_sent": sent}
