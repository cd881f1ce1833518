"""`manage.py backup --out FILE.tar.gz`: the database and the uploaded files in one archive."""

import json
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from core.backup import BackupError, backup_create


class Command(BaseCommand):
    help = "Write the database (pg_dump or SQLite's backup API) and MEDIA_ROOT into one .tar.gz archive."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--out", type=Path, required=True, metavar="FILE.tar.gz")

    def handle(self, *args, out: Path, **options) -> None:
        try:
            summary = backup_create(out=out, media_root=Path(settings.MEDIA_ROOT))
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(json.dumps(summary, sort_keys=True))
