"""The report's files. Every download writes an ANSWERS_EXPORTED audit record."""

from django.http import HttpRequest, HttpResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from audit.models import AuditEvent
from audit.services import audit_record

from ..exports import report_csv, report_xlsx
from ..pdf import report_pdf
from ..permissions import reports_staff_required
from .common import figures_of, report_of


@never_cache
@require_GET
@reports_staff_required
def report_export(request: HttpRequest, period_id: int, fmt: str) -> HttpResponse:
    report = report_of(request, period_id)
    # A file download may wait for a draft never built; the page would not.
    figures = figures_of(report, live=True)
    audit_record(actor=request.user, action=AuditEvent.Action.ANSWERS_EXPORTED, obj=report, detail={"format": fmt})
    filename = f"report-{report.period_id}.{fmt}"
    if fmt == "xlsx":
        return report_xlsx(figures, filename, report=report)
    if fmt == "pdf":
        response = HttpResponse(report_pdf(report, figures), content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response
    return report_csv(figures, filename)
