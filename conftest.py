"""Named personas shared by every test: who may and who must be refused.

- manager: a community manager (verified second factor)
- developer: a developer of the social and health organisation (verified)
- outsider: a developer of the rescue organisation, who must never see the other's objects
- member / other_member: two residents of the community
"""

import importlib
from collections.abc import Callable, Iterator

import pytest
from django.db import connection
from django.test import Client
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
