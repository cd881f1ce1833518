"""The one thing a member should do next, shown at the top of their home page."""

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from django.db.models import Count, Exists, IntegerField, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce
from django.urls import reverse

from ..models import Approval, Period, Response, Task


def periods_with_progress(periods, member):
    """Annotate each period with `task_count` and `done_count` (the member's finished tasks), in one query."""
    total = (
        Task.objects.filter(period=OuterRef("pk"), approval=Approval.APPROVED)
        .order_by()
        .values("period")
        .annotate(n=Count("pk"))
        .values("n")
    )
    done = (
        Response.objects.filter(
            task__period=OuterRef("pk"), task__approval=Approval.APPROVED, member=member, submitted_at__isnull=False
        )
        .order_by()
        .values("task__period")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return periods.annotate(
        task_count=Coalesce(Subquery(total, output_field=IntegerField()), Value(0)),
        done_count=Coalesce(Subquery(done, output_field=IntegerField()), Value(0)),
    )


class NextStepState(StrEnum):
    CONTINUE = "continue"  # a period is open and some of its tasks wait
    ALL_DONE = "all_done"  # every open task is done; the period is still open for edits
    WAIT = "wait"  # nothing is open: the next period, if one is announced, or an email will tell


@dataclass(frozen=True)
class NextStep:
    state: NextStepState
    period: Period | None = None
    done: int = 0
    total: int = 0
    url: str = ""

    @property
    def closes_at(self) -> datetime | None:
        return self.period.ends_at if self.period and self.state != NextStepState.WAIT else None

    @property
    def opens_at(self) -> datetime | None:
        return self.period.starts_at if self.period and self.state == NextStepState.WAIT else None


def member_next_step(*, member, now: datetime) -> NextStep:
    """Where the member continues: the first unfinished task of the open period closing first, in one query."""
    unfinished = (
        Task.objects.filter(period=OuterRef("pk"), approval=Approval.APPROVED)
        .exclude(
            Exists(Response.objects.filter(task=OuterRef("pk"), member=member, submitted_at__isnull=False)),
        )
        .order_by("order", "pk")
        .values("pk")[:1]
    )
    periods = periods_with_progress(
        Period.objects.published()
        .filter(participants__member=member, ends_at__gt=now)
        .annotate(next_task_id=Subquery(unfinished, output_field=IntegerField())),
        member,
    )
    found = list(periods.order_by("ends_at", "pk"))
    open_ = [p for p in found if p.starts_at <= now]
    waiting = [p for p in open_ if p.next_task_id or not p.task_count]
    if waiting:
        period = waiting[0]
        url = reverse("periods:member_period", kwargs={"period_id": period.pk})
        if period.next_task_id:
            url = reverse("periods:member_task", kwargs={"period_id": period.pk, "task_id": period.next_task_id})
        return NextStep(NextStepState.CONTINUE, period, period.done_count, period.task_count, url)
    if open_:
        period = open_[0]
        url = reverse("periods:member_period", kwargs={"period_id": period.pk})
        return NextStep(NextStepState.ALL_DONE, period, period.done_count, period.task_count, url)
    upcoming = min((p for p in found if p.starts_at > now), key=lambda p: (p.starts_at, p.pk), default=None)
    return NextStep(NextStepState.WAIT, upcoming)
