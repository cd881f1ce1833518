"""Retention jobs registered by each app and run by `manage.py purge_expired` (daily)."""

from collections.abc import Callable
from datetime import datetime

RetentionJob = Callable[[datetime], dict[str, int]]

_jobs: dict[str, RetentionJob] = {}


def register(name: str, job: RetentionJob) -> None:
    """Register `job(now) -> {what: count}`, which deletes or erases what is past its time."""
    _jobs[name] = job


def run_all(now: datetime) -> dict[str, dict[str, int]]:
    return {name: job(now) for name, job in sorted(_jobs.items())}
