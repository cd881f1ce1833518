"""Building a report's figures in the background, with progress the page can show.

Counting a large period (10,000 respondents, cross-tabs, opinion groups, themes of open answers)
takes seconds, so no page waits for it: a build is queued as a django-tasks task, writes its progress
onto the Report row, and stores the result in `Report.figures`. The page shows the last figures
while a new build runs. A closed period's report is built by the scheduled job without anyone asking,
so the team has its first reading the day the period closes.
"""

import logging
from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import task
from threadpoolctl import threadpool_limits

from audit.models import AuditEvent
from audit.services import audit_record
from core.background import JobState, job_state
from core.locks import lock_retried
from periods.models import Period, Question

from .figures import report_figures
from .models import BuildStatus, Report, ReportStatus
from .text_service import suggestions_build, themes_build

log = logging.getLogger(__name__)

# A build that has not moved for this long is taken as lost (e.g. a worker restart) and may start again.
STALE_AFTER = timedelta(minutes=15)


def build_running(report: Report) -> bool:
    recent = report.updated_at and timezone.now() - report.updated_at < STALE_AFTER
    return report.build_status in (BuildStatus.QUEUED, BuildStatus.RUNNING) and bool(recent)


def build_failed(report: Report) -> bool:
    """Whether the last build failed or was lost: its job raised, its worker went away, or it stopped moving.

    Up to two queries while a build is queued or running (none otherwise), so that a page never
    shows progress that will not come.
    """
    if report.build_status == BuildStatus.FAILED:
        return True
    if report.build_status not in (BuildStatus.QUEUED, BuildStatus.RUNNING):
        return False
    if not build_running(report):
        return True
    return job_state(report_build, report_id=report.pk) in (JobState.FAILED, JobState.LOST)


def report_build_start(report: Report) -> bool:
    """Queue a build unless one is already under way; return whether one was queued."""
    with transaction.atomic():
        report = Report.objects.select_for_update().get(pk=report.pk)
        if report.status != ReportStatus.DRAFT or build_running(report):
            return False
        _build_queue(report)
    return True


def report_build_retry(*, report: Report, actor) -> bool:
    """Queue the build again after it failed or was lost (audit-logged); return whether one was queued."""
    with transaction.atomic():
        report = Report.objects.select_for_update().get(pk=report.pk)
        if report.status != ReportStatus.DRAFT or not build_failed(report):
            return False
        audit_record(actor=actor, action=AuditEvent.Action.REPORT_EDITED, obj=report, detail={"build": "retried"})
        _build_queue(report)
    return True


def _build_queue(report: Report) -> None:
    report.build_status = BuildStatus.QUEUED
    report.build_progress = 0
    report.build_message = ""
    report.save(update_fields=["build_status", "build_progress", "build_message", "updated_at"])
    # Not on_commit: the database backend stores the task in this same transaction, so the
    # worker sees it only once the status above is committed too (the immediate backend of
    # tests and small set-ups simply builds it now).
    report_build.enqueue(report_id=report.pk)


@lock_retried
def _progress(report_id: int, percent: int, message: str) -> None:
    Report.objects.filter(pk=report_id).update(
        build_status=BuildStatus.RUNNING,
        build_progress=percent,
        build_message=str(message)[:300],
        updated_at=timezone.now(),
    )


def figures_build(period: Period, *, on_progress=None) -> dict:
    """The figures, the suggested themes of every open question and the code suggestions."""
    progress = on_progress or (lambda percent, message: None)
    # One BLAS/OpenMP thread: k-means on a busy server otherwise oversubscribes the cores (40× slower).
    with threadpool_limits(limits=1):
        return _figures_build(period, progress)


def _figures_build(period: Period, progress) -> dict:
    figures = report_figures(period, on_progress=progress)
    questions = list(Question.objects.open_text_of(period))
    # The automatic reading is a help, not the report: if it fails on some text, the figures still land.
    for index, question in enumerate(questions):
        progress(80 + 15 * index // max(len(questions), 1), _("Themes of open answers"))
        try:
            themes_build(question)
        except Exception:
            log.exception("Themes of question %s could not be built", question.pk)
    progress(95, _("Code suggestions"))
    try:
        suggestions_build(period)
    except Exception:
        log.exception("Code suggestions of period %s could not be built", period.pk)
    return figures


@task()
def report_build(*, report_id: int) -> None:
    """Count the report of one period (background work; its progress shows on the report page).

    Nothing is written while counting but the progress (one short update at a time); the figures
    land in one short write at the end, retried if the database is busy.
    """
    report = Report.objects.select_related("period").get(pk=report_id)
    _progress(report_id, 1, _("Starting"))
    try:
        figures = figures_build(
            report.period, on_progress=lambda percent, message: _progress(report_id, percent, message)
        )
    except Exception:
        log.exception("Report %s could not be built", report_id)
        _build_failed(report_id)
        return
    _build_store(report_id, figures)


def report_build_now(report: Report) -> None:
    """Build a draft's figures while someone waits (a download of a draft never built, the demo) and store them."""
    report.refresh_from_db()
    if report.status == ReportStatus.DRAFT:
        report_build.call(report_id=report.pk)
        report.refresh_from_db()


@lock_retried
def _build_failed(report_id: int) -> None:
    Report.objects.filter(pk=report_id).update(
        build_status=BuildStatus.FAILED, build_message=_("The build failed; try again."), updated_at=timezone.now()
    )


@lock_retried
def _build_store(report_id: int, figures: dict) -> None:
    """Store the figures, unless the report was delivered meanwhile (its snapshot is then final)."""
    Report.objects.filter(pk=report_id, status=ReportStatus.DRAFT).update(
        figures=figures,
        build_status=BuildStatus.DONE,
        build_progress=100,
        build_message="",
        built_at=timezone.now(),
        updated_at=timezone.now(),
    )


def reports_due(now) -> dict[str, int]:
    """Scheduled job: start the first build of every closed period's report that has none."""
    closed = Period.objects.closed(now)
    for period in closed.filter(report__isnull=True):
        Report.objects.get_or_create(period=period)
    started = 0
    for report in Report.objects.filter(
        period__in=closed, status=ReportStatus.DRAFT, built_at__isnull=True, build_status=BuildStatus.IDLE
    ):
        started += report_build_start(report)
    return {"reports_built": started}
