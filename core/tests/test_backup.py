"""Backup and restore: answers and their uploaded files come back whole in a fresh, empty database."""

import io
import json
import shutil
import sqlite3
import tarfile
import uuid
from pathlib import Path

import psycopg
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.db import connection
from PIL import Image

from audit.models import AuditEvent
from conftest import verified_client
from core.backup import BackupError, backup_restore
from periods.models import Answer, QuestionKind
from periods.tests.factories import PeriodFactory, QuestionFactory, TaskFactory

# pg_dump reads committed rows only, as it would on a live server.
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def media(settings, tmp_path) -> Path:
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (6, 6), "blue").save(out, format="PNG")
    return out.getvalue()


@pytest.fixture
def answers(flushable_audit_log, media, member, other_member) -> list[Answer]:
    """Two members answer a survey through the task page, one of them with a picture."""
    task = TaskFactory(period=PeriodFactory(members=[member, other_member]))
    text = QuestionFactory(task=task, kind=QuestionKind.TEXT, required=True)
    upload = QuestionFactory(task=task, kind=QuestionKind.UPLOAD, upload_types=["image"])
    url = f"/fi/periods/{task.period_id}/tasks/{task.pk}/"
    posted = {
        "version": 0,
        f"q{text.pk}": "Jonot ovat liian pitkät",
        f"q{upload.pk}": SimpleUploadedFile("k.png", png()),
    }
    assert verified_client(member).post(url, posted).status_code == 302
    assert verified_client(other_member).post(url, {"version": 0, f"q{text.pk}": "Hyvä palvelu"}).status_code == 302
    stored = list(Answer.objects.order_by("pk"))
    assert len(stored) == 3 and sum(bool(answer.file) for answer in stored) == 1
    return stored


def restored_answers(database: dict) -> list[tuple[int, object, str]]:
    query = "SELECT id, value, file FROM periods_answer ORDER BY id"
    if connection.vendor == "sqlite":
        target = sqlite3.connect(database["NAME"])
        try:
            return [
                (pk, None if value is None else json.loads(value), file) for pk, value, file in target.execute(query)
            ]
        finally:
            target.close()
    with psycopg.connect(**_pg_params(database)) as target:
        return list(target.execute(query).fetchall())


def _pg_params(database: dict) -> dict:
    return {
        "host": database["HOST"] or None,
        "port": database["PORT"] or None,
        "user": database["USER"] or None,
        "password": database["PASSWORD"] or None,
        "dbname": database["NAME"],
    }


@pytest.fixture
def empty_database(tmp_path):
    """A fresh, empty database of the same kind as the test database."""
    if connection.vendor == "sqlite":
        yield {"ENGINE": "django.db.backends.sqlite3", "NAME": str(tmp_path / "restored.sqlite3")}
        return
    if not (shutil.which("pg_dump") and shutil.which("pg_restore")):
        pytest.skip("pg_dump and pg_restore (the PostgreSQL client tools) are not installed")
    database = {
        **connection.settings_dict,
        "NAME": f"{connection.settings_dict['NAME']}_restore_{uuid.uuid4().hex[:8]}",
    }
    admin = psycopg.connect(**{**_pg_params(database), "dbname": "postgres"}, autocommit=True)
    admin.execute(f'CREATE DATABASE "{database["NAME"]}"')
    yield database
    admin.execute(f'DROP DATABASE IF EXISTS "{database["NAME"]}" WITH (FORCE)')
    admin.close()


def test_it_restores_every_answer_and_the_uploaded_file_into_an_empty_database(
    answers, media, tmp_path, empty_database
):
    archive = tmp_path / "backups" / "prototyypit.tar.gz"
    out = io.StringIO()
    call_command("backup", "--out", str(archive), stdout=out)
    summary = json.loads(out.getvalue())
    assert summary["database"] == connection.vendor and summary["media_files"] == 1
    assert archive.stat().st_mode & 0o777 == 0o600  # personal data: readable by its owner only

    restored_media = tmp_path / "restored-media"
    result = backup_restore(archive=archive, database=empty_database, media_root=restored_media)

    assert result["media_files"] == 1
    assert restored_answers(empty_database) == [(a.pk, a.value, a.file.name) for a in answers]
    with_file = next(answer for answer in answers if answer.file)
    assert (restored_media / with_file.file.name).read_bytes() == (media / with_file.file.name).read_bytes()


def test_it_refuses_a_database_that_is_not_empty_unless_forced(answers, tmp_path):
    archive = tmp_path / "b.tar.gz"
    call_command("backup", "--out", str(archive), stdout=io.StringIO())
    with pytest.raises(CommandError, match="not empty"):
        call_command("restore", str(archive), stdout=io.StringIO())
    assert Answer.objects.count() == 3


def test_force_restores_over_a_database_that_is_not_empty(answers, tmp_path, empty_database):
    archive = tmp_path / "b.tar.gz"
    call_command("backup", "--out", str(archive), stdout=io.StringIO())
    backup_restore(archive=archive, database=empty_database, media_root=tmp_path / "m")
    with pytest.raises(BackupError, match="not empty"):
        backup_restore(archive=archive, database=empty_database, media_root=tmp_path / "m")
    backup_restore(archive=archive, database=empty_database, media_root=tmp_path / "m", force=True)
    assert restored_answers(empty_database) == [(a.pk, a.value, a.file.name) for a in answers]


def test_it_refuses_an_archive_of_another_database_kind(flushable_audit_log, tmp_path):
    archive = tmp_path / "other.tar.gz"
    manifest = json.dumps({"format": 1, "database": "sqlite"}).encode()
    with tarfile.open(archive, "w:gz") as tar:
        info = tarfile.TarInfo("manifest.json")
        info.size = len(manifest)
        tar.addfile(info, io.BytesIO(manifest))
    postgres = {"ENGINE": "django.db.backends.postgresql", "NAME": "never_reached"}
    with pytest.raises(BackupError, match="holds a sqlite database"):
        backup_restore(archive=archive, database=postgres, media_root=tmp_path)


def test_a_missing_archive_is_a_plain_error(flushable_audit_log, tmp_path):
    with pytest.raises(CommandError, match="No archive"):
        call_command("restore", str(tmp_path / "missing.tar.gz"))


def test_a_backup_leaves_an_audit_record_of_the_system(answers, tmp_path):
    call_command("backup", "--out", str(tmp_path / "backups" / "nightly.tar.gz"), stdout=io.StringIO())
    record = AuditEvent.objects.get(action=AuditEvent.Action.BACKUP_MADE)
    assert record.actor is None and record.detail == {"path": "nightly.tar.gz", "files": 1}


def test_a_restore_leaves_its_audit_record_in_the_restored_database(answers, media, tmp_path):
    archive = tmp_path / "nightly.tar.gz"
    call_command("backup", "--out", str(archive), stdout=io.StringIO())
    # Changes after the backup, the backup's own record among them, are undone by the restore.
    answers[0].delete()
    call_command("restore", "--force", str(archive), stdout=io.StringIO())
    assert Answer.objects.count() == 3
    restored = AuditEvent.objects.filter(action=AuditEvent.Action.BACKUP_RESTORED)
    assert [(event.actor, event.detail) for event in restored] == [(None, {"path": "nightly.tar.gz", "files": 1})]
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.BACKUP_MADE).exists()
