"""The platform-wide promises of SECURITY.md that no single feature owns."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

pytestmark = pytest.mark.django_db

# Pages an anonymous visitor may see with content. Everything else redirects to login or 404s.
PUBLIC_PATTERNS = {
    "healthz",
    "theme.css",
    "i18n/setlang/",
    "",
    "privacy/",
    "accessibility/",
    "login/",
    "password/reset/",
    "password/reset/sent/",
    "password/reset/<uidb64>/<token>/",
    "password/reset/done/",
    "invitation/<str:token>/",
    # The recruitment campaign
    "join/",
    "join/quiz/",
    "join/quiz/<slug:slug>/",
    "join/kiosk/",
    "join/kiosk/<slug:slug>/",
    "join/subscribe/",
    "join/round/<slug:slug>/",
    "join/round/<slug:slug>/apply/",
    "join/round/<slug:slug>/thanks/",
    "join/reserve/<str:token>/",
    # The unsubscribe link of every email: the signed token is the authentication
    "unsubscribe/<str:token>/",
    # Public news of the community
    "news/",
    "news/<int:pk>/",
    # Support for anyone who cannot log in, and the help pages; a visitor's signed reply link
    "support/new/",
    "support/sent/",
    "support/reply/<str:token>/",
    "help/",
    "help/<slug:slug>/",
    # The public results site: published reports, actions, statistics, feed and open data
    "results/",
    "results/share.png",
    "results/period/<int:pk>/",
    "results/period/<int:pk>/share.png",
    "results/actions/",
    "results/actions/<int:pk>/",
    "results/actions/<int:pk>/share.png",
    "results/statistics/",
    "results/feed.atom",
    "results/open-data/",
    "results/open-data/statistics.csv",
    "results/open-data/statistics.json",
    "results/open-data/actions.csv",
    "results/open-data/actions.json",
}
SAMPLE_ARGUMENTS = {"pk": "1", "slug": "sote", "token": "x" * 43, "uidb64": "MQ", "path": "x"}


def walk(resolver: URLResolver, prefix: str = "") -> list[tuple[str, str]]:
    """Every URL pattern as (pattern text, example path)."""
    found = []
    for entry in resolver.url_patterns:
        pattern = str(entry.pattern)
        if isinstance(entry, URLResolver):
            found += walk(entry, prefix + pattern)
        elif isinstance(entry, URLPattern):
            example = re.sub(r"<(?:\w+:)?(\w+)>", lambda m: SAMPLE_ARGUMENTS.get(m.group(1), "1"), prefix + pattern)
            found.append(((prefix + pattern).removeprefix("fi/"), "/" + example))
    return found


def all_paths() -> list[tuple[str, str]]:
    """Every page of the site; the language prefix resolves to "fi/" (the default language)."""
    return walk(get_resolver())


def test_the_walk_finds_the_pages_we_know():
    patterns = {pattern for pattern, _ in all_paths()}
    assert {"login/", "me/", "staff/members/", "healthz", "audit/", "organisations/"} <= patterns
    assert len(patterns) > 25


@pytest.mark.parametrize(("pattern", "path"), all_paths(), ids=[p for p, _ in all_paths()])
def test_no_private_page_answers_an_anonymous_visitor(client, pattern, path):
    response = client.get(path)
    if pattern in PUBLIC_PATTERNS:
        assert response.status_code in (200, 302, 404, 405), path
        return
    assert response.status_code in (302, 404, 405), f"{path} answered {response.status_code}"
    if response.status_code == 302:
        assert "/login/" in response["Location"], f"{path} redirected to {response['Location']}"


def test_every_html_response_has_the_security_headers(client):
    response = client.get("/fi/login/", secure=True)
    csp = response["Content-Security-Policy"]
    for directive in [
        "default-src 'self'",
        "script-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "frame-ancestors 'none'",
    ]:
        assert directive in csp
    assert "unsafe-inline" not in csp
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert int(re.search(r"max-age=(\d+)", response["Strict-Transport-Security"]).group(1)) >= 31536000
    assert response["X-Frame-Options"] == "DENY"


def test_signed_in_pages_are_not_cached(member_client):
    assert "no-store" in member_client.get("/fi/me/")["Cache-Control"]


def test_production_cookies_are_secure():
    from prototyypit import settings as production

    # HTTPS defaults to on whenever DEBUG and TESTING are off; TESTING is on here, so check the rule.
    assert production.SESSION_COOKIE_HTTPONLY
    assert production.SESSION_COOKIE_SAMESITE == "Lax" and production.CSRF_COOKIE_SAMESITE == "Lax"


def test_check_deploy_with_production_settings_prints_no_warnings(tmp_path):
    env = {key: value for key, value in os.environ.items() if key not in {"TESTING", "DEBUG", "DJANGO_SETTINGS_MODULE"}}
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "prototyypit.settings",
            "SECRET_KEY": "k" * 20 + "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGH",
            "ALLOWED_HOSTS": "prototyypit.example.fi",
            "DATABASE_URL": f"sqlite:///{tmp_path / 'deploy.sqlite3'}",
        }
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=Path(settings.BASE_DIR),
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "WARNING" not in result.stdout + result.stderr
    assert "no issues" in result.stdout


STATE_CHANGING = [
    "/fi/logout/",
    "/fi/staff/people/1/deactivate/",
    "/fi/staff/people/1/reactivate/",
    "/i18n/setlang/",
]


@pytest.mark.parametrize("path", STATE_CHANGING)
def test_state_changing_endpoints_refuse_get(manager_client, path):
    response = manager_client.get(path)
    assert response.status_code in (302, 405)
    if response.status_code == 302:  # setlang redirects without changing anything on GET
        assert "django_language" not in response.cookies


@pytest.mark.parametrize(
    "path",
    [
        "/fi/login/",
        "/fi/logout/",
        "/fi/staff/members/invite/",
        "/fi/me/delete/",
        "/fi/second-factor/",
        "/i18n/setlang/",
    ],
)
def test_posts_without_a_csrf_token_are_refused(manager, path):
    client = Client(enforce_csrf_checks=True)
    client.force_login(manager)
    response = client.post(path, {"username": "x", "password": "y", "language": "sv"})
    assert response.status_code == 403
    assert "Traceback" not in response.content.decode()


def test_error_pages_are_generic(client, settings):
    settings.DEBUG = False
    assert "Traceback" not in client.get("/fi/no-such-page/").content.decode()


STAFF_PREFIXES = ("staff/", "audit/", "organisations/")


@pytest.mark.parametrize(
    ("pattern", "path"),
    [(p, path) for p, path in all_paths() if p.startswith(STAFF_PREFIXES)],
    ids=[p for p, _ in all_paths() if p.startswith(STAFF_PREFIXES)],
)
def test_no_staff_page_answers_a_signed_in_member(member_client, pattern, path):
    """A member who types a staff address gets a refusal, whatever the app: the role check comes first."""
    response = member_client.get(path)
    assert response.status_code in (403, 404, 405), f"{path} answered a member with {response.status_code}"


MEMBER_PREFIXES = ("me/", "community/", "periods/", "support/mine/")


@pytest.mark.parametrize(
    ("pattern", "path"),
    [(p, path) for p, path in all_paths() if p.startswith(MEMBER_PREFIXES)],
    ids=[p for p, _ in all_paths() if p.startswith(MEMBER_PREFIXES)],
)
def test_no_member_page_answers_a_developer(developer_client, pattern, path):
    """Members' own pages are theirs: staff read answers only through the staff pages, which log it."""
    response = developer_client.get(path)
    if pattern == "me/":  # the start page sends staff to their own
        assert response["Location"].endswith("/staff/")
        return
    assert response.status_code in (403, 404, 405), f"{path} answered a developer with {response.status_code}"
