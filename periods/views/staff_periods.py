"""Staff pages for periods: list, create and edit, review, publish, duplicate, approvals."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core.access import SignedInRequest
from core.pagination import paginate

from ..access import staff_period_or_404
from ..forms_staff import DuplicatePeriodForm, PeriodForm, ReviewForm, StatusFilterForm, segment_choices
from ..models import Approval, Period, Task
from ..permissions import can_edit_period, can_manage_periods, periods_staff_required, periods_visible_to_staff
from ..services.staff import (
    period_create,
    period_duplicate,
    period_publish,
    period_review,
    period_unpublish,
    period_update,
)
from .staff import back_to_approvals, require_manager, run


@require_GET
@periods_staff_required
def period_list(request: HttpRequest) -> HttpResponse:
    form = StatusFilterForm(request.GET or None)
    periods = periods_visible_to_staff(request.user)
    if form.is_valid() and form.cleaned_data["status"]:
        periods = periods.with_status(form.cleaned_data["status"])
    periods = periods.annotate(task_count=Count("tasks", distinct=True)).order_by("-starts_at", "-pk")
    waiting = (
        Period.objects.filter(approval=Approval.PROPOSED).count()
        + Task.objects.filter(approval=Approval.PROPOSED).count()
        if can_manage_periods(request.user)
        else 0
    )
    return render(
        request,
        "periods/staff/period_list.html",
        {"page": paginate(request, periods), "form": form, "waiting": waiting},
    )


@require_http_methods(["GET", "POST"])
@periods_staff_required
def period_create_view(request: HttpRequest) -> HttpResponse:
    form = PeriodForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        period = period_create(by=request.user, data=form.period_data(), organisations=form.chosen_organisations())
        if period.approval == Approval.PROPOSED:
            messages.success(request, _("The period has been proposed. A community manager will review it."))
        else:
            messages.success(request, _("The period has been created."))
        return redirect("periods:staff_period_detail", period_id=period.pk)
    return render(request, "periods/staff/period_form.html", {"form": form, "period": None})


@require_http_methods(["GET", "POST"])
@periods_staff_required
def period_edit(request: SignedInRequest, period_id: int) -> HttpResponse:
    period = staff_period_or_404(request, period_id)
    if not can_edit_period(request.user, period):
        raise PermissionDenied
    form = PeriodForm(request.POST or None, instance=period, user=request.user)
    if request.method == "POST" and form.is_valid():
        organisations = form.chosen_organisations() if can_manage_periods(request.user) else None
        period_update(by=request.user, period=period, data=form.period_data(), organisations=organisations)
        messages.success(request, _("The period has been saved."))
        return redirect("periods:staff_period_detail", period_id=period.pk)
    return render(request, "periods/staff/period_form.html", {"form": form, "period": period})


@require_GET
@periods_staff_required
def period_detail(request: HttpRequest, period_id: int) -> HttpResponse:
    period = staff_period_or_404(request, period_id)
    tasks = list(period.tasks.annotate(question_count=Count("questions")).order_by("order", "pk"))
    return render(
        request,
        "periods/staff/period_detail.html",
        {
            "period": period,
            "tasks": tasks,
            "organisations": list(period.organisations.all()),
            "participant_count": period.participants.count(),
            "segment": segment_display(period),
            "can_edit": can_edit_period(request.user, period),
            "can_manage": can_manage_periods(request.user),
            "review_form": ReviewForm(),
        },
    )


@require_POST
@periods_staff_required
def period_review_view(request: HttpRequest, period_id: int) -> HttpResponse:
    period = staff_period_or_404(request, period_id)
    require_manager(request)
    form = ReviewForm(request.POST)
    if form.is_valid():
        decision = form.cleaned_data["decision"]
        run(
            request,
            lambda: period_review(
                period=period, by=request.user, decision=decision, comment=form.cleaned_data["comment"]
            ),
            _("The period has been approved.") if decision == "approve" else _("The period has been returned."),
        )
    else:
        messages.error(request, _("Choose approve or return; returning needs a comment."))
    return back_to_approvals(request) or redirect("periods:staff_period_detail", period_id=period.pk)


@require_POST
@periods_staff_required
def period_publish_view(request: HttpRequest, period_id: int) -> HttpResponse:
    period = staff_period_or_404(request, period_id)
    require_manager(request)
    added: list[int] = []
    run(
        request,
        lambda: added.append(period_publish(period=period, by=request.user)),
        _("The period has been published."),
    )
    if added:
        messages.info(request, _("%(count)d members were invited.") % {"count": added[0]})
    return redirect("periods:staff_period_detail", period_id=period.pk)


@require_POST
@periods_staff_required
def period_unpublish_view(request: HttpRequest, period_id: int) -> HttpResponse:
    period = staff_period_or_404(request, period_id)
    require_manager(request)
    run(request, lambda: period_unpublish(period=period, by=request.user), _("The period is a draft again."))
    return redirect("periods:staff_period_detail", period_id=period.pk)


@require_http_methods(["GET", "POST"])
@periods_staff_required
def period_duplicate_view(request: HttpRequest, period_id: int) -> HttpResponse:
    period = staff_period_or_404(request, period_id)
    form = DuplicatePeriodForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        copy = period_duplicate(period=period, by=request.user, start_day=form.cleaned_data["start_day"])
        messages.success(request, _("The copy has been made as a draft."))
        return redirect("periods:staff_period_detail", period_id=copy.pk)
    return render(request, "periods/staff/period_duplicate.html", {"form": form, "period": period})


@require_GET
@periods_staff_required
def approvals(request: HttpRequest) -> HttpResponse:
    """Proposals from developers that wait for a community manager."""
    require_manager(request)
    periods = Period.objects.filter(approval=Approval.PROPOSED).prefetch_related("organisations").order_by("pk")
    tasks = Task.objects.filter(approval=Approval.PROPOSED).select_related("period").order_by("period_id", "order")
    return render(
        request,
        "periods/staff/approvals.html",
        {"periods": periods, "tasks": tasks, "review_form": ReviewForm()},
    )


def segment_display(period: Period) -> list[tuple[str, list[str]]]:
    """(field label, value labels) of the period's segment, in the active language."""
    shown = []
    for name, (label, choices) in segment_choices().items():
        values = (period.segment or {}).get(name) or []
        if values:
            labels = dict(choices)
            shown.append((str(label), [str(labels.get(value, value)) for value in values]))
    return shown
