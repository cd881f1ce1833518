"""What periods put on the staff home's to-do list: proposals to approve, and how open periods are answered."""

from datetime import timedelta

from django.db.models import Count, Exists, IntegerField, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core.formats import fmt_date, fmt_pct
from core.todos import TodoItem, Urgency

from .models import Approval, Participant, Period, Response, Task
from .permissions import can_manage_periods, can_use_periods, periods_visible_to_staff

# A period that closes within this many days is urgent: there is still time to remind its members.
CLOSING_SOON = timedelta(days=3)


def proposals_waiting(user) -> list[TodoItem]:
    """Periods and tasks that developers proposed, for a community manager to approve (two queries)."""
    if not can_manage_periods(user):
        return []
    count = Period.objects.filter(approval=Approval.PROPOSED).count()
    count += Task.objects.filter(approval=Approval.PROPOSED).count()
    label = ngettext("%(count)s proposal waits for your approval", "%(count)s proposals wait for your approval", count)
    return [TodoItem(label=label % {"count": count}, count=count, url=reverse("periods:staff_approvals"))]


def _per_period(participants) -> Coalesce:
    """How many of `participants` each period has, as a subquery of the period list."""
    counted = participants.filter(period=OuterRef("pk")).order_by().values("period").annotate(n=Count("pk"))
    return Coalesce(Subquery(counted.values("n"), output_field=IntegerField()), 0)


def open_periods_answered(user) -> list[TodoItem]:
    """Each open period the staff member may see, with its response rate; those closing soon first (one query).

    The rate is the share of invited members who have sent at least one response, as in the report.
    """
    if not can_use_periods(user):
        return []
    sent = Response.objects.filter(
        task__period=OuterRef("period"), member=OuterRef("member"), submitted_at__isnull=False
    )
    periods = (
        periods_visible_to_staff(user)
        .open()
        .annotate(
            invited=_per_period(Participant.objects.all()),
            answered=_per_period(Participant.objects.filter(Exists(sent))),
        )
        .order_by("ends_at", "pk")
    )
    soon = timezone.now() + CLOSING_SOON
    return [_rate_item(period, closing=period.ends_at <= soon) for period in periods]


def _rate_item(period, *, closing: bool) -> TodoItem:
    values = {
        "title": period.title,
        "answered": period.answered,
        "invited": period.invited,
        "rate": fmt_pct(100 * period.answered / period.invited if period.invited else None, 0),
        "date": fmt_date(period.ends_at),
    }
    if closing:
        label = _("“%(title)s” closes on %(date)s: %(answered)s of %(invited)s invited have answered (%(rate)s)")
    else:
        label = _("“%(title)s”: %(answered)s of %(invited)s invited have answered (%(rate)s)")
    return TodoItem(
        label=label % values,
        count=period.invited,
        url=reverse("periods:staff_period_live", args=[period.pk]),
        urgency=Urgency.URGENT if closing else Urgency.INFO,
    )
