"""Named personas shared by every test: who may and who must be refused.

- manager: a community manager (verified second factor)
- developer: a developer of the social and health organisation (verified)
- outsider: a developer of the rescue organisation, who must never see the other's objects
- member / other_member: two residents of the community

and `demo`, the demo community of `seed_demo`, seeded once per worker for the tests that ask for it.
"""

import importlib
from collections.abc import Callable, Iterator
from io import StringIO

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection, transaction
from django.test import Client, TestCase, override_settings
from django.utils import translation
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_tasks_db.management.commands import db_worker

from accounts.models import Member, Role, TermsVersion, User
from accounts.services import consent_give
from core.worker import SupervisedWorker
from organisations.models import Organisation

PASSWORD = "correct horse battery staple"

# The migration whose SQL makes the audit log append-only; `flushable_audit_log` undoes and redoes it.
_audit_triggers = importlib.import_module("audit.migrations.0002_append_only_triggers")


@pytest.fixture
def sote(db) -> Organisation:
    return Organisation.objects.create(slug="sote", name_fi="Sosiaali- ja terveyspalvelut", name_en="Social and health")


@pytest.fixture
def rescue(db) -> Organisation:
    return Organisation.objects.create(slug="pelastus", name_fi="Pelastuslaitos", name_en="Rescue department")


def make_staff(email: str, role: str, organisation: Organisation | None, name: str = "Staff Person") -> User:
    user = User.objects.create_user(
        email, PASSWORD, role=role, organisation=organisation, full_name=name, is_active=True
    )
    TOTPDevice.objects.create(user=user, name="test", confirmed=True)
    return user


def make_member(email: str, pseudonym: str, **background) -> User:
    user = User.objects.create_user(email, PASSWORD, role=Role.MEMBER, full_name="Resident Person", is_active=True)
    member = Member(user=user, joined_at=user.date_joined, **background)
    member.set_pseudonym(pseudonym)
    member.save()
    if TermsVersion.current():
        consent_give(user=user)
    return user


def verified_client(user: User) -> Client:
    """A client logged in as `user`, with the second factor verified as after a real login."""
    client = Client()
    client.force_login(user)
    device = TOTPDevice.objects.filter(user=user).first()
    if device is not None:
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()
    return client


@pytest.fixture
def manager(db) -> User:
    return make_staff("manager@example.fi", Role.MANAGER, None, name="Maija Manageri")


@pytest.fixture
def developer(sote) -> User:
    return make_staff("dev@example.fi", Role.DEVELOPER, sote, name="Dev Sote")


@pytest.fixture
def outsider(rescue) -> User:
    return make_staff("outsider@example.fi", Role.DEVELOPER, rescue, name="Out Sider")


@pytest.fixture
def member(db) -> User:
    return make_member("member@example.fi", "Meritähti", age_group="35-44", municipality="Kotka")


@pytest.fixture
def other_member(db) -> User:
    return make_member("other@example.fi", "Kuusipuu", age_group="65-74", municipality="Kouvola")


@pytest.fixture
def manager_client(manager) -> Client:
    return verified_client(manager)


@pytest.fixture
def developer_client(developer) -> Client:
    return verified_client(developer)


@pytest.fixture
def outsider_client(outsider) -> Client:
    return verified_client(outsider)


@pytest.fixture
def member_client(member) -> Client:
    return verified_client(member)


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Throttle counters and cached fragments live in the caches: every test starts with none."""
    from django.core.cache import caches

    for cache in caches.all():
        cache.clear()
    yield
    for cache in caches.all():
        cache.clear()


@pytest.fixture(autouse=True)
def _default_language():
    """Every test starts in the default language: a request under /en/ leaves English active in the
    thread, and a later test's reverse() and gettext() would otherwise depend on the order of tests."""
    from django.utils import translation

    translation.activate("fi")
    yield
    translation.deactivate()


@pytest.fixture
def database_queue(settings):
    """Background jobs wait in the database queue for `manage.py worker`, as in production."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def worker_options(**overrides) -> dict:
    """A test worker's options: the default queue, no waiting, one run through the queue unless overridden."""
    return {
        "queue_names": ["default"],
        "interval": 0,
        "batch": True,
        "backend_name": "default",
        "startup_delay": False,
        "max_tasks": None,
        "worker_id": "test-worker",
        "excluded_queue_names": [],
        **overrides,
    }


