"""Background writes that wait out a busy database instead of failing.

SQLite allows one writer at a time; a writer that waited its whole busy timeout gets "database is
locked". PostgreSQL ends one side of a deadlock or serialisation conflict. Either way the work is
sound and only its timing was unlucky, so a short write is simply run again after a pause. Only
outside a transaction: inside one, the caller's whole transaction has to go back and start again.
"""

import functools
import logging
import random
import time
from collections.abc import Callable
from typing import ParamSpec, TypeVar

from django.db import OperationalError, connection

log = logging.getLogger(__name__)

P = ParamSpec("P")
R = TypeVar("R")

ATTEMPTS = 6
FIRST_PAUSE_S = 0.2
# deadlock_detected, serialization_failure, lock_not_available
POSTGRES_RETRYABLE = {"40P01", "40001", "55P03"}
SQLITE_RETRYABLE = ("database is locked", "database table is locked", "database is busy")


def lock_error(error: BaseException) -> bool:
    """Whether the error only says another writer was in the way (worth trying again)."""
    if not isinstance(error, OperationalError):
        return False
    if getattr(error.__cause__, "sqlstate", None) in POSTGRES_RETRYABLE:
        return True
    return any(text in str(error).lower() for text in SQLITE_RETRYABLE)


def lock_retried(
    function: Callable[P, R] | None = None, *, attempts: int = ATTEMPTS, pause_s: float = FIRST_PAUSE_S
) -> Callable[P, R]:
    """Run `function` again (up to `attempts` times, pausing longer each time) when the database is busy.

    Use it on short write steps and on background tasks whose every step is safe to repeat. Inside an
    outer transaction nothing is retried: the error goes to the code that owns the transaction.
    """

    def decorate(inner: Callable[P, R]) -> Callable[P, R]:
        @functools.wraps(inner)
        def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
            for attempt in range(1, attempts + 1):
                try:
                    return inner(*args, **kwargs)
                except OperationalError as error:
                    if attempt == attempts or not lock_error(error) or connection.in_atomic_block:
                        raise
                    pause = pause_s * 2 ** (attempt - 1) * (0.5 + random.random())  # noqa: S311 (jitter)
                    log.warning("%s: database busy (attempt %d of %d), retrying", inner.__qualname__, attempt, attempts)
                    time.sleep(pause)
            raise AssertionError("unreachable")

        return wrapper

    return decorate(function) if function is not None else decorate
