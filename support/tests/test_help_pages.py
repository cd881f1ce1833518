"""Help pages: published ones are public; community managers edit them, and each edit is logged."""

import pytest

from audit.models import AuditEvent
from support.models import HelpPage

from .factories import help_page

pytestmark = pytest.mark.django_db

VALID = {
    "slug": "new-page",
    "title_fi": "Uusi",
    "title_sv": "",
    "title_en": "New",
    "body_fi": "Teksti",
    "body_sv": "",
    "body_en": "Text",
    "order": "1",
    "published": "on",
}


def test_the_public_sees_published_pages_only_in_their_language(client):
    help_page(slug="login")
    help_page(slug="draft", title_fi="Luonnos", title_en="Draft page", published=False)
    listing = client.get("/en/help/").content.decode()
    assert "Logging in" in listing and "Draft page" not in listing
    page = client.get("/en/help/login/")
    assert page.status_code == 200 and "<strong>Ohje</strong>" in page.content.decode()
    assert client.get("/en/help/draft/").status_code == 404
    assert client.get("/fi/help/").content.decode().count("Kirjautuminen") == 1


def test_markdown_is_sanitised(client):
    help_page(body_fi="<script>alert(1)</script> [x](javascript:alert(1))")
    body = client.get("/fi/help/login/").content.decode()
    assert "<script>alert(1)" not in body and "javascript:" not in body


def test_only_community_managers_edit(client, developer_client, member_client):
    page = help_page()
    for path in ("/en/staff/help/", "/en/staff/help/new/", f"/en/staff/help/{page.pk}/edit/"):
        assert client.get(path).status_code == 302
        assert developer_client.get(path).status_code == 403
        assert member_client.get(path).status_code == 403
    assert developer_client.post("/en/staff/help/new/", VALID).status_code == 403
    assert HelpPage.objects.count() == 1


def test_a_manager_creates_and_edits_a_page_and_it_is_logged(manager_client, manager):
    assert manager_client.post("/en/staff/help/new/", VALID).status_code == 302
    created = HelpPage.objects.get(slug="new-page")
    response = manager_client.post(f"/en/staff/help/{created.pk}/edit/", {**VALID, "title_fi": "Muutettu"})
    assert response.status_code == 302
    created.refresh_from_db()
    assert created.title_fi == "Muutettu"
    assert AuditEvent.objects.filter(action=AuditEvent.Action.HELP_PAGE_EDITED, actor=manager).count() == 2


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"slug": "login"}, "Another help page already has this address"),
        ({"slug": "not a slug!"}, "letters, numbers"),
        ({"title_fi": ""}, "This field is required"),
        ({"body_fi": ""}, "This field is required"),
        ({"order": "-1"}, "greater than or equal to 0"),
    ],
)
def test_bad_help_page_input_changes_nothing(manager_client, data, message):
    help_page(slug="login")
    response = manager_client.post("/en/staff/help/new/", {**VALID, **data})
    assert response.status_code == 400 and message in response.content.decode()
    assert HelpPage.objects.count() == 1 and not AuditEvent.objects.filter(action="help_page_edited").exists()


def test_an_unknown_page_is_404(manager_client):
    assert manager_client.get("/en/staff/help/999/edit/").status_code == 404


def test_query_budgets_of_help_pages(client, manager_client, django_assert_max_num_queries):
    for n in range(30):
        help_page(slug=f"page-{n}", order=n)
    with django_assert_max_num_queries(3):
        client.get("/en/help/")
    with django_assert_max_num_queries(3):
        client.get("/en/help/page-3/")
    with django_assert_max_num_queries(8):
        manager_client.get("/en/staff/help/")
