"""Staff pages of period reports: the list, the report itself, its written parts and delivery.

Periods are fetched through periods.access, so another organisation's report answers a logged 404.
Every page that shows members' own words writes an ANSWERS_VIEWED audit record.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from audit.models import AuditEvent
from audit.services import audit_record
from core.access import SignedInRequest
from core.pagination import paginate
from periods.permissions import periods_visible_to_staff

from .. import services
from ..build import build_failed, build_running, report_build_retry, report_build_start
from ..forms import CrosstabForm, DeliverForm, FindingForm, PublishForm, ReportForm
from ..next_step import report_next_step
from ..permissions import can_deliver_report, can_edit_report, can_manage_reports, reports_staff_required
from .common import figures_of, report_of, to_report


@never_cache
@require_GET
@reports_staff_required
def report_list(request: HttpRequest) -> HttpResponse:
    periods = periods_visible_to_staff(request.user).order_by("-starts_at").select_related("report")
    return render(request, "reports/report_list.html", {"page": paginate(request, periods)})


@never_cache
@require_GET
@reports_staff_required
def report_detail(request: SignedInRequest, period_id: int) -> HttpResponse:
    report = report_of(request, period_id)
    figures = figures_of(report)
    # Never built: count now. A build that failed waits for someone to press "Try again".
    if not figures and not build_failed(report) and report_build_start(report):
        # A small set-up (the immediate task backend) has built it already; otherwise it shows progress.
        report.refresh_from_db()
        figures = figures_of(report)
    crosstab_form = CrosstabForm(request.GET or None, questions=figures.get("questions", []))
    crosstab = None
    if crosstab_form.is_bound and crosstab_form.is_valid():
        question_id, variable = crosstab_form.cleaned_data["question"], crosstab_form.cleaned_data["variable"]
        if question_id and variable:
            crosstab = figures.get("crosstabs", {}).get(str(question_id), {}).get(variable)
    # "Other" answers on this page are members' own words.
    audit_record(actor=request.user, action=AuditEvent.Action.ANSWERS_VIEWED, obj=report, detail={"view": "report"})
    build_state = _build_state(report)
    next_step = report_next_step(
        report,
        request.user,
        built=bool(figures),
        building=build_state["building"],
        build_failed=build_state["build_failed"],
    )
    return render(
        request,
        "reports/report_detail.html",
        {
            "period": report.period,
            "report": report,
            "figures": figures,
            "findings": report.findings.all(),
            "crosstab_form": crosstab_form,
            "crosstab": crosstab,
            "crosstab_asked": crosstab_form.is_bound,
            "can_edit": can_edit_report(request.user, report),
            "can_deliver": can_deliver_report(request.user, report),
            "report_form": ReportForm(instance=report),
            "finding_form": FindingForm(),
            "deliver_form": DeliverForm(initial={"built_at": report.build_marker}),
            **build_state,
            "next_step": next_step,
            "can_publish": can_manage_reports(request.user) and report.is_delivered,
            "publish_form": PublishForm(initial={"public_summary": report.public_summary or report.summary}),
        },
    )


@never_cache
@require_http_methods(["GET", "POST"])
@reports_staff_required
def report_build(request: HttpRequest, period_id: int) -> HttpResponse:
    """GET: the build's progress as JSON (for the page's script). POST: count the figures again."""
    report = report_of(request, period_id)
    if request.method == "POST":
        if not can_edit_report(request.user, report):
            raise PermissionDenied
        if report_build_start(report):
            messages.success(request, _("The figures are being counted again. The page shows the new ones when ready."))
        else:
            messages.info(request, _("The figures are already being counted."))
        return to_report(report)
    state = _build_state(report)
    return JsonResponse(
        {
            "status": report.build_status,
            "progress": report.build_progress,
            "message": report.build_message,
            "built_at": report.built_at.isoformat() if report.built_at else None,
            "running": state["building"],
            "failed": state["build_failed"],
        }
    )


@require_POST
@reports_staff_required
def build_retry(request: HttpRequest, period_id: int) -> HttpResponse:
    """Count the figures again after the build failed or its worker went away."""
    report = report_of(request, period_id)
    if not can_edit_report(request.user, report):
        raise PermissionDenied
    if report_build_retry(report=report, actor=request.user):
        messages.success(request, _("The figures are being counted again. The page shows the new ones when ready."))
    else:
        messages.info(request, _("There is nothing to try again: the figures are being counted or are ready."))
    return to_report(report)


def _build_state(report) -> dict[str, bool]:
    """A build shows as progress only while it can still finish; a failed or lost one says so."""
    failed = not report.is_delivered and build_failed(report)
    return {"building": build_running(report) and not failed, "build_failed": failed}


@require_POST
@reports_staff_required
def report_edit(request: HttpRequest, period_id: int) -> HttpResponse:
    report = report_of(request, period_id)
    if not can_edit_report(request.user, report):
        raise PermissionDenied
    form = ReportForm(request.POST, instance=report)
    if form.is_valid():
        services.report_update(
            report=report,
            actor=request.user,
            summary=form.cleaned_data["summary"],
            recommendations=form.cleaned_data["recommendations"],
        )
        messages.success(request, _("The report was saved."))
    else:
        messages.error(request, _("The report was not saved."))
    return to_report(report, "#written")


@require_POST
@reports_staff_required
def finding_create(request: HttpRequest, period_id: int) -> HttpResponse:
    report = report_of(request, period_id)
    if not can_edit_report(request.user, report):
        raise PermissionDenied
    form = FindingForm(request.POST)
    if form.is_valid():
        services.finding_create(report=report, actor=request.user, **form.cleaned_data)
        messages.success(request, _("The finding was added."))
    else:
        messages.error(request, _("Give the finding a title."))
    return to_report(report, "#findings")


@require_POST
@reports_staff_required
def report_deliver(request: HttpRequest, period_id: int) -> HttpResponse:
    report = report_of(request, period_id)
    if not can_deliver_report(request.user, report):
        raise PermissionDenied
    form = DeliverForm(request.POST)
    built_at = form.cleaned_data["built_at"] if form.is_valid() else ""
    try:
        services.report_deliver(report=report, actor=request.user, built_at=built_at)
    except services.ReportError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("The report was delivered and its team notified. Its figures no longer change."))
    return to_report(report)


@require_POST
@reports_staff_required
def report_publish(request: SignedInRequest, period_id: int) -> HttpResponse:
    report = report_of(request, period_id)
    if not can_manage_reports(request.user):
        raise PermissionDenied
    form = PublishForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Write the public summary first (at most 5,000 characters)."))
        return to_report(report, "#publish")
    try:
        services.report_publish(report=report, actor=request.user, public_summary=form.cleaned_data["public_summary"])
    except services.ReportError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("The public summary was published."))
    return to_report(report, "#publish")
