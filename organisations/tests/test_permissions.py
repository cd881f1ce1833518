"""The permission matrix for organisations: every role, every object."""

import pytest

from audit.models import AuditEvent
from organisations.permissions import can_view_organisation, organisations_visible_to

pytestmark = pytest.mark.django_db


def test_the_predicates_follow_the_matrix(manager, developer, outsider, member, sote, rescue):
    assert can_view_organisation(manager, sote) and can_view_organisation(manager, rescue)
    assert can_view_organisation(developer, sote) and not can_view_organisation(developer, rescue)
    assert can_view_organisation(outsider, rescue) and not can_view_organisation(outsider, sote)
    assert not can_view_organisation(member, sote)
    assert list(organisations_visible_to(developer)) == [sote]
    assert list(organisations_visible_to(member)) == []
    assert set(organisations_visible_to(manager)) == {sote, rescue}


@pytest.mark.parametrize(
    ("persona", "slug", "status"),
    [
        ("manager_client", "sote", 200),
        ("manager_client", "pelastus", 200),
        ("developer_client", "sote", 200),
        ("developer_client", "pelastus", 404),
        ("outsider_client", "sote", 404),
        ("outsider_client", "pelastus", 200),
        ("member_client", "sote", 403),
        ("client", "sote", 302),
    ],
)
def test_the_organisation_page_follows_the_matrix(request, persona, slug, status, sote, rescue):
    client = request.getfixturevalue(persona)
    assert client.get(f"/fi/organisations/{slug}/").status_code == status


def test_another_organisations_page_is_404_and_the_attempt_is_logged(developer_client, developer, rescue):
    response = developer_client.get(f"/fi/organisations/{rescue.slug}/")
    assert response.status_code == 404
    event = AuditEvent.objects.get(action="access_denied")
    assert event.actor == developer and "pelastus" in event.detail["what"]


def test_the_list_shows_only_visible_organisations(developer_client, sote, rescue):
    page = developer_client.get("/fi/organisations/").content.decode()
    assert "Sosiaali- ja terveyspalvelut" in page and "Pelastuslaitos" not in page


def test_the_team_page_shows_names_in_the_active_language(manager_client, sote, developer):
    assert "Social and health" in manager_client.get("/en/organisations/sote/").content.decode()
    assert developer.full_name in manager_client.get("/fi/organisations/sote/").content.decode()
