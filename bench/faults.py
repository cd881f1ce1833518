"""Faults benchmark: members keep saving answers while an app worker is killed and PostgreSQL restarts.

One gunicorn master with 2 workers (deploy/gunicorn.conf.py) on PostgreSQL and Redis. Each member,
signed in, opens a survey task and autosaves its text every second or so, then submits it. A third of the way
in, one gunicorn worker gets SIGKILL (its master starts a new one); at two thirds PostgreSQL restarts
(`pg_ctlcluster <version> <cluster> restart`, only when the bench runs as root and the cluster serving
the database is on this machine; never in the smoke run). Clients retry a failed save as the page's
autosave does: the same text again, after a pause, until it is answered.

Figures: `acknowledged` (saves answered 2xx/3xx), `stored_of_acknowledged` (those whose text the
database holds at the end, or a later acknowledged save of the same member superseded), `lost` (must be
0), `errors` (failed attempts before a retry succeeded: 5xx or no answer), `conflicts` (409s),
`unfinished` (members whose final submit never got through) and `unfinished_at` (where they stopped), `worker_killed`, `worker_back_s`,
`postgres_restart`, `postgres_down_s`.
"""

import json
import os
import random
import re
import signal
import subprocess
import threading
import time
from collections import Counter
from dataclasses import dataclass, field

from .stack import (
    Browser,
    Stack,
    children,
    database_connect,
    database_drop,
    free_port,
    redis_flush,
    redis_url,
    throwaway_database,
)

MEMBERS, SECONDS = 100, 45
SMOKE_MEMBERS, SMOKE_SECONDS = 10, 8
THINK_S = 1.0
SESSION_COOKIE = "sessionid"
VERSION_FIELD = re.compile(r'name="version" value="(\d+)"')

SEED = """
import json
from datetime import timedelta
from importlib import import_module
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.utils import timezone
from accounts.models import Member, Role, User
from accounts.services import consent_give
from periods.models import Participant, Period, Question, QuestionKind, Task, TaskKind
SessionStore = import_module(settings.SESSION_ENGINE).SessionStore
now = timezone.now()
period = Period.objects.create(
    title_fi="Vikasieto", starts_at=now - timedelta(days=1), ends_at=now + timedelta(days=9), published_at=now
)
task = Task.objects.create(period=period, order=1, kind=TaskKind.SURVEY, title_fi="Kysely")
question = Question.objects.create(task=task, order=1, kind=QuestionKind.TEXT, text_fi="Kerro kokemuksesi")
users = User.objects.bulk_create(
    [User(email=f"m{i}@example.fi", role=Role.MEMBER, is_active=True, password="!") for i in range(%(members)d)]
)
Member.objects.bulk_create(
    [Member(user=u, pseudonym=f"Jäsen {i}", pseudonym_key=f"jäsen {i}", joined_at=now) for i, u in enumerate(users)]
)
Participant.objects.bulk_create([Participant(period=period, member=u) for u in users])
sessions = []
for user in users:
    consent_give(user=user)
    # Signed in as by the login form (what is measured is saving, not Argon2 hashing 100 passwords at once).
    session = SessionStore()
    session.update({SESSION_KEY: str(user.pk), BACKEND_SESSION_KEY: settings.AUTHENTICATION_BACKENDS[-1]})
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    sessions.append(session.session_key)
print(json.dumps({"period": period.pk, "task": task.pk, "question": question.pk, "sessions": sessions}))
"""


@dataclass
class Member:
    """One member's browser and what the server acknowledged: (version, text) of each save, and the submit."""

    number: int
    saves: list[tuple[int, str]] = field(default_factory=list)
    submitted: str = ""
    errors: int = 0
    conflicts: int = 0
    error_kinds: Counter = field(default_factory=Counter)
    stage: str = "open"


def _retrying(member: Member, stop_at: float, attempt):
    """Call attempt() until it gives an answer the member accepts, as the page's autosave keeps trying."""
    pause = 0.3
    while time.monotonic() < stop_at:
        try:
            result = attempt()
        except ConnectionError as error:
            result = None
            member.error_kinds[str(error).rsplit(": ", 1)[-1]] += 1
        except ValueError:
            # The form came back without its token (an error page): fetch it again.
            result = None
            member.error_kinds["no form"] += 1
        if result is not None and result[0] < 500:
            return result
        if result is not None:
            member.error_kinds[f"HTTP {result[0]}"] += 1
        member.errors += 1
        time.sleep(pause)
        pause = min(pause * 2, 3.0)
    return None


