"""What members are told about periods: opening, reminder, closing, replies, probes and moderation.

Every notice goes through `notifications.services.notify`, which claims one delivery per (key,
member): the scheduled job may run any number of times, on any number of servers, and each member
still hears of each event once. The queries here are per period, never per member.
"""

from datetime import datetime, timedelta

from django.db.models import Count
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import User
from notifications.models import Kind
from notifications.services import notify, route_path

from ..models import Approval, DiaryEntry, Period, Post, Probe, Response, Task, Vote

# The closing thanks is not sent for periods that closed longer ago than this (a new server, a
# scheduler that was down): a thank-you weeks late would only confuse.
CLOSED_NOTICE_DAYS = 14


def task_path(task: Task, fragment: str) -> str:
    return route_path("periods:member_task", task.period_id, task.pk, fragment=fragment)


def _pseudonym(user) -> str:
    member = getattr(user, "member", None)
    return member.display_name if member else user.display_name


def _participants(period: Period):
    return User.objects.filter(participations__period=period, is_active=True).select_related("member")


def _period_notify(*, period: Period, kind: str, recipients, message: Promise, template: str) -> int:
    """`message` (lazy, with "%(title)s") and the email are rendered in each member's language."""
    return notify(
        kind=kind,
        key=f"{kind}:{period.pk}",
        recipients=recipients,
        message=lambda user: str(message) % {"title": period.title},
        url=route_path("periods:member_period", period.pk),
        email_template=f"periods/email/{template}",
        email_context=lambda user: {
            "pseudonym": _pseudonym(user),
            "period_title": period.title,
            "period_theme": period.theme,
            "starts_at": period.starts_at,
            "ends_at": period.ends_at,
        },
    )


def _unfinished(period: Period, participants: list) -> list:
    """Participants who have not finished every approved task of the period."""
    tasks = Task.objects.filter(period=period, approval=Approval.APPROVED).count()
    if not tasks:
        return []
    finished = set(
        Response.objects.filter(task__period=period, task__approval=Approval.APPROVED, submitted_at__isnull=False)
        .values("member_id")
        .annotate(done=Count("task", distinct=True))
        .filter(done__gte=tasks)
        .values_list("member_id", flat=True)
    )
    return [user for user in participants if user.pk not in finished]


def _started(period: Period, participants: list) -> list:
    """Participants who wrote or answered anything in the period."""
    ids: set[int] = set()
    for model, field in ((Response, "member_id"), (Post, "author_id"), (DiaryEntry, "member_id")):
        ids.update(model.objects.filter(task__period=period).values_list(field, flat=True).distinct())
    ids.update(Vote.objects.filter(statement__task__period=period).values_list("member_id", flat=True).distinct())
    return [user for user in participants if user.pk in ids]


def period_notifications_due(now: datetime) -> dict[str, int]:
    """Send the opening, reminder and closing notices that are due; safe to run again at any time."""
    sent = {"period_open": 0, "reminder": 0, "period_closed": 0}
    periods = Period.objects.published().filter(
        starts_at__lte=now, ends_at__gt=now - timedelta(days=CLOSED_NOTICE_DAYS)
    )
    for period in periods:
        participants = list(_participants(period))
        if not participants:
            continue
        if now < period.ends_at:
            sent["period_open"] += _period_notify(
                period=period,
                kind=Kind.PERIOD_OPEN,
                recipients=participants,
                message=gettext_lazy("The active period “%(title)s” is open. Welcome to take part!"),
                template="period_open",
            )
            if period.reminder_days and now >= period.ends_at - timedelta(days=period.reminder_days):
                sent["reminder"] += _period_notify(
                    period=period,
                    kind=Kind.REMINDER,
                    recipients=_unfinished(period, participants),
                    message=gettext_lazy(
                        "The active period “%(title)s” closes soon. Some tasks are still waiting for you."
                    ),
                    template="reminder",
                )
        else:
            sent["period_closed"] += _period_notify(
                period=period,
                kind=Kind.PERIOD_CLOSED,
                recipients=_started(period, participants),
                message=gettext_lazy("The active period “%(title)s” has closed. Thank you for taking part!"),
                template="period_closed",
            )
    return sent


def reply_notify(post: Post) -> int:
    """Tell the author of the parent post that someone replied; not when replying to oneself."""
    if post.parent_id is None:
        return 0
    parent = Post.objects.select_related("author__member", "task__period").get(pk=post.parent_id)
    if parent.author_id == post.author_id:
        return 0
    task = parent.task
    return notify(
        kind=Kind.REPLY,
        key=f"reply:{post.pk}",
        recipients=[parent.author],
        message=lambda user: _("Someone replied to your post in “%(task)s”.") % {"task": task.title},
        url=task_path(task, f"post-{post.pk}"),
        email_template="periods/email/reply",
        email_context=lambda user: {
            "pseudonym": _pseudonym(user),
            "replier": _pseudonym(post.author),
            "task_title": task.title,
            "period_title": task.period.title,
        },
    )


def probe_notify(probe: Probe) -> int:
    """Tell a member that staff asked a follow-up question; the question itself stays in the platform."""
    probe = Probe.objects.select_related("member__member", "task__period").get(pk=probe.pk)
    task = probe.task
    return notify(
        kind=Kind.PROBE,
        key=f"probe:{probe.pk}",
        recipients=[probe.member],
        message=lambda user: _("You have a follow-up question about your answer in “%(task)s”.") % {"task": task.title},
        url=task_path(task, f"probe-{probe.pk}"),
        email_template="periods/email/probe",
        email_context=lambda user: {
            "pseudonym": _pseudonym(user),
            "task_title": task.title,
            "period_title": task.period.title,
        },
    )


def post_hidden_notify(post: Post) -> int:
    """Tell the author that their post was hidden, and why."""
    if post.hidden_at is None:
        return 0
    post = Post.objects.select_related("author__member", "task__period").get(pk=post.pk)
    if post.hidden_at is None:
        return 0  # shown again since the caller read it
    task = post.task
    return notify(
        kind=Kind.MODERATION,
        key=f"hidden:{post.pk}:{int(post.hidden_at.timestamp())}",
        recipients=[post.author],
        message=lambda user: (
            _("Your post in “%(task)s” was hidden. Reason: %(reason)s")
            % {"task": task.title, "reason": post.hidden_reason}
        ),
        url=task_path(task, f"post-{post.pk}"),
        email_template="periods/email/post_hidden",
        email_context=lambda user: {
            "pseudonym": _pseudonym(user),
            "task_title": task.title,
            "period_title": task.period.title,
            "reason": post.hidden_reason,
        },
    )
