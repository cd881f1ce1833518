"""Whether background work moves: /healthz, the state of one job, the staff home's warning, the scheduler."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation
from django_tasks_db.models import DBTaskResult

from core import scheduled, todos
from core.background import JobState, job_state
from core.models import WorkerHeartbeat
from core.tests import worker_tasks
from reports.build import report_build

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 12, 1, 12, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def beat(at: datetime, worker_id: str = "w1") -> WorkerHeartbeat:
    return WorkerHeartbeat.objects.create(worker_id=worker_id, hostname="app1", pid=7, started_at=at, beat_at=at)


def enqueued(task, at: datetime, **kwargs) -> DBTaskResult:
    with time_machine.travel(at, tick=False):
        result = task.enqueue(**kwargs)
    return DBTaskResult.objects.get(pk=result.id)


def healthz(client, django_assert_num_queries, queries: int) -> dict:
    with time_machine.travel(NOW, tick=False), django_assert_num_queries(queries):
        response = client.get("/healthz")
    assert response.status_code == 200
    return response.json()


def test_healthz_reports_a_worker_that_beat_within_a_minute_as_ok(client, database_queue, django_assert_num_queries):
    beat(NOW - timedelta(seconds=59))
    assert healthz(client, django_assert_num_queries, 2) == {"status": "ok", "database": "ok", "worker": "ok"}


def test_healthz_reports_a_silent_worker_as_stale_and_still_answers_200(
    client, database_queue, django_assert_num_queries
):
    beat(NOW - timedelta(seconds=61))
    assert healthz(client, django_assert_num_queries, 2)["worker"] == "stale"


def test_healthz_reports_stale_when_no_worker_ever_beat(client, database_queue, django_assert_num_queries):
    assert healthz(client, django_assert_num_queries, 2)["worker"] == "stale"


def test_healthz_has_no_worker_to_wait_for_with_the_in_process_backend(client, db, django_assert_num_queries):
    assert healthz(client, django_assert_num_queries, 1)["worker"] == "ok"


def test_a_running_job_is_lost_when_the_worker_that_took_it_stops_beating(database_queue, db):
    result = enqueued(report_build, NOW - timedelta(minutes=5), report_id=1)
    DBTaskResult.objects.filter(pk=result.pk).update(status="RUNNING", worker_ids=["w1"], started_at=NOW)
    beat(NOW - timedelta(seconds=10), worker_id="w1")
    beat(NOW, worker_id="w2")  # another live worker does not take over a claimed job
    assert job_state(report_build, NOW, report_id=1) == JobState.RUNNING
    assert job_state(report_build, NOW + timedelta(seconds=55), report_id=1) == JobState.LOST
    assert job_state(report_build, NOW, report_id=2) is None


def test_a_waiting_job_is_lost_only_when_no_worker_beats(database_queue, db):
    enqueued(report_build, NOW - timedelta(minutes=3), report_id=1)
    assert job_state(report_build, NOW - timedelta(minutes=2, seconds=30), report_id=1) == JobState.WAITING
    assert job_state(report_build, NOW, report_id=1) == JobState.LOST
    beat(NOW - timedelta(seconds=5))
    assert job_state(report_build, NOW, report_id=1) == JobState.WAITING  # a busy worker only delays it


def test_the_newest_job_decides(database_queue, db):
    failed = enqueued(report_build, NOW - timedelta(minutes=3), report_id=1)
    DBTaskResult.objects.filter(pk=failed.pk).update(status="FAILED")
    assert job_state(report_build, NOW, report_id=1) == JobState.FAILED
    done = enqueued(report_build, NOW - timedelta(minutes=1), report_id=1)
    DBTaskResult.objects.filter(pk=done.pk).update(status="SUCCESSFUL")
    assert job_state(report_build, NOW, report_id=1) == JobState.DONE


def staff_home(client, at: datetime = NOW) -> str:
    with time_machine.travel(at, tick=False):
        return client.get(reverse("accounts:staff_home")).content.decode()


def test_the_staff_home_is_quiet_while_background_work_moves(manager_client, database_queue):
    enqueued(worker_tasks.remember, NOW - timedelta(minutes=3), value=1)
    beat(NOW - timedelta(seconds=5))
    assert "data-background-problems" not in staff_home(manager_client)


def test_the_staff_home_warns_when_jobs_wait_and_no_worker_beats(developer_client, database_queue):
    enqueued(worker_tasks.remember, NOW - timedelta(minutes=1), value=1)
    assert "data-background-problems" not in staff_home(developer_client)  # one minute is only a queue
    html = staff_home(developer_client, NOW + timedelta(minutes=2))
    assert 'role="alert"' in html and "Background work has stopped" in html


def test_the_staff_home_names_failed_jobs_in_plain_words_and_never_their_error(manager_client, database_queue):
    for task, kwargs in [
        (report_build, {"report_id": 1}),
        (report_build, {"report_id": 2}),
        (worker_tasks.explode, {}),
    ]:
        result = enqueued(task, NOW - timedelta(hours=2), **kwargs)
        DBTaskResult.objects.filter(pk=result.pk).update(
            status="FAILED", finished_at=NOW - timedelta(hours=1), traceback="ValueError: Maija Meikäläinen, 040 123"
        )
    old = enqueued(report_build, NOW - timedelta(days=3), report_id=3)
    DBTaskResult.objects.filter(pk=old.pk).update(status="FAILED", finished_at=NOW - timedelta(hours=25))
    html = staff_home(manager_client)
    assert "counting a report&#x27;s figures: 2 times" in html
    assert "other background work: once" in html
    assert "Meikäläinen" not in html and "ValueError" not in html
    assert "Background work has stopped" not in html


@pytest.fixture
def no_todos(monkeypatch):
    """The staff home without its to-do list, whose own budget accounts/tests/test_staff_home.py checks."""
    monkeypatch.setattr(todos, "_providers", {})


def test_the_staff_home_has_a_query_budget_with_every_warning(
    manager_client, database_queue, django_assert_max_num_queries, no_todos
):
    for value in range(5):
        result = enqueued(worker_tasks.remember, NOW - timedelta(hours=1), value=value)
        if value % 2:
            DBTaskResult.objects.filter(pk=result.pk).update(status="FAILED", finished_at=NOW - timedelta(minutes=30))
    # The page's own three, and three at most for the queue: failures, overdue jobs, heartbeats.
    with django_assert_max_num_queries(6):
        html = staff_home(manager_client)
    assert "Background work has stopped" in html and "other background work: 2 times" in html


def test_the_staff_home_asks_nothing_of_the_queue_with_the_in_process_backend(
    manager_client, django_assert_max_num_queries, no_todos
):
    with django_assert_max_num_queries(3):
        assert "data-background-problems" not in staff_home(manager_client)


def test_one_scheduled_job_that_raises_does_not_stop_the_others(monkeypatch):
    ran = []

    def broken(now):
        raise RuntimeError("a job that fails")

    monkeypatch.setattr(scheduled, "_jobs", {"a_broken": broken, "b_fine": lambda now: ran.append(now) or {"sent": 1}})
    assert scheduled.run_all(NOW) == {"a_broken": {scheduled.JOB_FAILED: 1}, "b_fine": {"sent": 1}}
    assert ran == [NOW]


def test_the_scheduler_loop_goes_on_after_a_failed_job_and_a_single_run_reports_it(monkeypatch, db):
    ran = []

    def broken(now):
        raise RuntimeError("a job that fails")

    monkeypatch.setattr(scheduled, "_jobs", {"a_broken": broken, "b_fine": lambda now: ran.append(now) or {}})
    sleeps = []

    def sleep(seconds):
        sleeps.append(seconds)
        if len(sleeps) == 2:
            raise KeyboardInterrupt  # Ctrl+C ends the loop quietly

    monkeypatch.setattr("core.management.commands.run_scheduled.time.sleep", sleep)
    call_command("run_scheduled", loop=60, stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert len(ran) == 2
    with pytest.raises(SystemExit) as exit:
        call_command("run_scheduled", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert exit.value.code == 1


def test_the_scheduler_exits_non_zero_when_its_loop_breaks(monkeypatch, db):
    def broken(now):
        raise RuntimeError("the loop itself breaks")

    monkeypatch.setattr(scheduled, "run_all", broken)
    with pytest.raises(SystemExit) as exit:
        call_command("run_scheduled", loop=60, stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert exit.value.code == 1


def test_a_job_running_longer_than_its_longest_has_hung_even_if_its_worker_beats(database_queue):
    result = enqueued(report_build, NOW - timedelta(minutes=20), report_id=1)
    started = NOW - timedelta(minutes=16)
    DBTaskResult.objects.filter(pk=result.pk).update(status="RUNNING", worker_ids=["w1"], started_at=started)
    beat(NOW, worker_id="w1")
    assert job_state(report_build, NOW, report_id=1) == JobState.RUNNING
    assert job_state(report_build, NOW, longest=timedelta(minutes=15), report_id=1) == JobState.LOST
    assert job_state(report_build, NOW, longest=timedelta(minutes=17), report_id=1) == JobState.RUNNING
