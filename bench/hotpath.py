"""Hot-path benchmark: logged-in members going home → period → task → autosave → submit, over HTTP.

A throwaway PostgreSQL database (proto_hotpath_bench) gets 1,000 members (smoke: 40) in an open period
with a survey task. The app is served by gunicorn with deploy/gunicorn.conf.py (2 workers, DEBUG off,
Redis cache); the floor is a view returning "ok" under bench/floor_settings.py (no middleware, no
database), served by the same config. A second floor (bench/member_floor_settings.py) is the app's full
middleware answering "ok" to a signed-in member: what every member page pays before its own work.
Debian's wrk drives all three with one Lua script (bench/hotpath.lua):
first a closed loop (32 connections, each a logged-in member, no think time), then an open loop at half
the closed-loop rate whose latencies count from each request's scheduled time. A child process also
times each page in-process (test client, same settings) with its query count.

    python -m bench --only hotpath [--smoke]
"""

import argparse
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

from bench.processes import ROOT, postgres_unreachable, wrk_version

POSTGRES = "postgres://postgres@127.0.0.1:5432/"
DATABASE = "proto_hotpath_bench"
REDIS_URL = "redis://127.0.0.1:6379/4"
APP_PORT, FLOOR_PORT, MEMBER_FLOOR_PORT = 8401, 8402, 8403
CONNECTIONS = 32
LUA = Path(__file__).with_name("hotpath.lua")
STEPS = ("home", "period", "task", "autosave", "submit")
UNUSABLE = "!"  # an unusable password hash: the bench prepares sessions, nobody logs in with a password


def _server_env(database_url: str) -> dict[str, str]:
    """The production settings, as a county would run them, on the bench's database and Redis DB."""
    env = {
        k: v for k, v in os.environ.items() if k not in {"TESTING", "DEBUG", "DJANGO_SETTINGS_MODULE", "DATABASE_URL"}
    }
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "prototyypit.settings",
            "DATABASE_URL": database_url,
            "REDIS_URL": REDIS_URL,
            "SECRET_KEY": "bench-hotpath-" + "x" * 50,
            "ALLOWED_HOSTS": "127.0.0.1,testserver",
            "HTTPS": "0",
            "TASKS_BACKEND": "database",
            "GUNICORN_WORKERS": "2",
            "LOG_LEVEL": "WARNING",
            "OMP_NUM_THREADS": "1",
        }
    )
    return env


# --- the child: data, sessions and in-process figures (runs under the server's settings) ---


def _populate(members: int) -> dict:
    from django.utils import timezone

    from accounts.models import Consent, Member, Role, TermsVersion, User
    from membership.services import term_current
    from notifications.models import Notification
    from organisations.models import Organisation
    from periods.models import Participant, Period, Question, QuestionKind, Task, TaskKind

    now = timezone.now()
    sote = Organisation.objects.create(slug="sote", name_fi="Sote")
    terms = TermsVersion.current() or TermsVersion.objects.create(version=1, summary_fi="Ehdot")
    period = Period.objects.create(
        title_fi="Kevään kehittäjäjakso",
        description_fi="Kerro, miten palvelut toimivat.",
        starts_at=now - timedelta(days=1),
        ends_at=now + timedelta(days=9),
        published_at=now,
    )
    period.organisations.set([sote])
    users = User.objects.bulk_create(
        [User(email=f"m{i}@example.fi", role=Role.MEMBER, is_active=True, password=UNUSABLE) for i in range(members)]
    )
    Member.objects.bulk_create(
        [
            Member(user=u, pseudonym=f"Jäsen {i}", pseudonym_key=f"jäsen {i}", joined_at=now - timedelta(days=200))
            for i, u in enumerate(users)
        ]
    )
    Consent.objects.bulk_create([Consent(user=u, terms=terms) for u in users])
    Participant.objects.bulk_create([Participant(period=period, member=u) for u in users])
    Notification.objects.bulk_create(
        [Notification(user=u, kind="period_open", message="Uusi jakso on avattu") for u in users for _ in range(3)]
    )
    survey = Task.objects.create(period=period, order=0, kind=TaskKind.SURVEY, title_fi="Kysely palveluista")
    Task.objects.create(period=period, order=1, kind=TaskKind.DISCUSSION, title_fi="Keskustelu")
    Task.objects.create(period=period, order=2, kind=TaskKind.DIARY, title_fi="Päiväkirja")
    options = [{"value": v, "fi": f"Vaihtoehto {v}"} for v in ("a", "b", "c")]
    questions = Question.objects.bulk_create(
        [
            Question(task=survey, order=0, kind=QuestionKind.SCALE5, text_fi="Kuinka tyytyväinen olet?"),
            Question(task=survey, order=1, kind=QuestionKind.SINGLE, text_fi="Mitä käytit?", choices=options),
            Question(task=survey, order=2, kind=QuestionKind.YESNO, text_fi="Suosittelisitko?"),
            Question(task=survey, order=3, kind=QuestionKind.TEXT, text_fi="Mitä muuttaisit?", required=False),
        ]
    )
    for user in users:  # the membership term is created on first need; a running site has them
        term_current(user)
    form = {
        questions[0].field_name: "4",
        questions[1].field_name: "b",
        questions[2].field_name: "yes",
        questions[3].field_name: "Ajanvaraus puhelimessa kestää liian kauan.",
    }
    return {"users": users, "period": period.pk, "task": survey.pk, "form": form}


