"""Background writes that wait out a busy or briefly unreachable database instead of failing.

SQLite allows one writer at a time; a writer that waited its whole busy timeout gets "database is
locked". PostgreSQL ends one side of a deadlock or serialisation conflict, and a restarting server
drops its connections. The work is sound and only its timing was unlucky, so a short write is run
again after a pause. `retried` is the one mechanism: a predicate says which errors are worth another
attempt, a schedule how long to pause before each. `lock_retried` is its preset for short writes.
"""

import functools
import logging
import random
import time
from collections.abc import Callable
from typing import ParamSpec, TypeVar

from django.db import InterfaceError, OperationalError, connection

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


def lock_error_outside_transaction(error: BaseException) -> bool:
    """A lock error that this code may try again: inside an outer transaction only its owner can."""
    return lock_error(error) and not connection.in_atomic_block


def database_unavailable(error: BaseException) -> bool:
    """Any failure of the database itself: locked, restarting, or its connection gone."""
    return isinstance(error, OperationalError | InterfaceError)


def doubling_pauses(first_s: float, attempts: int) -> tuple[float, ...]:
    """The pauses between `attempts` attempts, each twice the one before."""
    return tuple(first_s * 2**n for n in range(attempts - 1))


def retried(
    function: Callable[P, R],
    *,
    worth_retrying: Callable[[BaseException], bool],
    delays: tuple[float, ...],
    jitter: bool = False,
    reconnect: bool = False,
) -> Callable[P, R]:
    """Run `function` again after each pause in `delays` (seconds) while it fails with an error `worth_retrying`.

    With `jitter` each pause is scaled by a random 0.5-1.5, so that writers who collided do not
    collide again. With `reconnect`, a connection the error left unusable (a restarted server) is
    replaced before the next attempt, outside a transaction; a lock error leaves it usable.
    """

    def decorate(inner: Callable[P, R]) -> Callable[P, R]:
        @functools.wraps(inner)
        def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
            attempts = len(delays) + 1
            for attempt, delay in enumerate((*delays, None), start=1):
                try:
                    return inner(*args, **kwargs)
                except Exception as error:
                    if delay is None or not worth_retrying(error):
                        raise
                    pause = delay * (0.5 + random.random()) if jitter else delay  # noqa: S311 (jitter)
                    log.warning(
                        "%s failed (%s, attempt %d of %d); trying again in %.1f s",
                        inner.__qualname__,
                        type(error).__name__,
                        attempt,
                        attempts,
                        pause,
                    )
                    time.sleep(pause)
                    if reconnect and not connection.in_atomic_block:
                        connection.close_if_unusable_or_obsolete()
            raise AssertionError("unreachable")

        return wrapper

    return decorate(function)


def lock_retried(
    function: Callable[P, R], *, attempts: int = ATTEMPTS, pause_s: float = FIRST_PAUSE_S
) -> Callable[P, R]:
    """Run `function` again (up to `attempts` times, pausing longer each time) when the database is busy.

    Use it on short write steps and on background tasks whose every step is safe to repeat. Inside an
    outer transaction nothing is retried: the error goes to the code that owns the transaction.
    """
    return retried(
        function, worth_retrying=lock_error_outside_transaction, delays=doubling_pauses(pause_s, attempts), jitter=True
    )
