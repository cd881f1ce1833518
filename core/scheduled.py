"""Jobs that run every few minutes (`manage.py run_scheduled`), registered by each app.

Every job must be safe to run twice at once and after a crash: the database, not the process,
remembers what has been done (see notifications.Delivery), so any number of app servers may run it.
"""

import logging
from collections.abc import Callable
from datetime import datetime

from .locks import lock_retried

ScheduledJob = Callable[[datetime], dict[str, int]]

log = logging.getLogger(__name__)

# What a job that raised reports in place of its counts.
JOB_FAILED = "job_failed"

_jobs: dict[str, ScheduledJob] = {}


def register(name: str, job: ScheduledJob) -> None:
    """Register `job(now) -> {what: count}`."""
    _jobs[name] = job


def run_all(now: datetime) -> dict[str, dict[str, int]]:
    """Run every job; a busy database is waited out, and one job's failure never stops the others.

    A job that raises is logged and counts `{JOB_FAILED: 1}`; it runs again next time, as every job may.
    """
    done: dict[str, dict[str, int]] = {}
    for name, job in sorted(_jobs.items()):
        try:
            done[name] = lock_retried(job)(now)
        except Exception:
            log.exception("Scheduled job %s failed", name)
            done[name] = {JOB_FAILED: 1}
    return done
