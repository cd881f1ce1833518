"""Whether background work is moving: the workers' heartbeats, the state of one job, what staff should know.

Background work runs in `manage.py worker` processes when TASKS_BACKEND=database. Each writes a
heartbeat (core.models.WorkerHeartbeat) every few seconds, also while a long task runs. A job is
taken as lost when it waits with no live worker to take it, or when the worker that took it has
stopped beating. With the in-process backend a job runs inside the request: nothing can be lost.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from django.db.models import Count, Max
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django_tasks import TaskResultStatus, task_backends
from django_tasks.base import Task
from django_tasks_db.backend import DatabaseBackend
from django_tasks_db.models import DBTaskResult

from .models import WorkerHeartbeat

# A worker beats every HEARTBEAT_EVERY; one silent for HEARTBEAT_STALE has died or hung.
HEARTBEAT_EVERY = timedelta(seconds=5)
HEARTBEAT_STALE = timedelta(seconds=60)
# A job waiting this long with no live worker has stalled (a busy worker only delays it).
WAIT_STALLED = timedelta(minutes=2)
# Staff hear of a failed job for a day.
FAILURES_SHOWN = timedelta(hours=24)

_job_kinds: dict[str, Promise] = {}


def job_kind_register(*, task: Task, label: Promise) -> None:
    """Name a task in plain words for staff ("counting a report's figures")."""
    _job_kinds[task.module_path] = label


def job_kind_label(task_path: str) -> str:
    return str(_job_kinds.get(task_path, _("other background work")))


def uses_worker() -> bool:
    """Whether jobs wait in the database queue for a worker (rather than run within the request)."""
    return isinstance(task_backends["default"], DatabaseBackend)


def heartbeat_newest() -> datetime | None:
    return WorkerHeartbeat.objects.aggregate(newest=Max("beat_at"))["newest"]


def worker_status(now: datetime) -> str:
    """ "ok", or "stale" when jobs wait for a worker and none has beaten lately (one query at most)."""
    if not uses_worker():
        return "ok"
    newest = heartbeat_newest()
    return "ok" if newest is not None and now - newest < HEARTBEAT_STALE else "stale"


class JobState(StrEnum):
    WAITING = "waiting"
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"
    LOST = "lost"


def job_state(
    task: Task, now: datetime | None = None, *, longest: timedelta | None = None, **kwargs
) -> JobState | None:
    """The state of the newest queued job of `task` with these keyword arguments (None: none queued).

    A job running for longer than `longest` has hung, even if its worker still beats. Two queries
    at most. Only the outcome is read, never the exception's text, which may hold personal data.
    """
    if not uses_worker():
        return None
    now = now or timezone.now()
    arguments = {f"args_kwargs__kwargs__{name}": value for name, value in kwargs.items()}
    result = (
        DBTaskResult.objects.filter(task_path=task.module_path, **arguments)
        .order_by("-enqueued_at")
        .only("status", "enqueued_at", "started_at", "worker_ids")
        .first()
    )
    if result is None:
        return None
    if result.status == TaskResultStatus.FAILED:
        return JobState.FAILED
    if result.status == TaskResultStatus.SUCCESSFUL:
        return JobState.DONE
    fresh = WorkerHeartbeat.objects.filter(beat_at__gt=now - HEARTBEAT_STALE)
    if result.status == TaskResultStatus.RUNNING:
        if longest is not None and result.started_at is not None and result.started_at < now - longest:
            return JobState.LOST
        # The worker that took the job must still be alive; another worker will not take it over.
        claimed_by = result.worker_ids[-1] if result.worker_ids else ""
        return JobState.RUNNING if fresh.filter(worker_id=claimed_by).exists() else JobState.LOST
    if result.enqueued_at < now - WAIT_STALLED and not fresh.exists():
        return JobState.LOST
    return JobState.WAITING


@dataclass(frozen=True)
class BackgroundProblems:
    stalled: bool
    failures: list[tuple[str, int]]  # (plain name of the kind of job, how many failed)

    def __bool__(self) -> bool:
        return self.stalled or bool(self.failures)


def background_problems(now: datetime) -> BackgroundProblems:
    """What staff should be told: work has stalled, or jobs failed in the last day (three queries at most)."""
    if not uses_worker():
        return BackgroundProblems(stalled=False, failures=[])
    rows = (
        DBTaskResult.objects.filter(status=TaskResultStatus.FAILED, finished_at__gte=now - FAILURES_SHOWN)
        .values("task_path")
        .annotate(count=Count("id"))
        .order_by("task_path")
    )
    counts: dict[str, int] = {}
    for row in rows:
        label = job_kind_label(row["task_path"])
        counts[label] = counts.get(label, 0) + row["count"]
    overdue = DBTaskResult.objects.ready().filter(enqueued_at__lt=now - WAIT_STALLED) | DBTaskResult.objects.filter(
        status=TaskResultStatus.RUNNING, started_at__lt=now - WAIT_STALLED
    )
    stalled = overdue.exists() and not WorkerHeartbeat.objects.filter(beat_at__gt=now - HEARTBEAT_STALE).exists()
    return BackgroundProblems(stalled=stalled, failures=sorted(counts.items()))
