"""Two app servers and two workers on one PostgreSQL database and one Redis behave as one site.

Each server is gunicorn with the production settings (DEBUG off, its own SECRET_KEY shared by both,
HTTPS=0) serving this test's database, so the data a test commits is what the servers see. The
PostgreSQL pass of the suite runs this; SQLite cannot be shared by several servers, and without Redis
the throttles would live in each process.
"""

import os
import subprocess
import sys
import time
from datetime import timedelta

import pytest
from django.contrib.auth.hashers import Argon2PasswordHasher
from django.db import connection
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from accounts.models import User
from bench.stack import ROOT, Browser, Stack, free_port, redis_flush, redis_unreachable
from conftest import PASSWORD, make_member
from notifications.models import Delivery, DeliveryStatus, Kind
from periods.models import Period
from periods.tests.factories import PeriodFactory
from recruitment.models import Application
from recruitment.tests.factories import RoundFactory
from recruitment.tests.test_campaign import APPLICATION
from reports.models import BuildStatus, Report

# Each pytest-xdist process gets its own Redis database, so two runs never flush each other's counters.
REDIS_URL = f"redis://127.0.0.1:6379/{6 if os.environ.get('PYTEST_XDIST_WORKER') == 'gw1' else 5}"
PROXY = {"PROXY_COUNT": "1"}


def _skip_reason() -> str:
    if connection.vendor != "postgresql":
        return "scale-out needs PostgreSQL (run with DATABASE_URL=postgres://…): SQLite serves one machine"
    return redis_unreachable(REDIS_URL)


def _database_url() -> str:
    config = connection.settings_dict
    password = f":{config['PASSWORD']}" if config["PASSWORD"] else ""
    return f"postgres://{config['USER']}{password}@{config['HOST'] or '127.0.0.1'}:{config['PORT'] or 5432}/{config['NAME']}"


@pytest.fixture(scope="module")
def stack(django_db_setup, django_db_blocker):
    """Servers A and B (gunicorn, one worker each) and two background workers, for the whole module."""
    with django_db_blocker.unblock():
        reason = _skip_reason()
    if reason:
        pytest.skip(reason)
    with Stack(_database_url(), REDIS_URL, extra_env=PROXY) as running:
        running.manage("collectstatic", "--no-input", "-v", "0")
        ports = [free_port(), free_port()]
        servers = [
            running.start(
                f"app-{port}",
                [sys.executable, "-m", "gunicorn", "-c", "deploy/gunicorn.conf.py", "prototyypit.wsgi"],
                {"GUNICORN_BIND": f"127.0.0.1:{port}", "GUNICORN_WORKERS": "1"},
            )
            for port in ports
        ]
        running.worker("worker-1")
        running.worker("worker-2")
        for port, server in zip(ports, servers, strict=True):
            running.wait_healthy(port, server)
        running.urls = [f"http://127.0.0.1:{port}" for port in ports]
        yield running


@pytest.fixture
def servers(stack, flushable_audit_log):
    """The two servers' addresses, with the shared cache and the sent mail emptied, the test's rows committed."""
    redis_flush(REDIS_URL)
    for sent in (stack.folder / "mail").iterdir():
        sent.unlink()
    return stack.urls


def _with_real_password(user: User) -> User:
    # The suite hashes with MD5 for speed; the servers accept only the production hashers.
    user.password = Argon2PasswordHasher().encode(PASSWORD, Argon2PasswordHasher().salt())
    user.save(update_fields=["password"])
    return user


def _login(browser: Browser, base: str, email: str, password: str, ip: str = "10.20.0.1") -> int:
    _status, _headers, page = browser.get("/fi/login/", base=base)
    status, _headers, _body = browser.post_form(
        "/fi/login/", page, {"username": email, "password": password}, base=base, headers={"X-Forwarded-For": ip}
    )
    return status


def test_a_session_started_on_one_server_continues_on_the_other(servers):
    server_a, server_b = servers
    member = _with_real_password(make_member("jaettu@example.fi", "Jaettu Pilvi"))
    browser = Browser(server_a)
    assert _login(browser, server_a, member.email, PASSWORD) == 302
    status, _headers, page = browser.get("/fi/me/", base=server_b)
    assert status == 200 and "Jaettu Pilvi" in page
    # Logging out on B ends the session on A too.
    _status, _headers, page = browser.get("/fi/me/", base=server_b)
    browser.post_form("/fi/logout/", page, {}, base=server_b)
    status, headers, _body = browser.get("/fi/me/", base=server_a)
    assert status == 302 and "/fi/login/" in headers["location"]


