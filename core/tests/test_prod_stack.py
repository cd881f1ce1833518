"""The production smoke test: `make prod-demo`'s launcher on its own port and database, driven over HTTP.

A demo member logs in, opens the open period's survey, sends an answer, and finds it on their answers
page and in the database; the CSS is served with a hashed name; /healthz sees the database and the worker;
every log line of every process is JSON with a request id, and none holds the answer or the address. A
worker killed with SIGKILL is started again.
Runs with `make prod-smoke` (PRODSTACK=1; PostgreSQL and Redis must answer); skipped in `make test`.
"""

import http.cookiejar
import json
import os
import re
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from html.parser import HTMLParser
from pathlib import Path

import dj_database_url
import psycopg
import pytest
import redis

ROOT = Path(__file__).resolve().parents[2]
DATABASE_URL = os.environ.get("PRODSTACK_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/prototyypit_smoke")
REDIS_URL = os.environ.get("PRODSTACK_REDIS_URL", "redis://127.0.0.1:6379/2")
BIND = os.environ.get("PRODSTACK_BIND", "127.0.0.1:8391")
BASE = f"http://{BIND}"
MEMBER = "jasen20@example.fi"  # a demo member who has not answered the open survey
PASSWORD = "Prototyypit-demo-2026"
MARKER = "Savutesti-vastaus 5b1e: jonotin puhelimessa liian kauan"

pytestmark = [
    pytest.mark.prodstack,
    pytest.mark.skipif(
        os.environ.get("PRODSTACK") != "1", reason="the production smoke test runs in `make prod-smoke`"
    ),
]


def _pg_params(url: str) -> dict:
    config = dj_database_url.parse(url)
    return {"host": config["HOST"], "port": config["PORT"] or None, "user": config["USER"], "dbname": config["NAME"]}


def _fresh_database() -> None:
    params = _pg_params(DATABASE_URL)
    with psycopg.connect(**{**params, "dbname": "postgres"}, autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{params["dbname"]}" WITH (FORCE)')


@pytest.fixture(scope="module")
def stack(tmp_path_factory):
    """The launcher of `make prod-demo`, on a fresh database; its whole output is kept for the log checks."""
    _fresh_database()
    redis.Redis.from_url(REDIS_URL).flushdb()
    tmp = tmp_path_factory.mktemp("prodstack")
    output = tmp / "stack.log"
    env = {key: value for key, value in os.environ.items() if not key.startswith(("PRODSTACK", "DJANGO_"))}
    env.update(
        DATABASE_URL=DATABASE_URL,
        REDIS_URL=REDIS_URL,
        GUNICORN_BIND=BIND,
        MEDIA_ROOT=str(tmp / "media"),
        EMAIL_FILE_PATH=str(tmp / "emails"),
    )
    with output.open("w") as sink:
        launcher = subprocess.Popen(
            [sys.executable, "scripts/prod_demo.py"],
            cwd=ROOT,
            env=env,
            stdout=sink,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        deadline = time.monotonic() + 300
        while "ready: open" not in output.read_text():
            assert launcher.poll() is None, f"the launcher exited:\n{output.read_text()[-3000:]}"
            assert time.monotonic() < deadline, f"the stack did not start:\n{output.read_text()[-3000:]}"
            time.sleep(1)
        yield output
    finally:
        launcher.send_signal(signal.SIGINT)  # as Ctrl+C: the launcher stops its three processes
        try:
            launcher.wait(timeout=60)
        except subprocess.TimeoutExpired:
            os.killpg(launcher.pid, signal.SIGKILL)
            launcher.wait()


class Browser:
    """Cookies, the CSRF token and redirects, as a browser keeps them."""

    def __init__(self) -> None:
        self.cookies = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.cookies))

    def get(self, path: str, **headers: str):
        return self.opener.open(urllib.request.Request(BASE + path, headers=headers), timeout=60)  # noqa: S310

    def post(self, path: str, data: dict | list):
        body = urllib.parse.urlencode(data, doseq=True).encode()
        request = urllib.request.Request(BASE + path, data=body, headers={"Referer": BASE + path})  # noqa: S310
        return self.opener.open(request, timeout=60)


class FormFields(HTMLParser):
    """The fields of the page's forms: hidden values, and each question's options."""

    def __init__(self) -> None:
        super().__init__()
        self.fields: list[dict] = []

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag in {"input", "textarea", "select"}:
            self.fields.append({"tag": tag, **{key: value or "" for key, value in attrs}})


