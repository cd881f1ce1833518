"""Writes to reports: staff-written parts, delivery with its snapshot, and coding of open answers."""

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.models import AuditEvent
from audit.services import audit_record
from periods.models import Answer, Period

from .figures import report_figures
from .models import AnswerCoding, Code, Finding, Report, ReportStatus


class ReportError(Exception):
    """A refused change, with a message to show."""


def report_for(period: Period) -> Report:
    report, _created = Report.objects.get_or_create(period=period)
    return report


@transaction.atomic
def report_update(*, report: Report, actor, summary: str, recommendations: str) -> Report:
    if report.is_delivered:
        raise ReportError(_("A delivered report cannot be changed."))
    report.summary = summary
    report.recommendations = recommendations
    report.save(update_fields=["summary", "recommendations", "updated_at"])
    audit_record(actor=actor, action=AuditEvent.Action.REPORT_EDITED, obj=report)
    return report


@transaction.atomic
def finding_create(*, report: Report, actor, title: str, text: str) -> Finding:
    if report.is_delivered:
        raise ReportError(_("A delivered report cannot be changed."))
    order = report.findings.count()
    finding = Finding.objects.create(report=report, order=order, title=title, text=text)
    audit_record(actor=actor, action=AuditEvent.Action.REPORT_EDITED, obj=report, detail={"finding": finding.pk})
    return finding


@transaction.atomic
def report_deliver(*, report: Report, actor) -> Report:
    """Freeze every figure into the snapshot and mark the report delivered.

    Nobody is notified yet: the notification to the development team is a later step of issue 5.
    """
    report = Report.objects.select_for_update().get(pk=report.pk)
    if report.is_delivered:
        raise ReportError(_("The report has already been delivered."))
    report.snapshot = report_figures(report.period)
    report.status = ReportStatus.DELIVERED
    report.delivered_at = timezone.now()
    report.delivered_by = actor
    report.save()
    audit_record(actor=actor, action=AuditEvent.Action.REPORT_DELIVERED, obj=report)
    return report


def code_create(*, period: Period, name: str) -> Code:
    name = name.strip()
    if not name:
        raise ReportError(_("Give the code a name."))
    code, _created = Code.objects.get_or_create(period=period, name=name)
    return code


@transaction.atomic
def answer_code(*, answer: Answer, code: Code, actor) -> AnswerCoding:
    """Tag an answer with a code of its own period's codebook; tagging twice keeps one."""
    if code.period_id != answer.question.task.period_id:
        raise ReportError(_("That code belongs to another period."))
    try:
        with transaction.atomic():
            coding = AnswerCoding.objects.create(answer=answer, code=code, coded_by=actor)
    except IntegrityError:
        return AnswerCoding.objects.get(answer=answer, code=code)
    audit_record(actor=actor, action=AuditEvent.Action.ANSWER_CODED, obj=answer, detail={"code": code.pk})
    return coding
