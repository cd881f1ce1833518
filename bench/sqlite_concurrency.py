"""SQLite concurrency benchmark: the default set-up (what `make run` starts) under eight members writing at once.

A fresh SQLite file with the demo data (`seed_demo`, DEBUG=1), `manage.py runserver --noreload`, the
database task worker (`manage.py worker`) analysing every submitted open answer
(REPORTS_ANALYSE_ON_SAVE), and the scheduler. Eight logged-in members then write for 60 s (smoke:
5 s) with no think time, over plain HTTP from threads of this process: on every task of the open
period they open the page, autosave the form and send it (survey answers, discussion posts,
statements, diary entries). Nothing may answer 5xx, and the worker must still be alive at the end.

    python -m bench.sqlite_concurrency [--smoke]

BENCH_APP_ROOT runs the servers from another checkout (e.g. the main branch, to measure a change).
Ports come from 8100-8199.
"""

import csv
import http.cookiejar
import json
import os
import random
import re
import socket
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path

from bench.processes import ROOT, thread_limited_env

WRITERS = 8
PORTS = range(8100, 8200)
PASSWORD = "Prototyypit-demo-2026"  # noqa: S105 (accounts.demo.DEMO_PASSWORD, the demo's known password)
TEXTS = ROOT / "reports" / "tests" / "data" / "answers_fi.csv"
# The open period's tasks and their pages, read from the seeded database by the app itself.
TASKS_SCRIPT = """
import json
from periods.models import Period
period = next(p for p in Period.objects.order_by("pk") if p.is_open)
print(json.dumps([[period.pk, t.pk, t.kind] for t in period.tasks.order_by("order", "pk")]))
"""


def _free_port() -> int:
    for port in PORTS:
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) != 0:
                return port
    raise RuntimeError("no free port in 8100-8199")


class _AnswerForm(HTMLParser):
    """The fields of the page's answer form (class "answer-form"), with its action and autosave URL."""

    def __init__(self):
        super().__init__()
        self.inside = False
        self.action = self.autosave = ""
        self.fields: list[tuple[str, str, str]] = []  # (tag or input type, name, value)
        self._select = ""

    def handle_starttag(self, tag, attrs):
        attrs = {k: v or "" for k, v in attrs}
        if tag == "form" and "answer-form" in attrs.get("class", "") and not self.action:
            self.inside = True
            self.action, self.autosave = attrs.get("action", ""), attrs.get("data-autosave-url", "")
        elif self.inside and tag == "input" and attrs.get("name"):
            self.fields.append((attrs.get("type", "text"), attrs["name"], attrs.get("value", "")))
        elif self.inside and tag == "textarea" and attrs.get("name"):
            self.fields.append(("textarea", attrs["name"], ""))
        elif self.inside and tag == "select" and attrs.get("name"):
            self.fields.append(("select", attrs["name"], ""))

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False


def _fill(form: _AnswerForm, text: str, rng: random.Random) -> dict[str, list[str]]:
    """What a member would send: values the page filled in kept, a choice in every group, text in every text box."""
    data: dict[str, list[str]] = {}
    choices: dict[str, list[str]] = {}
    for kind, name, value in form.fields:
        if kind == "hidden":
            data[name] = [value]
        elif kind in ("radio", "checkbox"):
            choices.setdefault(name, []).append(value)
        elif kind in ("textarea", "text"):
            data[name] = [text]
        elif kind == "select":
            data[name] = [""]  # rankings are optional; a blank rank is always valid
        elif kind not in ("file", "submit", "button") and value:
            data[name] = [value]  # as the page filled it in (a diary's day)
    for name, values in choices.items():
        data[name] = [rng.choice(values)]
    return data


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class _Member:
    """One logged-in member's browser: a cookie jar and the status of every request."""

    def __init__(self, base: str, email: str, statuses: Counter, lock: threading.Lock):
        self.base, self.email, self.statuses, self.lock = base, email, statuses, lock
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar), _NoRedirect)

    def request(self, path: str, data: dict | None = None, *, kind: str) -> tuple[int, str]:
        body = urllib.parse.urlencode(data, doseq=True).encode() if data is not None else None
        url = self.base + path  # always http://127.0.0.1:<port>
        request = urllib.request.Request(url, data=body, headers={"Referer": url})  # noqa: S310
        try:
            with self.opener.open(request, timeout=60) as answer:
                status, text = answer.status, answer.read().decode("utf-8", "replace")
        except urllib.error.HTTPError as error:
            status, text = error.code, error.read().decode("utf-8", "replace")
        except OSError as error:
            status, text = 0, str(error)  # no answer at all: counted with the errors
        with self.lock:
            self.statuses[(kind, status)] += 1
        return status, text

    def login(self) -> bool:
        _status, page = self.request("/fi/login/", kind="login")
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
        if not token:
            return False
        fields = {"csrfmiddlewaretoken": token.group(1), "username": self.email, "password": PASSWORD}
        status, _page = self.request("/fi/login/", fields, kind="login")
        return status == 302


def _write(member: _Member, tasks: list, texts: list[str], deadline: float, seed: int) -> None:
    """Open, autosave and send every task of the open period in turn until the deadline."""
    rng = random.Random(seed)
    round_ = 0
    while time.monotonic() < deadline:
        round_ += 1
        for period_id, task_id, kind in tasks:
            if time.monotonic() >= deadline:
                return
            status, page = member.request(f"/fi/periods/{period_id}/tasks/{task_id}/", kind="page")
            form = _AnswerForm()
            form.feed(page)
            if status != 200 or not form.action:
                continue
            text = f"{rng.choice(texts)} ({member.email.split('@')[0]}, kierros {round_})"
            data = _fill(form, text, rng)
            if form.autosave:
                member.request(form.autosave, data, kind="autosave")
            member.request(form.action, {**data, "action": ["submit"]}, kind=f"submit:{kind}")


