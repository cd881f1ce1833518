"""Erase identities past their retention. Run daily from the scheduler (cron, systemd timer)."""

import json

from django.core.management.base import BaseCommand

from accounts.services import retention_purge


class Command(BaseCommand):
    help = "Erase identities of departed members and never-used invitations past their retention."

    def handle(self, *args, **options) -> None:
        counts = retention_purge()
        # Counts only: what was removed is in the audit log, never names in a log line.
        self.stdout.write(json.dumps({"erased": counts}))
