"""Fetch periods, tasks and responses for the person asking, or raise a logged 404.

Out-of-scope objects answer 404 (never 403) so their existence does not leak, and every refusal
is written to the audit log (SECURITY.md 1–3).
"""

from django.http import HttpRequest

from audit.services import audit_denied

from .models import Approval, Period, Task
from .permissions import periods_visible_to_staff


def member_period_or_404(request: HttpRequest, period_id: int) -> Period:
    """A period the signed-in member takes part in, once it has opened."""
    period = Period.objects.for_member(request.user).filter(pk=period_id).first()
    if period is None:
        raise audit_denied(request, what=f"period {period_id}")
    return period


def member_task_or_404(request: HttpRequest, period_id: int, task_id: int) -> Task:
    """An approved task of a period the signed-in member takes part in, with its period, in one query."""
    task = (
        Task.objects.filter(
            pk=task_id,
            period_id=period_id,
            approval=Approval.APPROVED,
            period__in=Period.objects.for_member(request.user),
        )
        .select_related("period")
        .first()
    )
    if task is None:
        member_period_or_404(request, period_id)  # a refused period is logged as the period
        raise audit_denied(request, what=f"task {task_id}")
    return task


def staff_period_or_404(request: HttpRequest, period_id: int) -> Period:
    """A period this staff user may see: any for managers, their organisation's for developers."""
    period = periods_visible_to_staff(request.user).filter(pk=period_id).first()
    if period is None:
        raise audit_denied(request, what=f"period {period_id}")
    return period


def staff_task_or_404(request: HttpRequest, period_id: int, task_id: int) -> Task:
    period = staff_period_or_404(request, period_id)
    task = period.tasks.filter(pk=task_id).select_related("period").first()
    if task is None:
        raise audit_denied(request, what=f"task {task_id}")
    return task
