"""Run the apps' scheduled jobs: notifications that fall due, retries. Cron every few minutes, or --loop."""

import json
import logging
import sys
import time

from django.core.management.base import BaseCommand
from django.db import close_old_connections
from django.utils import timezone

from core import scheduled

log = logging.getLogger(__name__)


class Command(BaseCommand):
    help = "Send notifications that are due and retry failed emails; safe to run from several servers."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--loop", type=int, default=0, metavar="SECONDS", help="run again every SECONDS")

    def handle(self, *args, loop: int, **options) -> None:
        """One job's failure is logged and the rest go on; a broken loop exits non-zero for its supervisor."""
        try:
            while True:
                # A long-running loop outlives database restarts: drop a broken connection first.
                close_old_connections()
                counts = scheduled.run_all(timezone.now())
                self.stdout.write(json.dumps({"done": counts}, sort_keys=True))
                if not loop:
                    if any(scheduled.JOB_FAILED in job for job in counts.values()):
                        sys.exit(1)  # cron mails or logs a failed run
                    return
                time.sleep(loop)
        except KeyboardInterrupt:
            return
        except Exception:
            log.exception("The scheduler loop stopped")
            sys.exit(1)