@dataclass
class Window:
    """When the members start and stop saving: set once every member has opened the task."""

    opened: threading.Semaphore = field(default_factory=lambda: threading.Semaphore(0))
    go: threading.Event = field(default_factory=threading.Event)
    saving_until: float = 0.0
    give_up_at: float = 0.0


def member_session(base: str, ids: dict, member: Member, window: Window) -> None:
    """Log in and open the task, wait for the others, then autosave until the window closes and submit."""
    setup_until = time.monotonic() + 300
    browser = Browser(base, timeout=20)
    browser.cookies[SESSION_COOKIE] = ids["sessions"][member.number]
    task_path = f"/fi/periods/{ids['period']}/tasks/{ids['task']}/"
    field_name = f"q{ids['question']}"
    rng = random.Random(member.number)

    def open_task():
        return browser.get(task_path)

    opened = _retrying(member, setup_until, open_task)
    window.opened.release()
    window.go.wait()
    if not opened or opened[0] != 200:
        member.stage = f"open ({opened[0] if opened else 'no answer'})"
        return
    member.stage = "saving"
    saving_until, give_up_at = window.saving_until, window.give_up_at
    page = opened[2]
    version = int(VERSION_FIELD.search(page).group(1))
    time.sleep(rng.random() * THINK_S)
    count = 0
    while time.monotonic() < saving_until:
        count += 1
        text = f"Jäsen {member.number} kirjoittaa {count}. kerran."

        def autosave(text=text, version=version):
            return browser.post_form(
                f"{task_path}autosave/",
                page,
                {"version": version, field_name: text},
                headers={"Accept": "application/json"},
            )

        result = _retrying(member, give_up_at, autosave)
        if result is None:
            member.stage = "saving (gave up)"
            return
        status, _headers, body = result
        if status == 200:
            version = json.loads(body)["version"]
            member.saves.append((version, text))
        elif status == 409:
            member.conflicts += 1
            version = json.loads(body)["version"]
        time.sleep(THINK_S * (0.5 + rng.random()))
    final = f"Jäsen {member.number}: valmis vastaus."
    member.stage = "submit"

    def submit():
        return browser.post_form(task_path, page, {"version": version, field_name: final})

    result = _retrying(member, give_up_at, submit)
    if result is not None and result[0] in (302, 303):
        member.submitted = final
        member.stage = "done"
    else:
        member.stage = f"submit ({result[0] if result else 'no answer'})"
    browser.close()


def postgres_cluster(database_url: str) -> tuple[str, str] | str:
    """(version, name) of the local cluster serving database_url, or why it cannot be restarted here."""
    import dj_database_url

    if os.geteuid() != 0:
        return "skipped: the bench does not run as root"
    config = dj_database_url.parse(database_url)
    if (config["HOST"] or "localhost") not in ("127.0.0.1", "localhost", "::1"):
        return f"skipped: PostgreSQL is not on this machine ({config['HOST']})"
    try:
        listing = subprocess.run(["pg_lsclusters", "--no-header"], capture_output=True, text=True, check=True).stdout  # noqa: S607
    except (OSError, subprocess.CalledProcessError):
        return "skipped: pg_lsclusters is not available"
    for line in listing.splitlines():
        version, name, port, *_rest = line.split()
        if port == str(config["PORT"] or 5432):
            return version, name
    return f"skipped: no local cluster listens on port {config['PORT']}"


def postgres_restart(cluster: tuple[str, str], database_url: str) -> float:
    """Restart the cluster; return the seconds until it accepts connections again."""
    began = time.monotonic()
    subprocess.run(["pg_ctlcluster", "--skip-systemctl-redirect", *cluster, "restart"], check=True, capture_output=True)  # noqa: S603, S607
    while True:
        try:
            database_connect(database_url).close()
            return round(time.monotonic() - began, 2)
        except Exception:
            time.sleep(0.1)


