"""`make prod-demo`: the demo community on the production stack, with nothing to set by hand.

PostgreSQL and Redis must answer (defaults below, or DATABASE_URL / REDIS_URL). The launcher creates the
database when missing, migrates, collects the static files, loads the demo (seed_demo --production-demo),
and then runs gunicorn (deploy/gunicorn.conf.py), the background worker and the scheduler as three
supervised processes: one that exits is started again; Ctrl+C (or SIGTERM) stops all three.
DEBUG is off, the logs are JSON, HTTPS is off for plain http on this machine, and the SECRET_KEY is
generated for each run. The CI smoke test starts the same launcher on its own port and database.
"""

import logging
import logging.config
import os
import secrets
import signal
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

import dj_database_url
import psycopg
import redis
from psycopg import sql

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from core.request_log import logging_config  # noqa: E402 (the repository root is on the path only now)

DEFAULTS = {
    "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/prototyypit_demo",
    "REDIS_URL": "redis://127.0.0.1:6379/1",
    "GUNICORN_BIND": "127.0.0.1:8000",
}
RESTART_DELAY_MAX = 30
STOP_TIMEOUT = 25
log = logging.getLogger("prod_demo")


def demo_environment() -> dict[str, str]:
    """The environment of every process of the demo: production settings, except plain http on this machine."""
    env = {key: value for key, value in os.environ.items() if key not in {"TESTING", "DEBUG"}}
    for key, value in DEFAULTS.items():
        env[key] = env.get(key) or value
    host = env["GUNICORN_BIND"].rsplit(":", 1)[0]
    env.update(
        DJANGO_SETTINGS_MODULE="prototyypit.settings",
        DEBUG="0",
        HTTPS="0",
        LOG_FORMAT=env.get("LOG_FORMAT") or "json",
        TASKS_BACKEND="database",
        OMP_NUM_THREADS="1",
        OPENBLAS_NUM_THREADS="1",
        MKL_NUM_THREADS="1",
        PYTHONUNBUFFERED="1",
    )
    env["SECRET_KEY"] = env.get("SECRET_KEY") or secrets.token_urlsafe(50)
    env["ALLOWED_HOSTS"] = env.get("ALLOWED_HOSTS") or ",".join(dict.fromkeys([host, "127.0.0.1", "localhost"]))
    env["SITE_URL"] = env.get("SITE_URL") or f"http://{env['GUNICORN_BIND']}"
    # The demo's emails are written as files, not sent.
    env["EMAIL_BACKEND"] = env.get("EMAIL_BACKEND") or "django.core.mail.backends.filebased.EmailBackend"
    env["EMAIL_FILE_PATH"] = env.get("EMAIL_FILE_PATH") or str(ROOT / "sent-emails")
    return env


def database_create_if_missing(url: str) -> None:
    """CREATE DATABASE for a PostgreSQL URL whose database does not exist yet."""
    config = dj_database_url.parse(url)
    if "postgresql" not in config["ENGINE"]:
        return
    params = {
        "host": config["HOST"] or None,
        "port": config["PORT"] or None,
        "user": config["USER"] or None,
        "password": config["PASSWORD"] or None,
    }
    try:
        admin = psycopg.connect(**params, dbname="postgres", autocommit=True, connect_timeout=5)
    except psycopg.OperationalError as error:
        sys.exit(
            f"PostgreSQL does not answer at {config['HOST']}:{config['PORT']} ({error}). Start it, or set DATABASE_URL."
        )
    with admin:
        if not admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [config["NAME"]]).fetchone():
            admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(config["NAME"])))
            log.info("created the database %s", config["NAME"])


def redis_check(url: str) -> None:
    try:
        redis.Redis.from_url(url, socket_connect_timeout=3).ping()
    except redis.RedisError as error:
        sys.exit(f"Redis does not answer at {url} ({error}). Start redis-server, or set REDIS_URL.")


def manage(env: dict[str, str], *args: str) -> None:
    """Run one set-up command; its output is shown only when it fails."""
    done = subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        sys.stderr.write(done.stdout + done.stderr)
        sys.exit(f"`manage.py {' '.join(args)}` failed.")