def _session_for(user) -> tuple[str, str]:
    """A logged-in session (as after a password login) and a CSRF secret for its cookie and forms."""
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.base import SessionBase
    from django.utils.module_loading import import_string

    from accounts.services import consent_seen

    store: SessionBase = import_string(f"{settings.SESSION_ENGINE}.SessionStore")()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    consent_seen(store, user)  # what the login does (accounts.services.consent_note_at_login)
    store.create()
    return store.session_key, secrets.token_hex(16)


def _lua_string(value: str) -> str:
    return json.dumps(value, ensure_ascii=True)


def _write_lua_data(path: Path, data: dict, sessions: list[tuple[str, str]]) -> None:
    from urllib.parse import urlencode

    lines = [
        "return {",
        f"  period = {data['period']}, task = {data['task']},",
        f"  form = {_lua_string(urlencode(data['form']))},",
        "  users = {",
    ]
    lines += [f"    {{s = {_lua_string(s)}, c = {_lua_string(c)}}}," for s, c in sessions]
    lines += ["  },", "}"]
    path.write_text("\n".join(lines) + "\n")


def _inprocess(data: dict, sessions: list[tuple[str, str]], repeat: int) -> dict:
    """Median wall ms, CPU ms of this process (not the database's) and queries of each hot-path request.

    Each of `repeat` members goes the path twice: the second pass is what a member in the middle of a
    session costs (the figures); `first_queries` counts the first pass, which creates the response.
    """
    import re
    import statistics

    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    period, task = data["period"], data["task"]
    task_url = f"/fi/periods/{period}/tasks/{task}/"
    durations: dict[str, list[float]] = {step: [] for step in STEPS}
    cpu: dict[str, list[float]] = {step: [] for step in STEPS}
    queries: dict[str, int] = {}
    first_queries: dict[str, int] = {}
    for round_ in range(repeat + 1):  # the first member warms the process
        session_key, csrf = sessions[round_ % len(sessions)]
        client = Client()
        client.cookies["sessionid"] = session_key
        client.cookies["csrftoken"] = csrf
        for journey in (1, 2):
            version = "0"
            for step in STEPS:
                body = {**data["form"], "csrfmiddlewaretoken": csrf, "version": version}
                with CaptureQueriesContext(connection) as captured:
                    started, started_cpu = time.perf_counter(), time.process_time()
                    if step == "home":
                        response = client.get("/fi/me/")
                    elif step == "period":
                        response = client.get(f"/fi/periods/{period}/")
                    elif step == "task":
                        response = client.get(task_url)
                    elif step == "autosave":
                        response = client.post(task_url + "autosave/", body)
                    else:
                        response = client.post(task_url, body)
                    elapsed = (time.perf_counter() - started) * 1000
                    elapsed_cpu = (time.process_time() - started_cpu) * 1000
                if response.status_code != (302 if step == "submit" else 200):
                    raise RuntimeError(f"{step} answered {response.status_code}")
                if step == "task":
                    version = re.search(r'name="version" value="(\d+)"', response.content.decode()).group(1)
                elif step == "autosave":
                    version = str(response.json()["version"])
                if round_ and journey == 1:
                    first_queries[step] = len(captured)
                elif round_:
                    durations[step].append(elapsed)
                    cpu[step].append(elapsed_cpu)
                    queries[step] = len(captured)
    return {
        step: {
            "ms": round(statistics.median(durations[step]), 1),
            "cpu_ms": round(statistics.median(cpu[step]), 1),
            "queries": queries[step],
            "first_queries": first_queries[step],
        }
        for step in STEPS
    }


