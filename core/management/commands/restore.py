"""`manage.py restore FILE.tar.gz`: load a backup into an empty database (or, with --force, over one)."""

import json
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from core.backup import BackupError, backup_restore, backup_restored_record


class Command(BaseCommand):
    help = "Restore an archive of `manage.py backup` into the configured, empty database and MEDIA_ROOT."

    def add_arguments(self, parser) -> None:
        parser.add_argument("archive", type=Path, metavar="FILE.tar.gz")
        parser.add_argument("--force", action="store_true", help="replace the contents of a database that is not empty")

    def handle(self, *args, archive: Path, force: bool, **options) -> None:
        if not archive.is_file():
            raise CommandError(f"No archive at {archive}.")
        # The restore writes through its own connections (pg_restore, sqlite3): ours must not hold the database.
        connection.close()
        try:
            summary = backup_restore(
                archive=archive, database=connection.settings_dict, media_root=Path(settings.MEDIA_ROOT), force=force
            )
        except BackupError as error:
            raise CommandError(str(error)) from error
        backup_restored_record(archive=archive, summary=summary)
        self.stdout.write(json.dumps(summary, sort_keys=True))
