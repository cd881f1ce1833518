"""Quotes in a report: add one from an open answer or a post, redact and check it, delete it.

The answer, post, finding and quote are fetched within the report's own period: any other id answers
a logged 404. A delivered report refuses every change with a message (quotes.ReportError).
"""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from audit.models import AuditEvent
from audit.services import audit_denied, audit_record
from periods.models import Answer, Post

from .. import quotes as services
from ..forms import QuoteAddForm, QuoteForm
from ..models import Quote, Report
from ..permissions import reports_staff_required
from ..redaction import flags, kind_labels, redact
from ..rules import ReportError
from .common import report_of, to_report


def _quote_of(request: HttpRequest, report: Report, quote_id: int) -> Quote:
    quote = report.quotes.filter(pk=quote_id).select_related("finding", "answer__question", "post__task").first()
    if quote is None:
        raise audit_denied(request, what=f"quote {quote_id}")
    quote.report = report
    return quote


@require_POST
@reports_staff_required
def quote_add(request: HttpRequest, period_id: int) -> HttpResponse:
    report = report_of(request, period_id)
    form = QuoteAddForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose one answer or one post to quote."))
        return to_report(report, "#quotes")
    data = form.cleaned_data
    answer = post = finding = None
    if data["answer"] is not None:
        answer = (
            Answer.objects.filter(
                pk=data["answer"], question__task__period=report.period, response__submitted_at__isnull=False
            )
            .select_related("question__task", "response")
            .first()
        )
        if answer is None:
            raise audit_denied(request, what=f"answer {data['answer']}")
    else:
        post = Post.objects.filter(pk=data["post"], task__period=report.period).select_related("task").first()
        if post is None:
            raise audit_denied(request, what=f"post {data['post']}")
    if data["finding"] is not None:
        finding = report.findings.filter(pk=data["finding"]).first()
        if finding is None:
            raise audit_denied(request, what=f"finding {data['finding']}")
    try:
        quote = services.quote_add(report=report, actor=request.user, answer=answer, post=post, finding=finding)
    except ReportError as error:
        messages.error(request, str(error))
        return to_report(report, "#quotes")
    messages.success(request, _("The quote was added. Check it before the report is delivered."))
    return redirect("reports:quote_edit", report.period_id, quote.pk)


@never_cache
@require_http_methods(["GET", "POST"])
@reports_staff_required
def quote_edit(request: HttpRequest, period_id: int, quote_id: int) -> HttpResponse:
    report = report_of(request, period_id)
    quote = _quote_of(request, report, quote_id)
    if request.method == "POST":
        form = QuoteForm(request.POST, report=report)
        if form.is_valid():
            try:
                services.quote_update(
                    quote=quote,
                    actor=request.user,
                    text=form.cleaned_data["text"],
                    reviewed=form.cleaned_data["reviewed"],
                    finding=form.cleaned_data["finding"],
                    apply_redactions=request.POST.get("action") == "redact",
                )
            except ReportError as error:
                messages.error(request, str(error))
                return to_report(report, "#quotes")
            messages.success(request, _("The quote was saved."))
            return redirect("reports:quote_edit", report.period_id, quote.pk)
    else:
        form = QuoteForm(
            report=report, initial={"text": quote.text, "finding": quote.finding, "reviewed": quote.reviewed}
        )
    # The page shows a member's own words.
    audit_record(
        actor=request.user,
        action=AuditEvent.Action.ANSWERS_VIEWED,
        obj=report,
        detail={"view": "quote", "quote": quote.pk},
    )
    labels = kind_labels()
    return render(
        request,
        "reports/quote_edit.html",
        {
            "period": report.period,
            "report": report,
            "quote": quote,
            "form": form,
            "flags": [{**flag, "label": labels.get(flag["kind"], flag["kind"])} for flag in quote.flags],
            "suggested": redact(quote.text, flags(quote.text)) if quote.flags else "",
            "can_change": not report.is_delivered,
            "can_edit_text": not report.is_delivered and not quote.erased,
        },
    )


@require_POST
@reports_staff_required
def quote_delete(request: HttpRequest, period_id: int, quote_id: int) -> HttpResponse:
    report = report_of(request, period_id)
    quote = _quote_of(request, report, quote_id)
    try:
        services.quote_delete(quote=quote, actor=request.user)
    except ReportError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("The quote was deleted."))
    return to_report(report, "#quotes")