def survey_answers(page: str) -> list[tuple[str, str]]:
    """Fill what the survey requires: the first option of each required choice and of each multiple choice,
    and the marker in each required text; plus the hidden fields (CSRF token, version, draft key)."""
    parser = FormFields()
    parser.feed(page)
    data: dict[str, str] = {}
    for field in parser.fields:
        name, kind = field.get("name", ""), field.get("type", "")
        if kind == "hidden" and name in {"csrfmiddlewaretoken", "version", "draft_key"}:
            data.setdefault(name, field["value"])
        elif not re.fullmatch(r"q\d+", name):
            continue
        elif (kind == "radio" and "required" in field) or kind == "checkbox":
            data.setdefault(name, field["value"])
        elif field["tag"] == "textarea" and "required" in field:
            data[name] = MARKER
    return [*data.items(), ("action", "submit")]


def test_a_member_answers_through_the_production_stack(stack):
    # The worker is a process of its own: /healthz sees its heartbeat once it has started.
    deadline = time.monotonic() + 90
    while (health := json.load(urllib.request.urlopen(BASE + "/healthz", timeout=30)))["worker"] != "ok":  # noqa: S310
        assert time.monotonic() < deadline, f"no heartbeat from the worker: {health}"
        time.sleep(1)
    assert health["status"] == "ok" and health["database"] == "ok"

    browser = Browser()
    login_page = browser.get("/fi/login/").read().decode()
    css = re.search(r'<link rel="stylesheet" href="(/static/[^"]+\.css)"', login_page).group(1)
    assert re.search(r"\.[0-9a-f]{12}\.css$", css), "DEBUG off: static files have hashed names (manifest storage)"
    stylesheet = browser.get(css)
    assert stylesheet.status == 200 and stylesheet.headers["Content-Type"].startswith("text/css")
    assert "immutable" in stylesheet.headers.get("Cache-Control", "")
    assert browser.get(css, **{"Accept-Encoding": "gzip"}).headers.get("Content-Encoding") == "gzip"
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', login_page).group(1)
    home = browser.post("/fi/login/", {"csrfmiddlewaretoken": token, "username": MEMBER, "password": PASSWORD})
    assert home.url.endswith("/fi/me/")

    periods = browser.get("/fi/periods/").read().decode()
    period = re.search(r'href="(/fi/periods/\d+/)">Uusi palautepalvelu \(demo\)', periods).group(1)
    task = re.search(
        rf'href="({period}tasks/\d+/)">Kokemuksesi palautteen antamisesta', browser.get(period).read().decode()
    )
    task_url = task.group(1)
    task_page = browser.get(task_url).read().decode()
    scripts = re.findall(r'<script src="(/static/[^"]+\.js)"', task_page)
    assert scripts and all(re.search(r"\.[0-9a-f]{12}\.js$", script) for script in scripts)
    for script in scripts:
        assert "javascript" in browser.get(script).headers["Content-Type"]
    answers = survey_answers(task_page)
    assert ("action", "submit") in answers and any(value == MARKER for _, value in answers)
    sent = browser.post(task_url, answers)  # a refused form would raise HTTPError 400
    assert sent.url.endswith(task_url) and "Kiitos! Vastauksesi on tallennettu" in sent.read().decode()

    assert MARKER in browser.get("/fi/periods/answers/").read().decode()
    with psycopg.connect(**_pg_params(DATABASE_URL)) as database:
        stored = database.execute(
            "SELECT count(*) FROM periods_answer a JOIN periods_response r ON r.id = a.response_id "
            "JOIN accounts_user u ON u.id = r.member_id WHERE u.email = %s AND a.value::text LIKE %s "
            "AND r.submitted_at IS NOT NULL",
            [MEMBER, f"%{MARKER}%"],
        ).fetchone()[0]
    assert stored == 1

    time.sleep(1)  # the access line of the last request
    lines = [line for line in stack.read_text().splitlines() if line.strip()]
    records = [json.loads(line) for line in lines]  # every line is JSON…
    assert all("request_id" in record for record in records)  # …with a request id…
    access = [r for r in records if r["logger"] == "gunicorn.access"]
    assert {r["path"] for r in access} >= {"/healthz", "/fi/login/", task_url, css}
    assert all(re.fullmatch(r"[0-9a-f]{32}", r["request_id"]) for r in access)
    assert [r["status"] for r in access if r["method"] == "POST" and r["path"] == task_url] == [302]
    assert {r["logger"] for r in records} >= {"prod_demo", "gunicorn.error", "gunicorn.access"}
    text = stack.read_text()
    assert MARKER not in text and "Savutesti" not in text  # …and no answer text
    assert MEMBER not in text and PASSWORD not in text


def test_a_process_that_dies_is_started_again(stack):
    def worker_pids() -> list[int]:
        return [int(pid) for pid in re.findall(r"started worker \(pid (\d+)\)", stack.read_text())]

    first = worker_pids()[-1]
    os.kill(first, signal.SIGKILL)
    deadline = time.monotonic() + 60
    while worker_pids()[-1] == first:
        assert time.monotonic() < deadline, "the worker was not started again"
        time.sleep(0.5)
    assert f"worker exited with {-signal.SIGKILL}" in stack.read_text()
