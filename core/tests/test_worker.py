"""The supervised worker: a failing task or an unwritable outcome never stops it; a dead loop exits non-zero."""

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import quote

import pytest
from django.conf import settings
from django.db import OperationalError, connection
from django_tasks_db.models import DBTaskResult

from conftest import worker_options
from core.models import WorkerHeartbeat
from core.tests import worker_tasks
from core.worker import Heartbeat, SupervisedWorker

pytestmark = pytest.mark.usefixtures("database_queue")

REPO = Path(settings.BASE_DIR)


@pytest.fixture(autouse=True)
def _nothing_done():
    worker_tasks.done.clear()


def status_of(result) -> str:
    return DBTaskResult.objects.get(pk=result.id).status


def test_a_task_that_raises_does_not_stop_the_next_one(run_worker):
    failing = worker_tasks.explode.enqueue()
    following = worker_tasks.remember.enqueue(value=2)
    run_worker()
    assert status_of(failing) == "FAILED" and status_of(following) == "SUCCESSFUL"
    assert worker_tasks.done == [2]


def test_a_locked_database_while_recording_an_outcome_is_waited_out(run_worker, monkeypatch):
    first = worker_tasks.remember.enqueue(value=1)
    second = worker_tasks.remember.enqueue(value=2)
    save = DBTaskResult.save
    refusals = {"left": 5}  # more than the library's own three attempts

    def locked(self, *args, **kwargs):
        if "return_value" in (kwargs.get("update_fields") or []) and refusals["left"]:
            refusals["left"] -= 1
            raise OperationalError("database is locked")
        return save(self, *args, **kwargs)

    monkeypatch.setattr(DBTaskResult, "save", locked)
    run_worker()
    assert refusals["left"] == 0
    # The outcome written at last is the true one, not the lock's error.
    assert status_of(first) == "SUCCESSFUL" and status_of(second) == "SUCCESSFUL"
    assert worker_tasks.done == [1, 2]


def test_an_outcome_that_cannot_be_written_at_all_leaves_the_loop_running(run_worker, monkeypatch):
    lost = worker_tasks.remember.enqueue(value=1)
    following = worker_tasks.remember.enqueue(value=2)
    save = DBTaskResult.save

    def locked_for_one(self, *args, **kwargs):
        if str(self.pk) == str(lost.id) and "return_value" in (kwargs.get("update_fields") or []):
            raise OperationalError("database is locked")
        return save(self, *args, **kwargs)

    monkeypatch.setattr(DBTaskResult, "save", locked_for_one)
    run_worker()
    assert status_of(lost) == "RUNNING"  # its page reports it lost once this worker stops beating
    assert status_of(following) == "SUCCESSFUL" and worker_tasks.done == [1, 2]


def test_the_heartbeat_is_written_then_updated_with_the_current_task(db):
    supervised = SupervisedWorker(**worker_options(worker_id="beating"))
    beats = Heartbeat(supervised, every=3600)
    beats.beat()
    row = WorkerHeartbeat.objects.get(worker_id="beating")
    assert row.pid == os.getpid() and row.task_name == "" and row.hostname
    supervised.current_task = ("core.tests.worker_tasks.nap", row.beat_at)
    beats.beat()
    later = WorkerHeartbeat.objects.get(worker_id="beating")
    assert later.beat_at >= row.beat_at and later.started_at == row.started_at
    assert later.task_name == "core.tests.worker_tasks.nap"
    beats.stop()
    assert not WorkerHeartbeat.objects.exists()  # a worker that left is not counted as live


# A worker process of its own, on the database this test run uses: a file copy of SQLite's in-memory
# test database, or the PostgreSQL test database itself.


@pytest.fixture
def worker_database(flushable_audit_log, tmp_path):
    """Call once the test's rows are written: (environment for a worker process, run(sql) -> rows)."""
    return lambda: _share_database(tmp_path)


def _share_database(tmp_path):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "prototyypit.settings",
        "TESTING": "1",
        "TASKS_BACKEND": "database",
        "DEBUG": "0",
        "PYTHONPATH": str(REPO),
    }
    if connection.vendor == "sqlite":
        path = tmp_path / "worker.sqlite3"
        connection.ensure_connection()
        with sqlite3.connect(path) as copy:
            connection.connection.backup(copy)
        env["DATABASE_URL"] = f"sqlite:///{path}"

        def run(sql: str) -> list[tuple]:
            with sqlite3.connect(path, timeout=10) as db:
                return db.execute(sql).fetchall()

    else:
        db = connection.settings_dict
        login = quote(db["USER"]) + (f":{quote(db['PASSWORD'])}" if db.get("PASSWORD") else "")
        env["DATABASE_URL"] = f"postgres://{login}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"

        def run(sql: str) -> list[tuple]:
            with connection.cursor() as cursor:
                cursor.execute(sql)
                return cursor.fetchall()

    return env, run


def wait_for(condition, seconds: float = 60) -> None:
    """Poll until `condition()` holds; a deadline, not a timing assertion."""
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError("the worker process did not get there in time")
        time.sleep(0.1)


def test_a_worker_process_beats_during_a_long_task_and_sigterm_lets_it_finish(worker_database):
    worker_tasks.nap.enqueue(seconds=3)
    env, run = worker_database()
    process = subprocess.Popen(
        [sys.executable, "manage.py", "worker", "--interval", "0.1", "--no-startup-delay", "--heartbeat", "0.2"],
        cwd=REPO,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        wait_for(lambda: run("SELECT task_name FROM core_workerheartbeat") == [("core.tests.worker_tasks.nap",)])
        first = run("SELECT beat_at FROM core_workerheartbeat")[0][0]
        wait_for(lambda: run("SELECT beat_at FROM core_workerheartbeat")[0][0] != first)
        assert run("SELECT status FROM django_tasks_database_dbtaskresult") == [("RUNNING",)]
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=60) == 0, process.stderr.read().decode()
    except AssertionError:
        process.kill()
        raise AssertionError(process.communicate()[1].decode()[-3000:]) from None
    finally:
        if process.poll() is None:
            process.kill()
    assert run("SELECT status FROM django_tasks_database_dbtaskresult") == [("SUCCESSFUL",)]
    assert run("SELECT COUNT(*) FROM core_workerheartbeat") == [(0,)]


def test_a_worker_process_whose_loop_dies_exits_non_zero(worker_database):
    env, run = worker_database()
    # The loop's query for the next task fails as a database that went away would.
    crash = (
        "import django; django.setup();"
        "from django.core.management import call_command;"
        "from django.db import OperationalError;"
        "from django_tasks_db import models;"
        "models.DBTaskResultQuerySet.ready = lambda self: (_ for _ in ()).throw(OperationalError('server closed'));"
        "call_command('worker', '--interval', '0.1', '--no-startup-delay')"
    )
    result = subprocess.run(  # noqa: S603 (our own interpreter and code)
        [sys.executable, "-c", crash], cwd=REPO, env=env, capture_output=True, timeout=120, check=False
    )
    assert result.returncode == 1
    assert b"The worker loop stopped" in result.stderr + result.stdout
    assert run("SELECT COUNT(*) FROM core_workerheartbeat") == [(0,)]
