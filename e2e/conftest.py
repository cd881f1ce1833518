"""Browser fixtures: one system Chromium per test session, a fresh context per test.

The tests drive Debian's Chromium (never a downloaded browser) through Playwright against
pytest-django's live server. Without Chromium they skip, except under CI=true, where they fail.
"""

import importlib
import os
import shutil
from collections.abc import Callable, Iterator

import pytest
from django.apps import apps
from django.core.management import call_command

# A migration whose work the flush after each live-server test undoes, so the fixture redoes it
# (the audit log's triggers are handled by `flushable_audit_log` in the root conftest).
_first_terms = importlib.import_module("accounts.migrations.0002_first_terms_version")

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",  # CI runs as root
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PHONE = {"viewport": {"width": 320, "height": 640}, "is_mobile": True, "has_touch": True, "device_scale_factor": 2}
TIMEOUT_MS = 10_000


def chromium_path() -> str | None:
    if os.access(CHROMIUM, os.X_OK):
        return CHROMIUM
    return shutil.which("chromium")


SKIP_REASON = "Chromium not installed: browser tests skipped"


def require_chromium() -> str:
    """The Chromium to drive; without one, fail under CI=true and skip (visibly) elsewhere."""
    path = chromium_path()
    if path is not None:
        return path
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(
            f"Chromium not installed ({CHROMIUM} or `chromium` on PATH): under CI=true the browser tests "
            "must run. Install Debian's chromium package (`make browser`).",
            pytrace=False,
        )
    pytest.skip(SKIP_REASON)


@pytest.fixture(scope="package")
def browser() -> Iterator[object]:
    """The system Chromium, launched once per test process for the tests of this package.

    Playwright's sync API keeps an event loop running in the test thread, so Django would refuse ORM
    calls from the tests (and the database flush after them) with SynchronousOnlyOperation; the test
    thread never runs async code, so DJANGO_ALLOW_ASYNC_UNSAFE is set, but only while the browser
    runs: other tests, and the `manage.py check --deploy` subprocess some of them start, must not
    inherit it (the deploy check reports it as async.E001).
    """
    path = require_chromium()
    from playwright.sync_api import sync_playwright

    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            chromium = playwright.chromium.launch(executable_path=path, args=CHROMIUM_ARGS)
            yield chromium
            chromium.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture
def new_context(browser, live_server, flushable_audit_log, first_terms_version) -> Iterator[Callable[..., object]]:
    """Open fresh browser contexts (own cookies, locale, viewport) against the live server."""
    contexts = []

    def open_context(**options):
        options.setdefault("locale", "fi-FI")
        context = browser.new_context(base_url=live_server.url, **options)
        context.set_default_timeout(TIMEOUT_MS)
        contexts.append(context)
        return context

    yield open_context
    for context in contexts:
        context.close()


@pytest.fixture
def page(new_context):
    """A page in a fresh desktop context with a Finnish browser."""
    return new_context().new_page()


@pytest.fixture
def first_terms_version(transactional_db) -> None:
    """The terms a member accepts at activation, as the data migration creates them (it is idempotent)."""
    _first_terms.forwards(apps, None)


@pytest.fixture
def site_links(settings, live_server) -> None:
    """Links in emails point at the live server, as SITE_URL points at the real site in production."""
    settings.SITE_URL = live_server.url


@pytest.fixture
def demo(settings, transactional_db):
    """The demo community, seeded into the live server's database (the shared per-worker demo is not visible to it)."""
    settings.DEBUG = True  # seed_demo plants known passwords only with DEBUG on
    call_command("seed_demo", verbosity=0)
    settings.DEBUG = False
