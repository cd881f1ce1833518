"""Run background work from the database queue, supervised: `manage.py worker` (see core.worker).

The flags are those of django_tasks_db's `db_worker`, without --reload: a worker under an
autoreloader is a live process with a thread that may have died. A supervisor restarts this one
when it exits; SIGTERM (or Ctrl+C) lets the current task finish and exits 0.
"""

import logging
import os
import socket
import sys
from argparse import ArgumentParser

from django.core.management.base import CommandError
from django.utils.crypto import get_random_string
from django_tasks_db.compat import DEFAULT_TASK_BACKEND_ALIAS, DEFAULT_TASK_QUEUE_NAME
from django_tasks_db.management.commands import db_worker

from core.background import HEARTBEAT_EVERY
from core.worker import Heartbeat, SupervisedWorker

log = logging.getLogger("core.worker")


def default_worker_id() -> str:
    """Readable in the heartbeat table, unique across machines and restarts."""
    return f"{socket.gethostname()[:40]}-{os.getpid()}-{get_random_string(8)}"


class Command(db_worker.Command):
    help = "Run the background worker (database queue) with a heartbeat; exits non-zero if its loop dies."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "--queue-name",
            default=DEFAULT_TASK_QUEUE_NAME,
            help="queues to process, comma-separated; '*' for all (default: %(default)r)",
        )
        parser.add_argument("--exclude-queues", default="", help="queues to leave out (with --queue-name='*')")
        parser.add_argument(
            "--interval",
            default=1,
            type=db_worker.valid_interval,
            help="seconds to wait when the queue is empty (default: %(default)r)",
        )
        parser.add_argument("--batch", action="store_true", help="run the waiting tasks, then exit")
        parser.add_argument(
            "--backend",
            default=DEFAULT_TASK_BACKEND_ALIAS,
            type=db_worker.valid_backend_name,
            dest="backend_name",
            help="the task backend (default: %(default)r)",
        )
        parser.add_argument(
            "--no-startup-delay", action="store_false", dest="startup_delay", help="start without a random delay"
        )
        parser.add_argument("--max-tasks", default=None, type=db_worker.valid_max_tasks, help="exit after N tasks")
        parser.add_argument(
            "--worker-id",
            type=db_worker.validate_worker_id,
            default=None,
            help="unique across the worker pool (default: host-pid-random)",
        )
        parser.add_argument(
            "--heartbeat",
            default=HEARTBEAT_EVERY.total_seconds(),
            type=db_worker.valid_interval,
            help="seconds between heartbeats (default: %(default)r; /healthz calls a worker stale after 60)",
        )

    # django_tasks_db annotates **options as dicts, so an option of our own (--heartbeat) reads as an override error.
    def handle(  # type: ignore[override]
        self,
        *,
        verbosity: int,
        queue_name: str,
        exclude_queues: str,
        interval: float,
        batch: bool,
        backend_name: str,
        startup_delay: bool,
        max_tasks: int | None,
        worker_id: str | None,
        heartbeat: float,
        **options,
    ) -> None:
        self.configure_logging(verbosity)
        queue_names = queue_name.split(",")
        excluded = exclude_queues.split(",") if exclude_queues else []
        if excluded and "*" not in queue_names:
            raise CommandError("--exclude-queues can only be used with --queue-name=*")
        worker = SupervisedWorker(
            queue_names=queue_names,
            interval=interval,
            batch=batch,
            backend_name=backend_name,
            startup_delay=startup_delay,
            max_tasks=max_tasks,
            worker_id=worker_id or default_worker_id(),
            excluded_queue_names=excluded,
        )
        beats = Heartbeat(worker, every=heartbeat)
        worker.configure_signals()
        try:
            beats.start()
            worker.run()
        except Exception:
            log.exception("The worker loop stopped; exiting so that the supervisor starts a new worker")
            sys.exit(1)
        finally:
            beats.stop()