def verify(database_url: str, ids: dict, members: list[Member]) -> dict:
    """How many acknowledged saves the database still holds (see the module's docstring)."""
    with database_connect(database_url) as db:
        rows = db.execute(
            "SELECT u.email, r.version, r.draft ->> %s, r.submitted_at IS NOT NULL, a.value #>> '{}' "
            "FROM periods_response r JOIN accounts_user u ON u.id = r.member_id "
            "LEFT JOIN periods_answer a ON a.response_id = r.id AND a.question_id = %s WHERE r.task_id = %s",
            [f"q{ids['question']}", ids["question"], ids["task"]],
        ).fetchall()
    state = {email: (version, draft, submitted, answer) for email, version, draft, submitted, answer in rows}
    acknowledged = stored = 0
    for member in members:
        version, draft, submitted, answer = state.get(f"m{member.number}@example.fi", (0, None, False, None))
        acknowledged += len(member.saves) + bool(member.submitted)
        if member.submitted:
            # The submit supersedes every draft: the answer must be the submitted text.
            stored += (len(member.saves) + 1) if submitted and answer == member.submitted else 0
            continue
        if not member.saves:
            continue
        last_version, last_text = member.saves[-1]
        latest_kept = version == last_version and draft == json.dumps([last_text], ensure_ascii=False)
        stored += len(member.saves) if latest_kept else sum(v < version for v, _text in member.saves[:-1])
    return {"acknowledged": acknowledged, "stored_of_acknowledged": stored, "lost": acknowledged - stored}


def run(smoke: bool) -> dict:
    count, seconds = (SMOKE_MEMBERS, SMOKE_SECONDS) if smoke else (MEMBERS, SECONDS)
    database_url, reason = throwaway_database("faults")
    if reason:
        return {"skipped": reason}
    cluster = "skipped: the smoke run never restarts PostgreSQL" if smoke else postgres_cluster(database_url)
    stack = Stack(database_url, redis_url())
    try:
        stack.prepare()
        seeded = stack.manage("shell", "-c", SEED % {"members": count}).stdout
        ids = json.loads([line for line in seeded.splitlines() if line.startswith("{")][-1])
        redis_flush(redis_url())
        port = free_port()
        master = stack.app(port, workers=2)
        members = [Member(number) for number in range(count)]
        window = Window()
        base = f"http://127.0.0.1:{port}"
        threads = [threading.Thread(target=member_session, args=(base, ids, member, window)) for member in members]
        for thread in threads:
            thread.start()
        for _member in members:
            window.opened.acquire()
        # Errors while logging in (a loaded machine) are not the faults measured here.
        for member in members:
            member.errors = 0
            member.error_kinds.clear()
        began = time.monotonic()
        window.saving_until, window.give_up_at = began + seconds, began + seconds + 60
        window.go.set()
        time.sleep(seconds / 3)
        victims = children(master.pid)
        killed = victims[0] if victims else None
        worker_back_s = None
        if killed:
            os.kill(killed, signal.SIGKILL)
            killed_at = time.monotonic()
            while time.monotonic() - killed_at < 30 and len(set(children(master.pid)) - {killed}) < 2:
                time.sleep(0.05)
            worker_back_s = round(time.monotonic() - killed_at, 2)
        restart, down_s = cluster, None
        if isinstance(cluster, tuple):
            time.sleep(max(0.0, began + 2 * seconds / 3 - time.monotonic()))
            down_s = postgres_restart(cluster, database_url)
            restart = f"restarted {cluster[0]}/{cluster[1]}"
        for thread in threads:
            thread.join()
        return {
            **verify(database_url, ids, members),
            "errors": sum(member.errors for member in members),
            "error_kinds": dict(sum((member.error_kinds for member in members), Counter())),
            "conflicts": sum(member.conflicts for member in members),
            "unfinished": sum(not member.submitted for member in members),
            "unfinished_at": dict(Counter(member.stage for member in members if member.stage != "done")),
            "members": count,
            "seconds": seconds,
            "worker_killed": bool(killed),
            "worker_back_s": worker_back_s,
            "postgres_restart": restart,
            "postgres_down_s": down_s,
        }
    finally:
        stack.stop()
        database_drop(database_url)


if __name__ == "__main__":
    print(json.dumps(run(smoke=True)))
