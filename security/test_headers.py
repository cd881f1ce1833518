"""What every response tells the browser: headers, cookies, caching, and the deployment check."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

pytestmark = pytest.mark.django_db


def test_every_html_response_has_the_security_headers(client):
    """SECURITY.md #9: CSP without inline script, HSTS of a year, nosniff, a Referrer-Policy, no framing."""
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
    """SECURITY.md #21: a signed-in page is never kept by the browser or a proxy."""
    assert "no-store" in member_client.get("/fi/me/")["Cache-Control"]


def test_production_cookies_are_secure():
    """SECURITY.md #10: session and CSRF cookies are SameSite, the session cookie HttpOnly."""
    from prototyypit import settings as production

    # HTTPS defaults to on whenever DEBUG and TESTING are off; TESTING is on here, so check the rule.
    assert production.SESSION_COOKIE_HTTPONLY
    assert production.SESSION_COOKIE_SAMESITE == "Lax" and production.CSRF_COOKIE_SAMESITE == "Lax"


def test_check_deploy_with_production_settings_prints_no_warnings(tmp_path):
    """SECURITY.md #8 and #10: with production settings (Secure cookies included) the deploy check is clean."""
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
