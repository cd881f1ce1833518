"""One archive holds everything a restore needs: the database and the uploaded files (MEDIA_ROOT).

PostgreSQL is dumped with pg_dump's custom format and restored with pg_restore (the client tools of the
machine, at least the server's version); SQLite is copied with its online backup API, so both work
while the site is serving. The archive holds personal data: it is written readable by its owner only.
"""

import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import psycopg
from django.db import connection
from django.utils import timezone

from .audit import event_record

ARCHIVE_FORMAT = 1
MANIFEST = "manifest.json"
DUMP_NAMES = {"postgresql": "database.pgdump", "sqlite": "database.sqlite3"}


class BackupError(Exception):
    """A backup or restore that cannot be done; the message says why and what to do."""


def backup_create(*, out: Path, media_root: Path) -> dict:
    """Write the database of the default connection and every uploaded file into one .tar.gz."""
    vendor = connection.vendor
    if vendor not in DUMP_NAMES:
        raise BackupError(f"Backups of {vendor} databases are not supported.")
    out = out.resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="backup-", dir=out.parent) as work:
        dump = Path(work) / DUMP_NAMES[vendor]
        if vendor == "postgresql":
            _pg_dump(connection.settings_dict, dump)
        else:
            connection.ensure_connection()
            _sqlite_copy(connection.connection, dump)
        media = sorted(path for path in media_root.rglob("*") if path.is_file()) if media_root.is_dir() else []
        manifest = {
            "format": ARCHIVE_FORMAT,
            "database": vendor,
            "created": timezone.now().isoformat(),
            "media_files": len(media),
        }
        (Path(work) / MANIFEST).write_text(json.dumps(manifest, indent=2))
        partial = out.with_name(out.name + ".partial")
        # Owner-only from the first byte: the archive holds personal data.
        partial.touch(mode=0o600)
        partial.chmod(0o600)
        with tarfile.open(partial, "w:gz") as archive:
            archive.add(Path(work) / MANIFEST, arcname=MANIFEST)
            archive.add(dump, arcname=dump.name)
            for path in media:
                archive.add(path, arcname=f"media/{path.relative_to(media_root).as_posix()}")
        partial.replace(out)
    # Written once the archive is whole; the file name only: where backups are kept is the server's business.
    event_record(action="backup_made", detail={"path": out.name, "files": len(media)})
    return {**manifest, "archive": str(out), "bytes": out.stat().st_size}


def backup_restore(*, archive: Path, database: Mapping[str, Any], media_root: Path, force: bool = False) -> dict:
    """Load an archive into the given database, which must be empty unless force, and its files into media_root."""
    vendor = "postgresql" if "postgresql" in database["ENGINE"] else "sqlite" if "sqlite" in database["ENGINE"] else ""
    with tempfile.TemporaryDirectory(prefix="restore-") as work, tarfile.open(archive, "r:gz") as tar:
        # The data filter refuses absolute paths, links out of the folder and device files.
        tar.extractall(work, filter="data")
        manifest = json.loads((Path(work) / MANIFEST).read_text())
        if manifest.get("format") != ARCHIVE_FORMAT:
            raise BackupError(f"Unknown archive format {manifest.get('format')!r}.")
        if manifest["database"] != vendor:
            raise BackupError(f"The archive holds a {manifest['database']} database; this one is {vendor or 'other'}.")
        tables = _table_count(vendor, database)
        if tables and not force:
            raise BackupError(
                f"The database {database['NAME']} is not empty ({tables} tables): restore into an empty "
                "database, or add --force to replace its contents."
            )
        dump = Path(work) / DUMP_NAMES[vendor]
        if vendor == "postgresql":
            _pg_restore(database, dump, clean=bool(tables))
        else:
            source = sqlite3.connect(dump)
            try:
                _sqlite_copy(source, database["NAME"])
            finally:
                source.close()
        files = 0
        media = Path(work) / "media"
        if media.is_dir():
            for path in media.rglob("*"):
                if path.is_file():
                    destination = media_root / path.relative_to(media)
                    destination.parent.mkdir(parents=True, exist_ok=True)
                    shutil.copy2(path, destination)
                    files += 1
    return {"database": vendor, "restored_into": str(database["NAME"]), "media_files": files, "from": str(archive)}


def backup_restored_record(*, archive: Path, summary: dict) -> None:
    """Record a restore in the database of the default connection, once it holds the restored data.

    Written after the restore: one written before would be replaced by the archive's contents.
    """
    event_record(
        action="backup_restored",
        detail={"path": archive.name, "files": summary["media_files"]},
    )


def _sqlite_connect(name: str | Path) -> sqlite3.Connection:
    """A file name, or a URI as Django uses for in-memory test databases."""
    return sqlite3.connect(name, uri=str(name).startswith("file:"))


def _sqlite_copy(source: sqlite3.Connection, target: str | Path) -> None:
    """SQLite's online backup API: a consistent copy of every page, even while others write."""
    target_connection = _sqlite_connect(target)
    try:
        source.backup(target_connection)
    finally:
        target_connection.close()


def _pg_env(database: Mapping[str, Any]) -> dict[str, str]:
    """Connection settings for the client tools through libpq's variables, so no password is on a command line."""
    values = {
        "PGHOST": database.get("HOST") or "",
        "PGPORT": str(database.get("PORT") or ""),
        "PGUSER": database.get("USER") or "",
        "PGPASSWORD": database.get("PASSWORD") or "",
        "PGDATABASE": database["NAME"],
    }
    return {**os.environ, **{key: value for key, value in values.items() if value}}


def _pg_tool(name: str) -> str:
    path = shutil.which(name)
    if not path:
        raise BackupError(f"{name} is not installed: install the PostgreSQL client tools (e.g. postgresql-client).")
    return path


def _pg_dump(database: Mapping[str, Any], dump: Path) -> None:
    command = [_pg_tool("pg_dump"), "--format=custom", "--no-owner", "--no-acl", f"--file={dump}"]
    _run(command, _pg_env(database))


def _pg_restore(database: Mapping[str, Any], dump: Path, *, clean: bool) -> None:
    command = [_pg_tool("pg_restore"), "--no-owner", "--no-acl", "--exit-on-error", "--single-transaction"]
    command += ["--clean", "--if-exists"] if clean else []
    _run([*command, f"--dbname={database['NAME']}", str(dump)], _pg_env(database))


def _run(command: list[str], env: dict[str, str]) -> None:
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)  # noqa: S603
    if done.returncode != 0:
        raise BackupError(f"{Path(command[0]).name} failed: {done.stderr.strip()[-2000:]}")


def _table_count(vendor: str, database: Mapping[str, Any]) -> int:
    if vendor == "sqlite":
        name = str(database["NAME"])
        if not name.startswith("file:") and not Path(name).exists():
            return 0
        target = _sqlite_connect(name)
        try:
            query = "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            return target.execute(query).fetchone()[0]
        finally:
            target.close()
    try:
        server = psycopg.connect(
            host=database.get("HOST") or None,
            port=database.get("PORT") or None,
            user=database.get("USER") or None,
            password=database.get("PASSWORD") or None,
            dbname=database["NAME"],
        )
    except psycopg.OperationalError as error:
        raise BackupError(
            f"Cannot connect to the database {database['NAME']} (create it first, e.g. with createdb): {error}"
        ) from error
    with server:
        query = "SELECT count(*) FROM pg_tables WHERE schemaname NOT IN ('pg_catalog', 'information_schema')"
        row = server.execute(query).fetchone()
        return row[0] if row else 0