def _sqlite_counts(path: Path) -> dict[str, object]:
    """What the worker did, read from the database file once everything has stopped."""
    with sqlite3.connect(path) as db:
        tasks = dict(db.execute("SELECT status, COUNT(*) FROM django_tasks_database_dbtaskresult GROUP BY status"))
        analysed = db.execute("SELECT COUNT(*) FROM reports_answeranalysis").fetchone()[0]
        mode = db.execute("PRAGMA journal_mode").fetchone()[0]
    return {"tasks": tasks, "analysed": analysed, "journal_mode": mode}


def _start(command: list[str], env: dict, cwd: Path, log: Path) -> subprocess.Popen:
    handle = log.open("w")
    return subprocess.Popen(command, cwd=cwd, env=env, stdout=handle, stderr=subprocess.STDOUT)  # noqa: S603


def _wait_ready(base: str, server: subprocess.Popen, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError("the server exited while starting")
        try:
            with urllib.request.urlopen(base + "/healthz", timeout=5):  # noqa: S310 (our own server)
                return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError("the server did not answer within a minute")


def run(smoke: bool) -> dict:
    """The figures of one run: requests by kind and status, errors, and whether the worker survived."""
    app = Path(os.environ.get("BENCH_APP_ROOT", ROOT)).resolve()
    duration = 5 if smoke else 60
    python = sys.executable
    scratch = tempfile.TemporaryDirectory(prefix="bench-sqlite-")
    folder = Path(scratch.name)
    database = folder / "db.sqlite3"
    env = thread_limited_env(
        {
            "DEBUG": "1",
            "TASKS_BACKEND": "database",
            "DATABASE_URL": f"sqlite:///{database}",
            "MEDIA_ROOT": str(folder / "media"),
            "PYTHONUNBUFFERED": "1",
            # Leave another checkout as it was.
            **({"PYTHONDONTWRITEBYTECODE": "1"} if app != ROOT else {}),
        },
        drop=("TESTING", "DJANGO_SETTINGS_MODULE", "REDIS_URL"),
    )
    manage = [python, "manage.py"]
    processes: list[subprocess.Popen] = []
    try:
        for step in (["migrate", "--no-input", "-v", "0"], ["seed_demo"]):
            subprocess.run(manage + step, cwd=app, env=env, check=True, capture_output=True)  # noqa: S603
        tasks = json.loads(
            subprocess.run(  # noqa: S603
                [*manage, "shell", "-c", TASKS_SCRIPT], cwd=app, env=env, check=True, capture_output=True, text=True
            )
            .stdout.strip()
            .splitlines()[-1]
        )
        port = _free_port()
        base = f"http://127.0.0.1:{port}"
        worker = _start([*manage, "worker", "--interval", "1"], env, app, folder / "worker.log")
        scheduler = _start([*manage, "run_scheduled", "--loop", "60"], env, app, folder / "scheduler.log")
        server = _start([*manage, "runserver", "--noreload", f"127.0.0.1:{port}"], env, app, folder / "server.log")
        processes += [worker, scheduler, server]
        _wait_ready(base, server)
        statuses: Counter = Counter()
        lock = threading.Lock()
        members = [_Member(base, f"jasen{n:02d}@example.fi", statuses, lock) for n in range(1, WRITERS + 1)]
        logged_in = sum(member.login() for member in members)
        with TEXTS.open(encoding="utf-8", newline="") as handle:
            texts = [row["text"] for row in csv.DictReader(handle)]
        started = time.monotonic()
        threads = [
            threading.Thread(target=_write, args=(member, tasks, texts, started + duration, n))
            for n, member in enumerate(members)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        elapsed = time.monotonic() - started
        # The worker has a moment to catch up with what was queued last.
        time.sleep(3 if smoke else 10)
        worker_alive, scheduler_alive = worker.poll() is None, scheduler.poll() is None
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
    logs = {name: (folder / f"{name}.log").read_text(errors="replace") for name in ("server", "worker", "scheduler")}
    counts = _sqlite_counts(database)
    scratch.cleanup()
    writes = [(kind, status) for kind, status in statuses if kind.startswith(("autosave", "submit"))]
    by_kind: dict[str, dict[str, int]] = {}
    for (kind, status), number in sorted(statuses.items()):
        by_kind.setdefault(kind, {})[str(status)] = number
    requests = sum(statuses.values())
    return {
        "writers": WRITERS,
        "logged_in": logged_in,
        "duration_s": round(elapsed, 1),
        "requests": requests,
        "writes": sum(statuses[key] for key in writes),
        "requests_per_s": round(requests / elapsed, 1),
        "errors_5xx": sum(n for (_kind, status), n in statuses.items() if status >= 500),
        "no_answer": sum(n for (_kind, status), n in statuses.items() if status == 0),
        "by_kind": by_kind,
        "locked_in_logs": {name: text.count("database is locked") for name, text in logs.items()},
        "worker_alive": worker_alive,
        "scheduler_alive": scheduler_alive,
        "worker_tasks": counts["tasks"],
        "answers_analysed": counts["analysed"],
        "journal_mode": counts["journal_mode"],
    }


if __name__ == "__main__":
    print(json.dumps(run(smoke="--smoke" in sys.argv), indent=2))
