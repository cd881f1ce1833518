"""A selection whose job failed or whose worker went away says so on its page, with a retry."""

from datetime import timedelta

import pytest
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from audit.models import AuditEvent
from conftest import verified_client
from core.models import WorkerHeartbeat
from recruitment import selection
from recruitment.models import SelectionRun
from recruitment.selection_service import selection_compute
from recruitment.tests.test_selection_flow import ready_round  # noqa: F401 (a fixture)

pytestmark = pytest.mark.django_db


def jobs(run: SelectionRun):
    return DBTaskResult.objects.filter(task_path=selection_compute.module_path, args_kwargs__kwargs__run_id=run.pk)


def selection_url(round) -> str:
    return f"/en/staff/recruitment/{round.pk}/selection/"


def retry_url(run: SelectionRun) -> str:
    return f"/en/staff/recruitment/{run.round_id}/selection/{run.pk}/retry/"


@pytest.fixture
def failed_run(manager_client, ready_round, run_worker, monkeypatch, django_capture_on_commit_callbacks):  # noqa: F811
    """A lottery whose computation raised: the run itself still says "running"."""
    with django_capture_on_commit_callbacks(execute=True):
        manager_client.post(f"/fi/staff/recruitment/{ready_round.pk}/selection/start/")
    run = SelectionRun.objects.get()

    def broken(*args, **kwargs):
        raise MemoryError("out of memory")

    with monkeypatch.context() as patch:
        patch.setattr(selection, "compute_lottery", broken)
        run_worker()
    assert [job.status for job in jobs(run)] == ["FAILED"]
    run.refresh_from_db()
    assert run.status == SelectionRun.Status.RUNNING
    return run


def test_the_page_says_a_lottery_whose_job_raised_stopped_and_offers_a_retry(
    manager_client, failed_run, django_assert_max_num_queries
):
    with django_assert_max_num_queries(13):  # two of them for the job's state
        html = manager_client.get(selection_url(failed_run.round)).content.decode()
    assert "Computing the lottery stopped" in html and "Computing…" not in html
    assert f'action="{retry_url(failed_run)}"' in html


def test_a_retry_queues_exactly_one_job_and_is_audit_logged(
    manager_client, manager, failed_run, run_worker, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        assert manager_client.post(retry_url(failed_run)).status_code == 302
        assert manager_client.post(retry_url(failed_run)).status_code == 302  # a double click adds nothing
    assert [job.status for job in jobs(failed_run).order_by("enqueued_at")] == ["FAILED", "READY"]
    retries = AuditEvent.objects.filter(actor=manager, action=AuditEvent.Action.SELECTION_RUN, detail__retry=True)
    assert retries.count() == 1
    assert "Computing…" in manager_client.get(selection_url(failed_run.round)).content.decode()
    run_worker()
    failed_run.refresh_from_db()
    assert failed_run.status == SelectionRun.Status.DONE and len(failed_run.panels) == 1000


def test_a_lottery_whose_worker_went_away_says_so(manager_client, failed_run):
    jobs(failed_run).update(status="RUNNING", worker_ids=["gone"])
    WorkerHeartbeat.objects.create(
        worker_id="gone", hostname="app1", pid=1, started_at=timezone.now(), beat_at=timezone.now()
    )
    assert "Computing…" in manager_client.get(selection_url(failed_run.round)).content.decode()
    WorkerHeartbeat.objects.update(beat_at=timezone.now() - timedelta(seconds=61))
    assert "Computing the lottery stopped" in manager_client.get(selection_url(failed_run.round)).content.decode()


def test_the_retry_is_for_managers_only_and_for_this_rounds_run(
    member_client, developer_client, outsider_client, manager_client, failed_run
):
    url = retry_url(failed_run)
    assert member_client.post(url).status_code == 403
    assert developer_client.post(url).status_code == 403
    assert outsider_client.post(url).status_code == 403
    other_round = f"/en/staff/recruitment/{failed_run.round_id + 1000}/selection/{failed_run.pk}/retry/"
    assert manager_client.post(other_round).status_code == 404
    assert manager_client.get(url).status_code == 405
    assert jobs(failed_run).count() == 1


def test_the_retry_refuses_a_post_without_a_csrf_token(manager, failed_run):
    client = verified_client(manager)
    client.handler.enforce_csrf_checks = True
    assert client.post(retry_url(failed_run)).status_code == 403
    assert jobs(failed_run).count() == 1
