import pytest
from django.db import DatabaseError

pytestmark = pytest.mark.django_db


def test_it_serves_the_front_page_in_finnish_by_default(client):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="de")
    assert response.status_code == 302
    assert response["Location"] == "/fi/"
    page = client.get("/fi/")
    assert page.status_code == 200
    assert b'<html lang="fi">' in page.content


@pytest.mark.parametrize(("header", "prefix"), [("sv-FI,sv;q=0.9", "/sv/"), ("en-GB,en;q=0.8", "/en/"), ("fi", "/fi/")])
def test_it_follows_the_browser_language_on_a_first_visit(client, header, prefix):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE=header)
    assert response["Location"] == prefix
    page = client.get(prefix)
    assert f'<html lang="{prefix.strip("/")}">'.encode() in page.content


def test_it_remembers_the_language_switch(client):
    response = client.post("/i18n/setlang/", {"language": "sv", "next": "/fi/privacy/"})
    assert response.status_code == 302
    assert response["Location"] == "/sv/privacy/"
    assert client.get("/", HTTP_ACCEPT_LANGUAGE="en")["Location"] == "/sv/"


@pytest.mark.parametrize("path", ["/fi/", "/fi/privacy/", "/fi/accessibility/", "/sv/privacy/", "/en/accessibility/"])
def test_it_links_privacy_and_accessibility_from_every_page(client, path):
    """SECURITY.md #28: Every page links the privacy notice and the accessibility statement."""
    page = client.get(path).content.decode()
    lang = path.split("/")[1]
    assert f'href="/{lang}/privacy/"' in page
    assert f'href="/{lang}/accessibility/"' in page


def test_healthz_answers_ok_without_redirect(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "worker": "ok"}


def test_healthz_answers_503_when_the_database_is_down(client, monkeypatch):
    from django.db.backends.utils import CursorWrapper

    def broken(*args, **kwargs):
        raise DatabaseError("down")

    monkeypatch.setattr(CursorWrapper, "execute", broken)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["status"] == "error"


def test_theme_css_uses_configured_colours_and_refuses_injection(client, settings):
    settings.SITE_COLOUR_PRIMARY = "#123456"
    assert "--colour-primary:#123456" in client.get("/theme.css").content.decode()
    settings.SITE_COLOUR_PRIMARY = "red;}body{display:none"
    css = client.get("/theme.css").content.decode()
    assert "display:none" not in css


def test_unknown_page_gives_a_friendly_404(client):
    response = client.get("/fi/ei-ole-olemassa/")
    assert response.status_code == 404
    assert b"<h1>" in response.content


def test_it_answers_favicon_ico_with_the_site_icon_to_anyone(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 200 and response["Content-Type"] == "image/svg+xml"
    assert response.content.startswith(b"<svg")
    assert b'<link rel="icon" href="/static/core/favicon.svg"' in client.get("/fi/").content
