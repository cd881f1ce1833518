"""Background writes wait out a busy database; scheduled jobs do not stop each other."""

import sqlite3
from datetime import UTC, datetime

import pytest
from django.db import InterfaceError, OperationalError, connections, transaction

from core import locks, scheduled


class Deadlock(Exception):
    sqlstate = "40P01"


def _postgres_deadlock() -> OperationalError:
    error = OperationalError("deadlock detected")
    error.__cause__ = Deadlock()
    return error


def _failing(times: int, error_factory):
    calls = []

    def write():
        calls.append(1)
        if len(calls) <= times:
            raise error_factory()
        return "written"

    return write, calls


@pytest.mark.parametrize(
    "error_factory",
    [
        lambda: OperationalError("database is locked"),
        lambda: OperationalError("database table is locked: periods_answer"),
        _postgres_deadlock,
    ],
)
def test_it_writes_again_after_the_database_was_busy(error_factory):
    write, calls = _failing(2, error_factory)
    assert locks.lock_retried(write, pause_s=0)() == "written"
    assert len(calls) == 3


def test_it_gives_up_after_the_last_attempt():
    write, calls = _failing(10, lambda: OperationalError("database is locked"))
    with pytest.raises(OperationalError, match="locked"):
        locks.lock_retried(write, attempts=4, pause_s=0)()
    assert len(calls) == 4


def test_it_does_not_retry_other_errors():
    write, calls = _failing(1, lambda: OperationalError("no such table: x"))
    with pytest.raises(OperationalError, match="no such table"):
        locks.lock_retried(write, pause_s=0)()
    assert len(calls) == 1


@pytest.mark.django_db
def test_it_leaves_the_retry_to_the_outer_transaction():
    write, calls = _failing(1, lambda: OperationalError("database is locked"))
    with pytest.raises(OperationalError), transaction.atomic():
        locks.lock_retried(write, pause_s=0)()
    assert len(calls) == 1


def test_the_predicate_decides_which_errors_are_tried_again():
    not_yet, calls = _failing(2, lambda: ValueError("not yet"))
    assert locks.retried(not_yet, worth_retrying=lambda e: isinstance(e, ValueError), delays=(0, 0))() == "written"
    assert len(calls) == 3
    locked, calls = _failing(1, lambda: OperationalError("database is locked"))
    with pytest.raises(OperationalError):
        locks.retried(locked, worth_retrying=lambda e: isinstance(e, ValueError), delays=(0, 0))()
    assert len(calls) == 1


def test_a_lost_connection_is_worth_retrying_for_the_worker_but_not_for_a_lock_retry():
    gone = InterfaceError("connection already closed")
    assert locks.database_unavailable(gone) and locks.database_unavailable(OperationalError("server closed"))
    assert not locks.lock_error(gone) and not locks.database_unavailable(ValueError("x"))


def test_each_helper_pauses_by_its_own_schedule(monkeypatch):
    pauses = []
    monkeypatch.setattr(locks.time, "sleep", pauses.append)
    write, _calls = _failing(10, lambda: OperationalError("database is locked"))
    with pytest.raises(OperationalError):
        locks.lock_retried(write)()
    # Six attempts, doubling pauses from 0.2 s, each scaled by a random 0.5-1.5.
    assert len(pauses) == 5
    assert all(
        0.5 * planned <= pause <= 1.5 * planned
        for pause, planned in zip(pauses, (0.2, 0.4, 0.8, 1.6, 3.2), strict=True)
    )
    pauses.clear()
    write, calls = _failing(3, lambda: InterfaceError("connection already closed"))
    assert locks.retried(write, worth_retrying=locks.database_unavailable, delays=(0.5, 1, 2, 4))() == "written"
    assert pauses == [0.5, 1, 2] and len(calls) == 4


def test_a_reconnecting_retry_replaces_a_broken_connection_and_a_lock_retry_leaves_it(monkeypatch):
    checks = []
    monkeypatch.setattr(type(connections["default"]), "close_if_unusable_or_obsolete", lambda self: checks.append(1))
    gone, _calls = _failing(2, lambda: InterfaceError("connection already closed"))
    locks.retried(gone, worth_retrying=locks.database_unavailable, delays=(0, 0), reconnect=True)()
    assert len(checks) == 2
    locked, _calls = _failing(2, lambda: OperationalError("database is locked"))
    locks.lock_retried(locked, pause_s=0)()
    assert len(checks) == 2


def test_it_recognises_the_real_sqlite_error(tmp_path):
    path = tmp_path / "busy.sqlite3"
    holder = sqlite3.connect(path)
    holder.execute("CREATE TABLE t (n INTEGER)")
    holder.execute("BEGIN IMMEDIATE")
    other = sqlite3.connect(path, timeout=0)
    try:
        other.execute("INSERT INTO t VALUES (1)")
    except sqlite3.OperationalError as raw:
        error = OperationalError(str(raw))
    holder.rollback()
    assert locks.lock_error(error)
    assert not locks.lock_error(ValueError("database is locked"))


def test_one_jobs_failure_does_not_stop_the_others(monkeypatch):
    monkeypatch.setattr(scheduled, "_jobs", {})
    ran = []
    busy, _calls = _failing(1, lambda: OperationalError("database is locked"))

    def broken(now):
        raise RuntimeError("a bug")

    scheduled.register("a_broken", broken)
    scheduled.register("b_busy_once", lambda now: {"done": busy() == "written"})
    scheduled.register("c_fine", lambda now: ran.append(now) or {"done": 1})
    now = datetime(2026, 3, 1, tzinfo=UTC)
    assert scheduled.run_all(now) == {
        "a_broken": {scheduled.JOB_FAILED: 1},
        "b_busy_once": {"done": True},
        "c_fine": {"done": 1},
    }
    assert ran == [now]
