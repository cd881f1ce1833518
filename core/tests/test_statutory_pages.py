"""Managers edit the privacy notice and the accessibility statement; everyone reads the result."""

import pytest

from audit.models import AuditEvent
from core.models import StatutoryPage

pytestmark = pytest.mark.django_db


def test_without_a_staff_text_the_built_in_privacy_notice_shows(client):
    response = client.get("/en/privacy/")
    assert response.status_code == 200
    assert "Why we process your data" in response.content.decode()


def test_a_manager_edits_the_privacy_notice_and_it_is_logged(manager_client, manager, client):
    response = manager_client.post(
        "/en/staff/pages/privacy/",
        {"body_fi": "## Rekisterinpitäjä\n\nHyvinvointialue", "body_sv": "", "body_en": "## Controller\n\nThe county"},
    )
    assert response.status_code == 302
    page = StatutoryPage.objects.get(kind="privacy")
    assert page.updated_by == manager
    event = AuditEvent.objects.get(action=AuditEvent.Action.STATUTORY_PAGE_EDITED)
    assert event.actor == manager and event.detail == {"kind": "privacy", "languages": ["fi", "en"]}
    english = client.get("/en/privacy/").content.decode()
    assert "<h2>Controller</h2>" in english and "Why we process your data" not in english
    # Swedish has no text of its own: the Finnish one shows.
    assert "Rekisterinpitäjä" in client.get("/sv/privacy/").content.decode()


def test_the_accessibility_statement_keeps_its_feedback_link_whatever_staff_write(manager_client, client):
    manager_client.post("/fi/staff/pages/accessibility/", {"body_fi": "Oma teksti", "body_sv": "", "body_en": ""})
    html = client.get("/fi/accessibility/").content.decode()
    assert "Oma teksti" in html
    assert "/fi/support/new/?category=accessibility" in html


def test_script_in_the_text_is_removed(manager_client, client):
    manager_client.post(
        "/fi/staff/pages/privacy/",
        {"body_fi": "Teksti <script>alert(1)</script> [linkki](javascript:alert(1))", "body_sv": "", "body_en": ""},
    )
    html = client.get("/fi/privacy/").content.decode()
    assert "<script>alert" not in html and "javascript:" not in html


def test_other_languages_without_finnish_are_refused_and_nothing_changes(manager_client):
    response = manager_client.post("/en/staff/pages/privacy/", {"body_fi": "", "body_sv": "Text", "body_en": ""})
    assert response.status_code == 400
    assert "Write the Finnish text first" in response.content.decode()
    assert not StatutoryPage.objects.exists()
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.STATUTORY_PAGE_EDITED).exists()


def test_an_over_long_text_is_refused(manager_client):
    response = manager_client.post("/en/staff/pages/privacy/", {"body_fi": "x" * 20_001, "body_sv": "", "body_en": ""})
    assert response.status_code == 400
    assert "at most 20000 characters" in response.content.decode().replace("\u00a0", "").replace(",", "")
    assert not StatutoryPage.objects.exists()


def test_an_unknown_page_is_404(manager_client):
    assert manager_client.get("/fi/staff/pages/terms/").status_code == 404


def test_only_managers_edit(developer_client, member_client, client):
    assert developer_client.get("/fi/staff/pages/privacy/").status_code == 403
    assert member_client.get("/fi/staff/pages/privacy/").status_code == 403
    assert client.get("/fi/staff/pages/privacy/").status_code == 302
    assert developer_client.post("/fi/staff/pages/privacy/", {"body_fi": "x"}).status_code == 403
    assert not StatutoryPage.objects.exists()


def test_the_list_and_the_public_pages_keep_to_a_query_budget(manager_client, client, django_assert_max_num_queries):
    manager_client.post("/fi/staff/pages/privacy/", {"body_fi": "Teksti", "body_sv": "", "body_en": ""})
    with django_assert_max_num_queries(8):
        assert manager_client.get("/fi/staff/pages/").status_code == 200
    with django_assert_max_num_queries(2):
        assert client.get("/fi/privacy/").status_code == 200
