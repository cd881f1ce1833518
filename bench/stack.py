"""A throwaway production stack for benchmarks and the scale-out test: gunicorn, workers, PostgreSQL, Redis.

Every process runs the production settings (`bench.stack_settings`: DEBUG off, HTTPS=0, a random
SECRET_KEY) against one PostgreSQL database and one Redis database, as several servers of a county
would. `Browser` is a visitor with its own cookies, speaking plain HTTP/1.1 with keep-alive.
"""

import contextlib
import http.client
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode, urlsplit

ROOT = Path(__file__).resolve().parent.parent
LOCAL_POSTGRES = "postgres://postgres@127.0.0.1:5432/prototyypit_bench"
LOCAL_REDIS = "redis://127.0.0.1:6379/5"
CSRF_FIELD = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def postgres_url(suffix: str) -> str:
    """A database beside DATABASE_URL's (or the local server's) named `<its name>_<suffix>`."""
    base = os.environ.get("DATABASE_URL", "")
    if not base.startswith("postgres"):
        base = LOCAL_POSTGRES
    parts = urlsplit(base)
    return parts._replace(path=f"{parts.path.rstrip('/')}_{suffix}").geturl()


def redis_url() -> str:
    return os.environ.get("BENCH_REDIS_URL", LOCAL_REDIS)


def redis_unreachable(url: str) -> str:
    """Why no Redis answers at url, or "" when one does."""
    try:
        import redis
    except ImportError as error:
        return f"no Redis client ({error})"
    try:
        redis.Redis.from_url(url, socket_connect_timeout=2).ping()
    except redis.RedisError as error:
        return f"no Redis answers at {url} ({error})"
    return ""


def redis_flush(url: str) -> None:
    """Forget the previous run's throttle counters and cached pages (the bench's own Redis database)."""
    import redis

    redis.Redis.from_url(url).flushdb()


def database_connect(url: str, *, admin: bool = False):
    """A psycopg connection (autocommit) to the database at url, or to the server's `postgres` database."""
    import dj_database_url
    import psycopg

    config = dj_database_url.parse(url)
    return psycopg.connect(
        host=config["HOST"] or None,
        port=config["PORT"] or None,
        user=config["USER"] or None,
        password=config["PASSWORD"] or None,
        dbname="postgres" if admin else config["NAME"],
        autocommit=True,
        connect_timeout=5,
    )


def _admin_connection(url: str):
    import dj_database_url

    return database_connect(url, admin=True), dj_database_url.parse(url)["NAME"]


def database_recreate(url: str) -> None:
    """Drop and create the (empty) database at url."""
    connection, name = _admin_connection(url)
    with connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')


def throwaway_database(suffix: str) -> tuple[str, str]:
    """A fresh, empty database for a benchmark of the stack, and why it cannot run ("" when it can)."""
    url = postgres_url(suffix)
    reason = redis_unreachable(redis_url())
    if reason:
        return url, reason
    try:
        database_recreate(url)
    except Exception as error:
        return url, f"no PostgreSQL to create {url.rsplit('/', 1)[-1]} ({type(error).__name__})"
    return url, ""