@pytest.fixture
def run_worker(db, database_queue, monkeypatch) -> Callable[..., SupervisedWorker]:
    """Run the queued jobs with the supervised worker until the queue is empty, inside the test's transaction.

    The loop's check for stale connections would close the test's connection, so it is left out.
    """
    monkeypatch.setattr(db_worker, "close_old_connections", lambda: None)

    def run(**options) -> SupervisedWorker:
        worker = SupervisedWorker(**worker_options(record_retry_delays=(0, 0, 0), **options))
        worker.run()
        return worker

    return run


def _audit_triggers_installed() -> bool:
    queries = {
        "sqlite": "SELECT 1 FROM sqlite_master WHERE type = 'trigger' AND name = 'audit_auditevent_no_delete'",
        "postgresql": "SELECT 1 FROM pg_trigger WHERE tgname = 'audit_auditevent_append_only'",
    }
    if connection.vendor not in queries:
        return True
    with connection.cursor() as cursor:
        cursor.execute(queries[connection.vendor])
        return cursor.fetchone() is not None


@pytest.fixture
def flushable_audit_log(transactional_db) -> Iterator[None]:
    """Keep the audit log append-only during each test, yet let transactional tests (live server, worker processes) empty the database after it.

    Transactional tests end with a flush, which the audit table's append-only triggers refuse. The
    triggers come from a migration; this runs that migration's SQL: installed for the test, dropped for the flush.
    """
    if not _audit_triggers_installed():
        with connection.schema_editor(atomic=False) as editor:
            _audit_triggers.forwards(None, editor)
    yield
    with connection.schema_editor(atomic=False) as editor:
        _audit_triggers.backwards(None, editor)


def demo_seed() -> None:
    """Run `seed_demo` as `make run` does: DEBUG on, the default language, the jobs it leaves for after the commit run."""
    with (
        override_settings(DEBUG=True),
        translation.override(settings.LANGUAGE_CODE),
        TestCase.captureOnCommitCallbacks(execute=True),
    ):
        call_command("seed_demo", stdout=StringIO())


class SharedDemo:
    """The demo seeded once per worker in a transaction left open: the tests on it run in savepoints inside it.

    Every other test needs an empty database, so the transaction is rolled back before any of them runs.
    """

    def __init__(self, blocker) -> None:
        self.blocker = blocker
        self.atomic: transaction.Atomic | None = None

    def seed(self) -> None:
        with self.blocker.unblock():
            self.atomic = transaction.atomic()
            self.atomic.__enter__()
            try:
                demo_seed()
            except BaseException:
                self.release()
                raise

    def release(self) -> None:
        if self.atomic is None:
            return
        with self.blocker.unblock():
            transaction.set_rollback(True)
            self.atomic.__exit__(None, None, None)
        self.atomic = None


_shared_demo_key = pytest.StashKey[SharedDemo]()


@pytest.fixture(scope="session")
def _shared_demo(request, django_db_setup, django_db_blocker) -> Iterator[SharedDemo]:
    shared = request.config.stash[_shared_demo_key] = SharedDemo(django_db_blocker)
    shared.seed()
    yield shared
    shared.release()


@pytest.fixture
def demo(_shared_demo, db) -> None:
    """The demo community of `seed_demo`, seeded once per worker and shared: each test's changes are rolled back."""
    if _shared_demo.atomic is None:
        # A test without the demo ran since it was seeded (`-p` or `--dist` orders other than ours): seed it again,
        # inside this test's own transaction.
        demo_seed()


def _uses_shared_demo(item: pytest.Item) -> bool:
    return "_shared_demo" in getattr(item, "fixturenames", ())


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Put the tests on the shared demo last, so that each worker seeds it once.

    pytest-django's sort of tests into database, transactional and other tests runs after this one and
    keeps this order inside each kind: the demo tests run after the other database tests, before the
    transactional ones (which empty the database, data migrations' rows included).
    """
    items.sort(key=_uses_shared_demo)


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item: pytest.Item) -> None:
    """Roll the shared demo back before a test that does not use it: every other test starts on an empty database."""
    if not _uses_shared_demo(item) and (shared := item.config.stash.get(_shared_demo_key, None)):
        shared.release()
