"""A report build whose job failed or whose worker went away says so on its page, with a retry."""

from datetime import timedelta

import pytest
from django.db import OperationalError
from django.urls import reverse
from django.utils import timezone, translation
from django_tasks_db.models import DBTaskResult

from audit.models import AuditEvent
from conftest import verified_client
from core.models import WorkerHeartbeat
from reports import build
from reports.build import report_build_start
from reports.models import BuildStatus, Report
from reports.services import report_for


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def jobs(report: Report):
    return DBTaskResult.objects.filter(
        task_path=build.report_build.module_path, args_kwargs__kwargs__report_id=report.pk
    )


@pytest.fixture
def failed_build(filled, run_worker, monkeypatch):
    """A build whose job raised before it could say so on the report (a locked database, say)."""
    report = report_for(filled[0])
    assert report_build_start(report)

    def locked(report_id, percent, message):
        raise OperationalError("database is locked")

    with monkeypatch.context() as patch:
        patch.setattr(build, "_progress", locked)
        run_worker()
    assert [job.status for job in jobs(report)] == ["FAILED"]
    assert Report.objects.get(pk=report.pk).build_status == BuildStatus.QUEUED  # what the page used to trust
    return report


def page(client, report) -> str:
    return client.get(reverse("reports:detail", args=[report.period_id])).content.decode()


def test_the_page_says_a_build_whose_job_raised_failed_and_offers_a_retry(
    manager_client, failed_build, django_assert_max_num_queries
):
    with django_assert_max_num_queries(12):  # the page's budget, with the job's state read
        html = page(manager_client, failed_build)
    assert "Counting the figures failed" in html and "being counted" not in html
    assert f'action="{reverse("reports:build_retry", args=[failed_build.period_id])}"' in html
    state = manager_client.get(reverse("reports:build", args=[failed_build.period_id])).json()
    assert state["failed"] is True and state["running"] is False


def test_a_retry_queues_exactly_one_job_and_is_audit_logged(developer_client, developer, failed_build, run_worker):
    url = reverse("reports:build_retry", args=[failed_build.period_id])
    assert developer_client.post(url).status_code == 302
    assert developer_client.post(url).status_code == 302  # a double click queues nothing more
    assert [job.status for job in jobs(failed_build).order_by("enqueued_at")] == ["FAILED", "READY"]
    assert AuditEvent.objects.filter(actor=developer, action=AuditEvent.Action.REPORT_EDITED).count() == 1
    assert "being counted" in page(developer_client, failed_build)
    run_worker()
    report = Report.objects.get(pk=failed_build.pk)
    assert report.build_status == BuildStatus.DONE and report.figures["questions"]


def test_a_build_whose_worker_went_away_says_so(manager_client, filled, database_queue):
    report = report_for(filled[0])
    report_build_start(report)
    jobs(report).update(status="RUNNING", worker_ids=["gone"], started_at=timezone.now())
    Report.objects.filter(pk=report.pk).update(build_status=BuildStatus.RUNNING, build_progress=40)
    WorkerHeartbeat.objects.create(
        worker_id="gone", hostname="app1", pid=1, started_at=timezone.now(), beat_at=timezone.now()
    )
    assert "being counted" in page(manager_client, report)
    WorkerHeartbeat.objects.update(beat_at=timezone.now() - timedelta(minutes=2))
    assert "Counting the figures failed" in page(manager_client, report)


def test_a_failed_build_is_not_started_again_by_opening_the_page(manager_client, failed_build):
    page(manager_client, failed_build)
    assert jobs(failed_build).count() == 1


def test_a_build_that_runs_is_not_retried(manager_client, filled, database_queue):
    report = report_for(filled[0])
    report_build_start(report)
    manager_client.post(reverse("reports:build_retry", args=[report.period_id]))
    assert jobs(report).count() == 1


def test_the_retry_is_for_staff_who_may_start_a_build(member_client, outsider_client, developer_client, failed_build):
    url = reverse("reports:build_retry", args=[failed_build.period_id])
    assert member_client.post(url).status_code == 403
    assert outsider_client.post(url).status_code == 404
    assert developer_client.get(url).status_code == 405
    assert jobs(failed_build).count() == 1


def test_the_retry_refuses_a_post_without_a_csrf_token(manager, failed_build):
    client = verified_client(manager)
    client.handler.enforce_csrf_checks = True
    assert client.post(reverse("reports:build_retry", args=[failed_build.period_id])).status_code == 403
    assert jobs(failed_build).count() == 1
