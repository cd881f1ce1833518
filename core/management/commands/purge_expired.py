"""Delete or erase what is past its retention. Run daily from the scheduler (cron, systemd timer)."""

import json

from django.core.management.base import BaseCommand
from django.utils import timezone

from core import retention


class Command(BaseCommand):
    help = "Erase identities and delete data past their retention, as each app defines it."

    def handle(self, *args, **options) -> None:
        counts = retention.run_all(timezone.now())
        # Counts only: what was removed is in the audit log, never names in a log line.
        self.stdout.write(json.dumps({"erased": counts}, sort_keys=True))
