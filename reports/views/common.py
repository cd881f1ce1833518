"""What every report view shares: who may use reports, and how a report is fetched."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse

from periods.access import staff_period_or_404

from .. import services
from ..figures import report_figures
from ..models import Report
from ..services import themes_snapshot


def report_of(request: HttpRequest, period_id: int) -> Report:
    return services.report_for(staff_period_or_404(request, period_id))


def figures_of(report: Report, *, live: bool = False) -> dict:
    """A delivered report reads its snapshot; a draft its last build, with the themes staff accepted.

    With `live`, a draft never built is counted now (a file download waits; a page does not).
    """
    if report.is_delivered and report.snapshot:
        return report.snapshot
    if report.figures:
        return {**report.figures, "themes": themes_snapshot(report.period)}
    return report_figures(report.period) if live else {}


def to_report(report: Report, anchor: str = "") -> HttpResponse:
    return redirect(reverse("reports:detail", args=[report.period_id]) + anchor)
