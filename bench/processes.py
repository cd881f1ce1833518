"""What the database benchmarks share: one child process per database, so Django is configured once each.

A benchmark module `bench.<name>` runs `python -m bench.<name> --backend sqlite|postgres [--smoke] …` in
the child and prints its figures as the last JSON line; the parent collects them with `per_database`.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# One thread per numerical library in every process a benchmark starts: on a shared machine their
# thread pools oversubscribe the cores and a run slows down a hundredfold instead of in proportion.
THREAD_VARIABLES = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "NUMEXPR_NUM_THREADS")


def thread_limited_env(extra: dict | None = None, drop: tuple[str, ...] = ()) -> dict:
    """This process's environment plus `extra`, without `drop`, with one numerical thread unless set."""
    env = {**dict.fromkeys(THREAD_VARIABLES, "1"), **os.environ, **(extra or {})}
    for name in drop:
        env.pop(name, None)
    return env


def wrk_version() -> str:
    """The load generator's name and version, as the figures report it ("wrk 4.1.0-3+b2")."""
    done = subprocess.run(["wrk", "-v"], capture_output=True, text=True, check=False)  # noqa: S607
    first = (done.stdout or done.stderr).split()
    # "wrk debian/4.1.0-3+b2 [epoll] …"
    return f"wrk {first[1].removeprefix('debian/')}" if len(first) > 1 else "wrk"


def postgres_unreachable(url: str) -> str:
    """Why no PostgreSQL server answers at url, or "" when one does."""
    try:
        import dj_database_url
        import psycopg
    except ImportError as error:
        return f"no PostgreSQL driver ({error})"
    config = dj_database_url.parse(url)
    try:
        psycopg.connect(
            host=config["HOST"] or None,
            port=config["PORT"] or None,
            user=config["USER"] or None,
            password=config["PASSWORD"] or None,
            dbname="postgres",
            connect_timeout=3,
        ).close()
    except psycopg.Error as error:
        return f"no server answers at {config['HOST']}:{config['PORT']} ({str(error).strip().splitlines()[0]})"
    return ""


def child(
    module: str, backend: str, smoke: bool, args: list[str], *, env: dict | None = None, env_drop: str = ""
) -> dict:
    """`python -m <module> --backend <backend>` in a fresh interpreter; its last JSON line, or {"skipped": why}."""
    child_env = thread_limited_env(
        {**(env or {}), "DJANGO_SETTINGS_MODULE": "prototyypit.settings_test"}, drop=(env_drop,) if env_drop else ()
    )
    command = [sys.executable, "-m", module, "--backend", backend, *args] + (["--smoke"] if smoke else [])
    done = subprocess.run(command, cwd=ROOT, env=child_env, capture_output=True, text=True, check=False)  # noqa: S603
    lines = [line for line in done.stdout.splitlines() if line.startswith("{")]
    if done.returncode != 0 or not lines:
        tail = (done.stderr or done.stdout).strip().splitlines()[-5:]
        return {"skipped": f"the {backend} run failed: " + " | ".join(tail)}
    return json.loads(lines[-1])


def per_database(module: str, smoke: bool, local_postgres: str, args: list[str] | None = None) -> tuple[dict, dict]:
    """The figures of the SQLite run, then of PostgreSQL at DATABASE_URL (or the local server), or why not."""
    args = args or []
    sqlite = child(module, "sqlite", smoke, args, env_drop="DATABASE_URL")
    postgres_url = os.environ.get("DATABASE_URL", "")
    if postgres_url and not postgres_url.startswith("postgres"):
        return sqlite, {"skipped": f"DATABASE_URL is not PostgreSQL ({postgres_url.split(':', 1)[0]})"}
    url = postgres_url or local_postgres
    reason = postgres_unreachable(url)
    postgres = {"skipped": reason} if reason else child(module, "postgres", smoke, args, env={"DATABASE_URL": url})
    return sqlite, postgres
