"""Requests a page would never send: state changes by GET, posts without a CSRF token, broken URLs."""

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db

STATE_CHANGING = [
    "/fi/logout/",
    "/fi/staff/people/1/deactivate/",
    "/fi/staff/people/1/reactivate/",
    "/i18n/setlang/",
]


@pytest.mark.parametrize("path", STATE_CHANGING)
def test_state_changing_endpoints_refuse_get(manager_client, path):
    """SECURITY.md #20: a link or an image tag cannot log anyone out, deactivate or switch anything."""
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
    """SECURITY.md #20: a form posted from another site is refused with a plain page."""
    client = Client(enforce_csrf_checks=True)
    client.force_login(manager)
    response = client.post(path, {"username": "x", "password": "y", "language": "sv"})
    assert response.status_code == 403
    assert "Traceback" not in response.content.decode()


def test_error_pages_are_generic(client, settings):
    """SECURITY.md #24: a missing page shows no traceback or settings."""
    settings.DEBUG = False
    assert "Traceback" not in client.get("/fi/no-such-page/").content.decode()