def database_drop(url: str) -> None:
    connection, name = _admin_connection(url)
    with connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def children(pid: int) -> list[int]:
    """The direct child processes of pid (a gunicorn master's workers)."""
    try:
        return [int(child) for child in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []


def _cpu_fields(pid: int) -> list[int]:
    """utime, stime, cutime and cstime of a process, in clock ticks."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return [int(value) for value in fields[11:15]]


def cpu_seconds(pid: int) -> float:
    """CPU time used so far by a process, its live children and the children it has reaped (workers restarted)."""
    try:
        total = sum(_cpu_fields(pid))
    except OSError:
        return 0.0
    for child in children(pid):
        # A child that exits between the listing and the read is counted by its parent once reaped.
        with contextlib.suppress(OSError):
            total += sum(_cpu_fields(child)[:2])
    return total / os.sysconf("SC_CLK_TCK")


@dataclass
class Stack:
    """Processes that share one database and one Redis; stop() ends every one of them."""

    database_url: str
    redis_url: str
    extra_env: dict[str, str] = field(default_factory=dict)
    folder: Path = field(default_factory=lambda: Path(tempfile.mkdtemp(prefix="prototyypit-stack-")))
    processes: list[subprocess.Popen] = field(default_factory=list)

    def __post_init__(self) -> None:
        for name in ("mail", "logs", "media"):
            (self.folder / name).mkdir(parents=True, exist_ok=True)
        drop = {"TESTING", "DEBUG", "DJANGO_SETTINGS_MODULE", "EMAIL_BACKEND", "TASKS_BACKEND"}
        self.env = {key: value for key, value in os.environ.items() if key not in drop}
        self.env.update(
            {
                "DJANGO_SETTINGS_MODULE": "bench.stack_settings",
                "STACK_DIR": str(self.folder),
                "DEBUG": "0",
                "HTTPS": "0",
                "SECRET_KEY": secrets.token_urlsafe(50),
                "ALLOWED_HOSTS": "127.0.0.1,localhost",
                "DATABASE_URL": self.database_url,
                "REDIS_URL": self.redis_url,
                "TASKS_BACKEND": "database",
                "LOG_LEVEL": "WARNING",
                "OMP_NUM_THREADS": "1",
                "PYTHONUNBUFFERED": "1",
                **self.extra_env,
            }
        )

    def manage(self, *args: str, check: bool = True) -> subprocess.CompletedProcess:
        """`manage.py <args>` with the stack's settings, waiting for it to finish."""
        return subprocess.run(  # noqa: S603
            [sys.executable, "manage.py", *args], cwd=ROOT, env=self.env, capture_output=True, text=True, check=check
        )

    def prepare(self) -> None:
        """Migrate the database and collect the static files, as a deployment does."""
        self.manage("migrate", "--no-input", "-v", "0")
        self.manage("collectstatic", "--no-input", "-v", "0")

    def start(self, name: str, command: list[str], env: dict[str, str] | None = None) -> subprocess.Popen:
        log = (self.folder / "logs" / f"{name}.log").open("ab")
        process = subprocess.Popen(  # noqa: S603
            command,
            cwd=ROOT,
            env={**self.env, **(env or {})},
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        self.processes.append(process)
        return process

    def app(self, port: int, workers: int = 2) -> subprocess.Popen:
        """A gunicorn master serving the app with deploy/gunicorn.conf.py; returns once /healthz answers."""
        process = self.start(
            f"app-{port}",
            [sys.executable, "-m", "gunicorn", "-c", "deploy/gunicorn.conf.py", "prototyypit.wsgi"],
            {"GUNICORN_BIND": f"127.0.0.1:{port}", "GUNICORN_WORKERS": str(workers)},
        )
        self.wait_healthy(port, process)
        return process

    def worker(self, name: str) -> subprocess.Popen:
        """A supervised background worker (`manage.py worker`)."""
        return self.start(name, [sys.executable, "manage.py", "worker", "--interval", "0.2", "--worker-id", name])

    def wait_healthy(self, port: int, process: subprocess.Popen, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if process.poll() is not None:
                raise RuntimeError(f"the server on port {port} exited: {self.log_tail(f'app-{port}')}")
            try:
                status, _headers, _body = Browser(f"http://127.0.0.1:{port}").get("/healthz")
                if status == 200:
                    return
            except OSError:
                pass
            time.sleep(0.2)
        raise RuntimeError(f"the server on port {port} did not answer in {timeout} s: {self.log_tail(f'app-{port}')}")

    def log_tail(self, name: str, lines: int = 15) -> str:
        path = self.folder / "logs" / f"{name}.log"
        return " | ".join(path.read_text(errors="replace").splitlines()[-lines:]) if path.exists() else ""

    def emails(self) -> list[str]:
        """Every message the processes sent, as raw text (the file backend writes one file per connection)."""
        separator = "-" * 79
        messages = []
        for path in sorted((self.folder / "mail").glob("*.log")):
            messages += [part for part in path.read_text(errors="replace").split(separator) if part.strip()]
        return messages

    def stop(self) -> None:
        """End every process this stack started (their whole process groups), then remove the folder."""
        for process in self.processes:
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
        for process in self.processes:
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()
        shutil.rmtree(self.folder, ignore_errors=True)

    def __enter__(self) -> "Stack":
        return self

    def __exit__(self, *exc) -> None:
        self.stop()


class Browser:
    """A visitor: its own cookies and one keep-alive connection per server; raises OSError on network failure."""

    def __init__(self, base: str, headers: dict[str, str] | None = None, timeout: float = 30) -> None:
        self.base = base
        self.headers = headers or {}
        self.timeout = timeout
        self.cookies: dict[str, str] = {}
        self.connections: dict[str, http.client.HTTPConnection] = {}

    def request(
        self, method: str, path: str, data: dict | None = None, *, base: str | None = None, headers: dict | None = None
    ) -> tuple[int, dict[str, str], str]:
        netloc = urlsplit(base or self.base).netloc
        all_headers = {**self.headers, **(headers or {})}
        if self.cookies:
            all_headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if data is not None:
            body = urlencode(data, doseq=True)
            all_headers["Content-Type"] = "application/x-www-form-urlencoded"
        connection = self.connections.get(netloc)
        if connection is None:
            connection = self.connections[netloc] = http.client.HTTPConnection(netloc, timeout=self.timeout)
        try:
            connection.request(method, path, body=body, headers=all_headers)
            response = connection.getresponse()
            text = response.read().decode(errors="replace")
        except (OSError, http.client.HTTPException) as error:
            connection.close()
            del self.connections[netloc]
            raise ConnectionError(f"{method} {path}: {type(error).__name__}") from error
        for header in response.headers.get_all("Set-Cookie") or []:
            name, _, rest = header.partition("=")
            value = rest.split(";", 1)[0]
            if value in ("", '""') or "max-age=0" in rest.lower():
                self.cookies.pop(name.strip(), None)
            else:
                self.cookies[name.strip()] = value
        return response.status, {k.lower(): v for k, v in response.getheaders()}, text

    def get(self, path: str, **kwargs) -> tuple[int, dict[str, str], str]:
        return self.request("GET", path, **kwargs)

    def post_form(self, path: str, page: str, data: dict, **kwargs) -> tuple[int, dict[str, str], str]:
        """Post `data` with the CSRF token of `page` (the form as fetched), as a browser does."""
        token = CSRF_FIELD.search(page)
        if token is None:
            raise ValueError(f"no CSRF token on the page before {path}")
        return self.request("POST", path, {"csrfmiddlewaretoken": token.group(1), **data}, **kwargs)

    def close(self) -> None:
        for connection in self.connections.values():
            connection.close()
        self.connections.clear()
