"""Members writing at the same moment while the worker analyses answers: no write fails.

Six members autosave, send a survey with an open answer, post in a discussion and add statements,
and two residents accept their invitations, all at once from threads, through the real views. The
database task worker runs in another thread and lemmatises and embeds every open answer as it is
sent (REPORTS_ANALYSE_ON_SAVE). On SQLite the data lives in a real file in WAL mode for the test (as
`make run` has it), not in the test runner's in-memory database; on PostgreSQL in the test database.
"""

import importlib
import sqlite3
import threading
import time
import uuid
from contextlib import contextmanager

import pytest
from django.apps import apps
from django.db import connection
from django.test import Client
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult

from accounts.models import Invitation, User
from accounts.services import MemberDetails, member_invite
from conftest import _audit_triggers, _audit_triggers_installed, make_member, worker_options
from e2e.conftest import _first_terms, first_terms_version  # noqa: F401 (a fixture of transactional tests)
from periods.models import Answer, Post, QuestionKind, Response, Statement, TaskKind
from periods.tests.factories import PeriodFactory, QuestionFactory, TaskFactory, options
from reports.models import AnswerAnalysis

pytestmark = pytest.mark.django_db(transaction=True)

WRITERS = 6
ROUNDS = 3
NEWCOMERS = 2
PASSWORD = "kolme pientä porsasta metsässä"
TEXTS = [
    "Bussit kulkevat liian harvoin iltaisin ja viikonloppuisin.",
    "Ajanvaraus terveysasemalle onnistui helposti verkossa.",
    "Toivoisin, että palautteeseen vastattaisiin nopeammin.",
    "Kotihoidon käynnit ovat liian lyhyitä ja kiireisiä.",
]


_recruitment_defaults = importlib.import_module("recruitment.migrations.0002_default_content")


@pytest.fixture(scope="module", autouse=True)
def migrated_data_restored(django_db_blocker):
    """After the flush that ends a transactional test, put back what the migrations wrote, for the tests after it."""
    yield
    with django_db_blocker.unblock():
        if not _audit_triggers_installed():
            with connection.schema_editor(atomic=False) as editor:
                _audit_triggers.forwards(None, editor)
        _first_terms.forwards(apps, None)
        _recruitment_defaults.forwards(apps, None)


@contextmanager
def sqlite_file(path):
    """On SQLite, move this test's data into a file (opened with the project's WAL options) and back."""
    if connection.vendor != "sqlite":
        yield
        return
    connection.ensure_connection()
    memory, name = connection.connection, connection.settings_dict["NAME"]
    copy = sqlite3.connect(path)
    memory.backup(copy)
    copy.close()
    # Every thread's connection reads this settings dict; the in-memory database stays open in `memory`.
    connection.connection = None
    connection.settings_dict["NAME"] = str(path)
    try:
        yield
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA journal_mode")
            assert cursor.fetchone()[0] == "wal"
    finally:
        connection.close()
        connection.settings_dict["NAME"] = name
        connection.connection = memory


@pytest.fixture
def analysing(settings):
    settings.REPORTS_ANALYSE_ON_SAVE = True
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


class Run:
    """What the threads did: every response status by kind, and any exception."""

    def __init__(self):
        self.lock = threading.Lock()
        self.statuses: list[tuple[str, int]] = []
        self.errors: list[str] = []

    def record(self, kind: str, status: int) -> None:
        with self.lock:
            self.statuses.append((kind, status))

    def thread(self, target, *args) -> threading.Thread:
        def body():
            try:
                target(*args)
            except Exception as error:
                with self.lock:
                    self.errors.append(f"{type(error).__name__}: {error}")
            finally:
                connection.close()

        return threading.Thread(target=body)


def version(task, member) -> int:
    """The version of the member's answer that the page would carry (what the next save builds on)."""
    return Response.objects.filter(task=task, member=member).values_list("version", flat=True).first() or 0


