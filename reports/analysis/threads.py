"""One numerical thread for the analyses, whichever process runs them (web, worker, command, bench).

Their matrices are small; on a shared machine the BLAS and OpenMP thread pools waiting for each
other made clustering 15 times slower, and a grouping of 1,000 voters 37 times slower, than one
thread alone. With one thread a loaded machine slows them down in proportion only.
"""

import sys
from functools import wraps

from threadpoolctl import ThreadpoolController

_found: tuple[int, ThreadpoolController] | None = None


def controller() -> ThreadpoolController:
    """The thread pools of the loaded numerical libraries.

    Finding them takes milliseconds, so the result is kept until a module is imported: a library
    loaded later (the embedding model brings its own OpenMP) must be limited too.
    """
    global _found
    modules = len(sys.modules)
    if _found is None or _found[0] != modules:
        _found = (modules, ThreadpoolController())
    return _found[1]


def single_threaded(function):
    """Run `function` with every BLAS/OpenMP pool limited to one thread."""

    @wraps(function)
    def wrapper(*args, **kwargs):
        with controller().limit(limits=1):
            return function(*args, **kwargs)

    return wrapper
