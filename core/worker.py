"""The supervised background worker behind `manage.py worker`.

It runs django_tasks_db's own worker loop and adds what that loop lacks for unattended use:
- a task's outcome that cannot be written (a locked SQLite, a restarting PostgreSQL) is retried
  with backoff for about two minutes, and if it still cannot be written the loop goes on;
- a heartbeat row written by a daemon thread with its own connection, also while a long task runs;
- no autoreloader thread: when the loop dies the process exits non-zero, so that its supervisor
  (`make run`, systemd, the container runtime) starts a new one.
"""

import logging
import os
import socket
import threading
from functools import partial

from django.db import InterfaceError, OperationalError, connection
from django.utils import timezone
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult

from .background import HEARTBEAT_EVERY
from .locks import database_unavailable, retried
from .models import WorkerHeartbeat

log = logging.getLogger(__name__)

# Seconds between attempts to write a task's outcome: about two minutes in all.
RECORD_RETRY_DELAYS = (0.5, 1, 2, 4, 8, 15, 30, 60)


class SupervisedWorker(Worker):
    """django_tasks_db's worker loop, with patient result writes and the current task for the heartbeat."""

    def __init__(self, *, record_retry_delays: tuple[float, ...] = RECORD_RETRY_DELAYS, **options) -> None:
        super().__init__(**options)
        self.record_retry_delays = record_retry_delays
        self.current_task: tuple[str, object] | None = None

    def run_task(self, db_task_result: DBTaskResult) -> None:
        self.current_task = (db_task_result.task_path, timezone.now())
        patient = partial(retried, worth_retrying=database_unavailable, delays=self.record_retry_delays, reconnect=True)
        db_task_result.set_successful = patient(db_task_result.set_successful)
        db_task_result.set_failed = patient(db_task_result.set_failed)
        try:
            super().run_task(db_task_result)
        except Exception:
            # The outcome could not be written even after the retries. The job stays "running" in
            # the queue and its page reports it lost once this worker's heartbeat moves on.
            log.exception("The outcome of task %s could not be recorded; going on", db_task_result.pk)
        finally:
            self.current_task = None


class Heartbeat:
    """A daemon thread that writes the worker's heartbeat row every few seconds, on its own connection."""

    def __init__(self, worker: SupervisedWorker, *, every: float = HEARTBEAT_EVERY.total_seconds()) -> None:
        self.worker = worker
        self.every = every
        self.started_at = timezone.now()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="worker-heartbeat", daemon=True)

    def start(self) -> None:
        self.beat()  # the first beat before any task, so that a worker is visible at once
        self._thread.start()

    def stop(self) -> None:
        """Stop beating and remove this worker's row: a worker that has left is not a live one."""
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join(timeout=self.every + 5)
        try:
            WorkerHeartbeat.objects.filter(worker_id=self.worker.worker_id).delete()
        except (OperationalError, InterfaceError):
            log.warning("The heartbeat of worker %s could not be removed", self.worker.worker_id)

    def beat(self) -> None:
        task_path, task_started_at = self.worker.current_task or ("", None)
        fields = {"beat_at": timezone.now(), "task_name": task_path[:200], "task_started_at": task_started_at}
        if not WorkerHeartbeat.objects.filter(worker_id=self.worker.worker_id).update(**fields):
            WorkerHeartbeat.objects.create(
                worker_id=self.worker.worker_id,
                hostname=socket.gethostname()[:255],
                pid=os.getpid(),
                started_at=self.started_at,
                **fields,
            )

    def _run(self) -> None:
        try:
            while not self._stop.wait(self.every):
                try:
                    self.beat()
                except Exception:
                    # A missed beat is harmless; the next one comes in a few seconds.
                    log.warning("Worker heartbeat could not be written", exc_info=True)
                    connection.close_if_unusable_or_obsolete()
        finally:
            connection.close()