class _NoMigrations(dict):
    """MIGRATION_MODULES that sends every app to `migrate --run-syncdb`."""

    def __contains__(self, item: object) -> bool:
        return True

    def __getitem__(self, item: str) -> None:
        return None


def child_main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--members", type=int, required=True)
    parser.add_argument("--lua", type=Path, required=True)
    parser.add_argument("--repeat", type=int, default=10)
    args = parser.parse_args(argv)
    import django
    from django.conf import settings

    # The tables are made from the models, as in the results_site benchmark: seconds instead of the
    # migrations' minute. What only migrations add (audit triggers, default content) is off the hot path.
    settings.MIGRATION_MODULES = _NoMigrations()
    django.setup()
    from django.core.management import call_command

    call_command("migrate", run_syncdb=True, verbosity=0)
    started = time.perf_counter()
    data = _populate(args.members)
    sessions = [_session_for(user) for user in data["users"]]
    populate_s = time.perf_counter() - started
    _write_lua_data(args.lua, data, sessions)
    pages = _inprocess(data, sessions, args.repeat)
    print(json.dumps({"populate_s": round(populate_s, 1), "pages": pages}))
    return 0


# --- the parent: database, servers and load ---


def _database_create(url: str) -> None:
    import psycopg

    with psycopg.connect(url + "postgres", autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {DATABASE} WITH (FORCE)")
        conn.execute(f"CREATE DATABASE {DATABASE}")


def _database_drop(url: str) -> None:
    import psycopg

    with psycopg.connect(url + "postgres", autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {DATABASE} WITH (FORCE)")


def _run(command: list[str], env: dict[str, str]) -> str:
    done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, check=False)  # noqa: S603
    if done.returncode != 0:
        tail = (done.stderr or done.stdout).strip().splitlines()[-8:]
        raise RuntimeError(f"{' '.join(command[1:4])} failed: " + " | ".join(tail))
    return done.stdout


def _wait_for_port(port: int, process: subprocess.Popen, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn on port {port} exited with {process.returncode}")
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.2)
    raise RuntimeError(f"gunicorn did not listen on port {port} in {seconds} s")


class Gunicorn:
    """gunicorn with deploy/gunicorn.conf.py on one port, stopped (with its workers) on exit."""

    def __init__(self, env: dict[str, str], port: int) -> None:
        self.env = {**env, "GUNICORN_BIND": f"127.0.0.1:{port}"}
        self.port = port

    def __enter__(self) -> "Gunicorn":
        gunicorn = str(Path(sys.executable).with_name("gunicorn"))
        command = [gunicorn, "-c", "deploy/gunicorn.conf.py", "prototyypit.wsgi"]
        self.log = tempfile.TemporaryFile()
        self.process = subprocess.Popen(command, cwd=ROOT, env=self.env, stdout=self.log, stderr=self.log)  # noqa: S603
        _wait_for_port(self.port, self.process)
        return self

    def __exit__(self, *exc) -> None:
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=25)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.log.close()


def _wrk(port: int, mode: str, seconds: int, lua_data: Path, interval_ms: float = 0) -> dict:
    env = {
        **os.environ,
        "HOTPATH_MODE": mode,
        "HOTPATH_DATA": str(lua_data),
        "HOTPATH_INTERVAL_MS": f"{interval_ms:.3f}",
        "HOTPATH_THREADS": str(CONNECTIONS),
    }
    command = [
        "wrk",
        f"-t{CONNECTIONS}",
        f"-c{CONNECTIONS}",
        f"-d{seconds}s",
        "--timeout",
        "10s",
        "-s",
        str(LUA),
        f"http://127.0.0.1:{port}/",
    ]
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)  # noqa: S603
    lines = [line for line in done.stdout.splitlines() if line.startswith("{")]
    if done.returncode != 0 or not lines:
        raise RuntimeError("wrk failed: " + (done.stderr or done.stdout).strip()[-400:])
    return json.loads(lines[-1])