def test_failed_logins_on_either_server_count_towards_one_lockout(servers, settings):
    server_a, server_b = servers
    member = _with_real_password(make_member("lukko@example.fi", "Lukko Kivi"))
    for attempt in range(settings.AXES_FAILURE_LIMIT):
        base = servers[attempt % 2]
        assert _login(Browser(base), base, member.email, "wrong password", ip="10.20.0.9") in (200, 429)
    assert _login(Browser(server_a), server_a, member.email, PASSWORD, ip="10.20.0.9") == 429
    assert _login(Browser(server_b), server_b, member.email, PASSWORD, ip="10.20.0.9") == 429
    # The same member from another address is not locked out.
    assert _login(Browser(server_b), server_b, member.email, PASSWORD, ip="10.20.0.10") == 302


def test_throttles_count_the_attempts_on_both_servers_and_one_application_is_stored(servers):
    round = RoundFactory(slug="jaettu")
    statuses = []
    for attempt in range(4):
        base = servers[attempt % 2]
        browser = Browser(base, headers={"X-Forwarded-For": f"10.30.0.{attempt + 1}"})
        _status, _headers, page = browser.get(f"/fi/join/round/{round.slug}/apply/")
        status, _headers, _body = browser.post_form(f"/fi/join/round/{round.slug}/apply/", page, APPLICATION)
        statuses.append(status)
    # Three per address per hour, counted in Redis: the fourth is refused whichever server takes it.
    assert statuses == [302, 302, 302, 429]
    assert Application.objects.filter(round=round).count() == 1


def _run_scheduled_twice_at_once(stack: Stack) -> None:
    command = [sys.executable, "manage.py", "run_scheduled"]
    runs = [subprocess.Popen(command, cwd=ROOT, env=stack.env, stdout=subprocess.DEVNULL) for _ in range(2)]  # noqa: S603
    assert [run.wait(timeout=60) for run in runs] == [0, 0]


def _wait_for(condition, timeout: float = 40) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.25)
    return False


def test_scheduled_jobs_notifications_and_report_builds_run_once(servers, stack):
    members = [make_member(f"jasen{i}@example.fi", f"Jäsen {i}") for i in range(6)]
    open_period = PeriodFactory(members=members)
    now = timezone.now()
    closed = [
        PeriodFactory(members=members, starts_at=now - timedelta(days=12 + i), ends_at=now - timedelta(hours=1 + i))
        for i in range(3)
    ]
    _run_scheduled_twice_at_once(stack)

    # One claim per member for the opening notice, and one email each, sent by one of the two workers.
    opening = Delivery.objects.filter(key=f"{Kind.PERIOD_OPEN}:{open_period.pk}")
    assert opening.count() == len(members)
    pending = Delivery.objects.exclude(status__in=[DeliveryStatus.SENT, DeliveryStatus.IN_APP_ONLY])
    assert _wait_for(lambda: not pending.exists()), stack.log_tail("worker-1")
    sent_to = [line for message in stack.emails() for line in message.splitlines() if line.startswith("To: ")]
    expected = Delivery.objects.filter(status=DeliveryStatus.SENT).count()
    assert expected >= len(members)  # the opening notice, plus the closing thanks of the closed periods
    assert len(sent_to) == expected
    for member in members:
        assert sent_to.count(f"To: {member.email}") == Delivery.objects.filter(user=member).count()

    # One report per closed period, built once.
    reports = Report.objects.filter(period__in=closed)
    assert reports.count() == 3
    assert _wait_for(lambda: reports.filter(build_status=BuildStatus.DONE).count() == 3), stack.log_tail("worker-2")
    builds = DBTaskResult.objects.filter(task_path="reports.build.report_build")
    assert builds.count() == 3
    assert all(len(build.worker_ids) == 1 and build.status == "SUCCESSFUL" for build in builds)
    assert sorted(build.args_kwargs["kwargs"]["report_id"] for build in builds) == sorted(r.pk for r in reports)
    assert not Period.objects.filter(pk=open_period.pk, report__isnull=False).exists()
