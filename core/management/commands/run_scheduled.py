"""Run the apps' scheduled jobs: notifications that fall due, retries. Cron every few minutes, or --loop."""

import json
import time

from django.core.management.base import BaseCommand
from django.utils import timezone

from core import scheduled


class Command(BaseCommand):
    help = "Send notifications that are due and retry failed emails; safe to run from several servers."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--loop", type=int, default=0, metavar="SECONDS", help="run again every SECONDS")

    def handle(self, *args, loop: int, **options) -> None:
        while True:
            counts = scheduled.run_all(timezone.now())
            self.stdout.write(json.dumps({"done": counts}, sort_keys=True))
            if not loop:
                return
            time.sleep(loop)