def commands() -> dict[str, list[str]]:
    gunicorn = str(Path(sys.executable).with_name("gunicorn"))
    return {
        "web": [gunicorn, "-c", "deploy/gunicorn.conf.py", "prototyypit.wsgi"],
        "worker": [sys.executable, "manage.py", "worker", "--interval", "1"],
        "scheduler": [sys.executable, "manage.py", "run_scheduled", "--loop", "60"],
    }


class Supervisor:
    """Start each process, start it again when it exits (waiting longer each quick failure), stop all on a signal."""

    def __init__(self, env: dict[str, str], programs: dict[str, list[str]]) -> None:
        self.env = env
        self.programs = programs
        self.processes: dict[str, subprocess.Popen] = {}
        self.started_at: dict[str, float] = {}
        self.starts: dict[str, int] = dict.fromkeys(programs, 0)
        self.delays: dict[str, float] = dict.fromkeys(programs, 1.0)
        self.stopping = False

    def start(self, name: str) -> None:
        # A session of its own: a Ctrl+C reaches the supervisor only, which then stops the processes in order.
        self.processes[name] = subprocess.Popen(  # noqa: S603
            self.programs[name],
            cwd=ROOT,
            env=self.env,
            start_new_session=True,
            # The scheduler prints a count line a minute; the logs say what it did.
            stdout=subprocess.DEVNULL if name == "scheduler" else None,
        )
        self.started_at[name] = time.monotonic()
        self.starts[name] += 1
        log.info("started %s (pid %s)", name, self.processes[name].pid)

    def stop(self, *_args) -> None:
        self.stopping = True

    def run(self) -> None:
        for name in self.programs:
            self.start(name)
        restart_at: dict[str, float] = {}
        while not self.stopping:
            for name, process in self.processes.items():
                if name in restart_at or process.poll() is None:
                    continue
                ran = time.monotonic() - self.started_at[name]
                # One that keeps failing at once waits longer each time; one that ran a while restarts at once.
                self.delays[name] = 1.0 if ran > 60 else min(self.delays[name] * 2, RESTART_DELAY_MAX)
                log.warning(
                    "%s exited with %s; starting it again in %.0f s", name, process.returncode, self.delays[name]
                )
                restart_at[name] = time.monotonic() + self.delays[name]
            for name, when in list(restart_at.items()):
                if time.monotonic() >= when:
                    del restart_at[name]
                    self.start(name)
            time.sleep(0.5)
        self.stop_all()

    def stop_all(self) -> None:
        log.info("stopping web, worker and scheduler")
        for process in self.processes.values():
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
        deadline = time.monotonic() + STOP_TIMEOUT
        for name, process in self.processes.items():
            try:
                process.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                log.warning("%s did not stop in %s s; killing it", name, STOP_TIMEOUT)
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()


def wait_until_serving(bind: str, timeout: float = 120) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            # Always http, to the address this script itself gave gunicorn: never a URL from elsewhere.
            with urllib.request.urlopen(f"http://{bind}/healthz", timeout=5) as response:  # nosec B310
                if response.status == 200:
                    return True
        except OSError:
            time.sleep(1)
    return False


def main() -> None:
    env = demo_environment()
    logging.config.dictConfig(logging_config(log_format=env["LOG_FORMAT"], level="INFO"))
    database_create_if_missing(env["DATABASE_URL"])
    redis_check(env["REDIS_URL"])
    log.info("migrating, collecting static files and loading the demo community")
    manage(env, "migrate", "--no-input")
    manage(env, "collectstatic", "--no-input")
    manage(env, "seed_demo", "--production-demo")
    supervisor = Supervisor(env, commands())
    signal.signal(signal.SIGINT, supervisor.stop)
    signal.signal(signal.SIGTERM, supervisor.stop)
    threading.Thread(target=announce, args=(env["GUNICORN_BIND"],), daemon=True).start()
    supervisor.run()


def announce(bind: str) -> None:
    if wait_until_serving(bind):
        log.info("ready: open http://%s (DEBUG off; the demo logins are listed in the README); stop with Ctrl+C", bind)


if __name__ == "__main__":
    main()