def write(run: Run, client: Client, member, number: int, tasks: dict, questions: tuple) -> None:
    survey, discussion, statements = tasks["survey"], tasks["discussion"], tasks["statements"]
    text_question, choice_question = questions
    base = f"/fi/periods/{survey.period_id}/tasks/"
    for round_ in range(ROUNDS):
        text = f"{TEXTS[(number + round_) % len(TEXTS)]} (jäsen {number}, kierros {round_})"
        answers = {f"q{text_question.pk}": text, f"q{choice_question.pk}": "a"}
        saved = client.post(f"{base}{survey.pk}/autosave/", {**answers, "version": version(survey, member)})
        run.record("autosave", saved.status_code)
        answers["version"] = saved.json()["version"]
        run.record("submit", client.post(f"{base}{survey.pk}/", {**answers, "action": "submit"}).status_code)
        posted = {"text": text, "action": "submit", "version": version(discussion, member)}
        run.record("post", client.post(f"{base}{discussion.pk}/", posted).status_code)
        added = client.post(f"{base}{statements.pk}/statements/add/", {"text": f"Väite {number}.{round_}: {text}"})
        run.record("statement", added.status_code)


def accept(run: Run, token: str, number: int) -> None:
    data = {
        "pseudonym": f"Uusi tulokas {number}",
        "password1": PASSWORD,
        "password2": PASSWORD,
        "consent_processing": "on",
        "accept_terms": "on",
    }
    run.record("invitation", Client().post(f"/fi/invitation/{token}/", data).status_code)


def drain(worker: Worker, seconds: float = 120) -> None:
    """Wait until the worker has run every task queued so far (bounded; the test then fails on counts)."""
    deadline = time.monotonic() + seconds
    while DBTaskResult.objects.ready().exists() or DBTaskResult.objects.filter(status="RUNNING").exists():
        if time.monotonic() > deadline:
            return
        time.sleep(0.2)


@pytest.mark.usefixtures("flushable_audit_log", "first_terms_version", "analysing")
def test_concurrent_member_writes_all_succeed_while_the_worker_analyses(manager, tmp_path):
    members = [make_member(f"w{n}@example.fi", f"Kirjoittaja {n}") for n in range(WRITERS)]
    period = PeriodFactory(members=members)
    survey = TaskFactory(period=period, kind=TaskKind.SURVEY)
    text_question = QuestionFactory(task=survey, kind=QuestionKind.TEXT, required=True)
    choice_question = QuestionFactory(task=survey, kind=QuestionKind.SINGLE, choices=options("A", "B"))
    discussion = TaskFactory(period=period, kind=TaskKind.DISCUSSION)
    statements = TaskFactory(period=period, kind=TaskKind.STATEMENTS, members_add_statements=True)
    tasks = {"survey": survey, "discussion": discussion, "statements": statements}
    # Invited as a manager does; a second link to each, since the first one only travels by email.
    invited = [member_invite(by=manager, details=MemberDetails(email=f"new{n}@example.fi")) for n in range(NEWCOMERS)]
    tokens = [Invitation.issue(user=invitation.user, created_by=manager)[1] for invitation in invited]
    clients = []
    for member in members:
        client = Client()
        client.force_login(member)
        clients.append(client)

    run = Run()
    with sqlite_file(tmp_path / "concurrent.sqlite3"):
        worker = Worker(**worker_options(interval=0.1, batch=False, worker_id=f"test-{uuid.uuid4().hex[:8]}"))
        worker_thread = run.thread(worker.run)
        writers = [
            run.thread(write, run, client, member, n, tasks, (text_question, choice_question))
            for n, (member, client) in enumerate(zip(members, clients, strict=True))
        ] + [run.thread(accept, run, token, n) for n, token in enumerate(tokens)]
        worker_thread.start()
        for thread in writers:
            thread.start()
        for thread in writers:
            thread.join()
        drain(worker)
        worker.running = False
        worker_thread.join()

        assert run.errors == []
        failed = [(kind, status) for kind, status in run.statuses if status >= 500]
        assert failed == []
        assert sorted(set(run.statuses)) == [
            ("autosave", 200),
            ("invitation", 302),
            ("post", 302),
            ("statement", 302),
            ("submit", 302),
        ]
        assert len(run.statuses) == WRITERS * ROUNDS * 4 + NEWCOMERS
        assert Response.objects.filter(task=survey, submitted_at__isnull=False).count() == WRITERS
        assert Post.objects.filter(task=discussion).count() == WRITERS * ROUNDS
        assert Statement.objects.filter(task=statements).count() == WRITERS * ROUNDS
        assert User.objects.filter(email__startswith="new", is_active=True).count() == NEWCOMERS
        # The worker analysed the latest text of every sent survey, and no task failed.
        open_answers = Answer.objects.filter(question=text_question)
        assert AnswerAnalysis.objects.filter(answer__in=open_answers).count() == WRITERS
        assert not DBTaskResult.objects.exclude(status="SUCCESSFUL").exists()
