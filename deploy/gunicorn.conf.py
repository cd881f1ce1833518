"""gunicorn settings for Prototyypit: `gunicorn -c deploy/gunicorn.conf.py prototyypit.wsgi`.

Every value can be set from the environment, so systemd units, the container image, `make prod-demo`
and the benchmarks all serve the app the same way.
"""

import gc
import importlib
import os
import sys
from pathlib import Path

# The repository root, so the app's settings can be read here whatever the working directory.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from core.request_log import GUNICORN_ACCESS_FORMAT

# gunicorn's own lines (start-up, worker restarts, one access line a request) go through the app's logging:
# JSON with the request id the app answered with, unless LOG_FORMAT=text. Reading the settings here also
# makes a missing SECRET_KEY fail at start-up, before any worker is forked.
logconfig_dict = getattr(
    importlib.import_module(os.environ.get("DJANGO_SETTINGS_MODULE", "prototyypit.settings")), "LOGGING", {}
)
access_log_format = GUNICORN_ACCESS_FORMAT
# No control socket: its default path is one per user, so two servers on one host (a demo beside a
# smoke test, two app servers) would take it from each other; nothing here uses gunicornc.
control_socket_disable = True

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("GUNICORN_WORKERS", "2"))
# Threads let a worker keep connections alive and overlap database waits; the app is thread-safe.
worker_class = "gthread"
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
# A request longer than this is killed and its worker replaced (report files are built in the worker).
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 20
keepalive = 5
# Load the app once in the master and fork workers from it: a new worker (at start and after each
# max_requests restart) answers at once instead of spending seconds importing the app first. New code
# then needs a restart of gunicorn, not a HUP (which re-forks workers from the old code).
preload_app = True
# Restart workers now and then so a slow leak cannot grow without bound.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "5000"))
max_requests_jitter = 500
# Numerical libraries must not take every core in every worker.
raw_env = ["OMP_NUM_THREADS=1", "OPENBLAS_NUM_THREADS=1", "MKL_NUM_THREADS=1"]


def when_ready(server) -> None:
    """Compile templates and read translations once in the master, so that every worker starts warm."""
    from django.apps import apps

    if preload_app and apps.ready and apps.is_installed("core"):
        from core.warmup import process_warm

        try:
            server.log.info("Warmed %d templates before forking workers", process_warm())
        except Exception:  # a cold start is slower, never a reason not to start
            server.log.exception("Warming up failed; the workers will warm up on their first requests")
    # Everything loaded so far (the app, its modules, the compiled templates) lives as long as the
    # process: moved out of the garbage collector's sight, it is not walked again by every full
    # collection in every worker, and the workers' memory pages stay shared with the master.
    gc.collect()
    gc.freeze()


def pre_fork(server, worker) -> None:
    """No database connection opened while loading the app may be shared by the forked workers."""
    from django.db import connections

    connections.close_all()