def run(smoke: bool) -> dict:
    members, closed_s, open_s, warm_s, repeat = (40, 3, 3, 1, 3) if smoke else (1000, 30, 30, 5, 15)
    if shutil.which("wrk") is None:
        return {"skipped": "wrk is not installed (`make loadgen` installs Debian's wrk)"}
    with socket.socket() as sock:
        sock.settimeout(3)
        if sock.connect_ex(("127.0.0.1", 6379)) != 0:
            return {"skipped": "no Redis server answers at 127.0.0.1:6379 (the app's shared cache)"}
    base = POSTGRES
    reason = postgres_unreachable(base + "postgres")
    if reason:
        return {"skipped": reason}
    env = _server_env(base + DATABASE)
    started = time.perf_counter()
    _database_create(base)
    try:
        python = sys.executable
        _run([python, "manage.py", "collectstatic", "--no-input", "-v", "0"], env)
        subprocess.run(["redis-cli", "-n", "4", "flushdb"], capture_output=True, check=False)  # noqa: S607
        with tempfile.TemporaryDirectory() as folder:
            lua_data = Path(folder) / "members.lua"
            child = json.loads(
                _run(
                    [
                        python,
                        "-m",
                        "bench.hotpath",
                        "--members",
                        str(members),
                        "--lua",
                        str(lua_data),
                        "--repeat",
                        str(repeat),
                    ],
                    env,
                )
                .strip()
                .splitlines()[-1]
            )
            setup_s = time.perf_counter() - started
            floor_env = {**env, "DJANGO_SETTINGS_MODULE": "bench.floor_settings"}
            with Gunicorn(floor_env, FLOOR_PORT):
                _wrk(FLOOR_PORT, "floor", warm_s, lua_data)
                floor = _wrk(FLOOR_PORT, "floor", closed_s, lua_data)
            member_floor_env = {**env, "DJANGO_SETTINGS_MODULE": "bench.member_floor_settings"}
            with Gunicorn(member_floor_env, MEMBER_FLOOR_PORT):
                _wrk(MEMBER_FLOOR_PORT, "member_floor", warm_s, lua_data)
                member_floor = _wrk(MEMBER_FLOOR_PORT, "member_floor", closed_s, lua_data)
            with Gunicorn(env, APP_PORT):
                _wrk(APP_PORT, "closed", warm_s, lua_data)
                closed = _wrk(APP_PORT, "closed", closed_s, lua_data)
                if not closed["rps"]:
                    raise RuntimeError(f"the closed loop sent no request: {closed}")
                open_rate = closed["rps"] / 2
                opened = _wrk(APP_PORT, "open", open_s, lua_data, interval_ms=1000 * CONNECTIONS / open_rate)
    finally:
        _database_drop(base)
    errors = closed["errors"] + opened["errors"]
    return {
        "rps": closed["rps"],
        "floor_rps": floor["rps"],
        "ratio": round(closed["rps"] / floor["rps"], 3) if floor["rps"] else None,
        "member_floor_rps": member_floor["rps"],
        "member_floor_ratio": round(member_floor["rps"] / floor["rps"], 3) if floor["rps"] else None,
        "member_floor_errors": member_floor["errors"],
        "p50_ms": closed["p50_ms"],
        "p95_ms": closed["p95_ms"],
        "p99_ms": closed["p99_ms"],
        "open_rps": opened["rps"],
        "open_target_rps": round(open_rate, 1),
        "open_p50_ms": opened["p50_ms"],
        "open_p99_ms": opened["p99_ms"],
        "errors": errors,
        "floor_errors": floor["errors"],
        "users": CONNECTIONS,
        "members": members,
        "generator": wrk_version(),
        "closed_s": closed_s,
        "open_s": open_s,
        "requests": closed["requests"],
        "pages_under_load": closed["steps"],
        "pages_inprocess": child["pages"],
        "setup_s": round(setup_s, 1),
    }


if __name__ == "__main__":
    sys.exit(child_main(sys.argv[1:]))
