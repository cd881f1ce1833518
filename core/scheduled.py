"""Jobs that run every few minutes (`manage.py run_scheduled`), registered by each app.

Every job must be safe to run twice at once and after a crash: the database, not the process,
remembers what has been done (see notifications.Delivery), so any number of app servers may run it.
"""

from collections.abc import Callable
from datetime import datetime

ScheduledJob = Callable[[datetime], dict[str, int]]

_jobs: dict[str, ScheduledJob] = {}


def register(name: str, job: ScheduledJob) -> None:
    """Register `job(now) -> {what: count}`."""
    _jobs[name] = job


def run_all(now: datetime) -> dict[str, dict[str, int]]:
    return {name: job(now) for name, job in sorted(_jobs.items())}
