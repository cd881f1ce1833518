"""SQLite, the default database, is opened so that concurrent writers wait for each other instead of failing."""

import sqlite3
import threading

import pytest
from django.conf import settings
from django.db import connection
from django.db.utils import ConnectionHandler

SQLITE = "django.db.backends.sqlite3"


@pytest.fixture
def sqlite_file(tmp_path, django_db_blocker):
    """A connection to a fresh SQLite file with the project's SQLite options (whatever DATABASE_URL says)."""
    handler = ConnectionHandler({"default": {"ENGINE": SQLITE, "NAME": str(tmp_path / "probe.sqlite3"), **options()}})
    with django_db_blocker.unblock():
        yield handler["default"]
        handler.close_all()


def options() -> dict:
    return {"OPTIONS": dict(settings.SQLITE_OPTIONS)}


def pragma(wrapper, name: str):
    with wrapper.cursor() as cursor:
        cursor.execute(f"PRAGMA {name}")
        return cursor.fetchone()[0]


def test_it_uses_the_sqlite_options_for_the_default_database():
    if connection.vendor != "sqlite":
        pytest.skip("the default database is not SQLite in this run")
    assert connection.settings_dict["OPTIONS"] == settings.SQLITE_OPTIONS


def test_it_opens_a_file_in_wal_mode_with_normal_sync_and_a_busy_timeout(sqlite_file):
    assert pragma(sqlite_file, "journal_mode") == "wal"
    assert pragma(sqlite_file, "synchronous") == 1  # NORMAL
    assert pragma(sqlite_file, "busy_timeout") == settings.SQLITE_OPTIONS["timeout"] * 1000
    assert sqlite_file.transaction_mode == "IMMEDIATE"


def test_it_takes_the_write_lock_when_a_transaction_begins(sqlite_file, tmp_path):
    with sqlite_file.cursor() as cursor:
        cursor.execute("CREATE TABLE t (n INTEGER)")
    sqlite_file._start_transaction_under_autocommit()  # what transaction.atomic() does first
    try:
        # The transaction has not written yet, and still no other connection may write meanwhile.
        other = sqlite3.connect(tmp_path / "probe.sqlite3", timeout=0)
        with pytest.raises(sqlite3.OperationalError, match="locked"):
            other.execute("INSERT INTO t VALUES (1)")
        other.close()
    finally:
        sqlite_file.connection.rollback()


def test_a_writer_waits_for_the_lock_instead_of_failing(sqlite_file, tmp_path):
    with sqlite_file.cursor() as cursor:
        cursor.execute("CREATE TABLE t (n INTEGER)")
    holder = sqlite3.connect(tmp_path / "probe.sqlite3", timeout=0, check_same_thread=False)
    holder.execute("BEGIN IMMEDIATE")
    holder.execute("INSERT INTO t VALUES (1)")
    release = threading.Timer(0.3, holder.commit)
    release.start()
    with sqlite_file.cursor() as cursor:
        cursor.execute("INSERT INTO t VALUES (2)")  # waits for the holder's commit
        cursor.execute("SELECT COUNT(*) FROM t")
        assert cursor.fetchone()[0] == 2
    release.join()
    holder.close()
