"""Nothing unpublished reaches a visitor: not on a page, in the feed, in open data or in a share image."""

from xml.etree import ElementTree

import pytest
from django.urls import reverse

from impact import services as impact_services

from .conftest import SECRET

pytestmark = pytest.mark.django_db

# Every list-like surface, with a published thing it must show (so that an empty page cannot pass).
SURFACES = {
    "results:index": "Julkaistu jakso",
    "results:action_list": "Uusi palautelomake",
    "results:statistics": "Sosiaali- ja terveyspalvelut",
    "results:open_data": "CC BY 4.0",
    "results:feed": "Julkaistu jakso",
    "results:statistics_csv": "Sosiaali- ja terveyspalvelut",
    "results:statistics_json": "Sosiaali- ja terveyspalvelut",
    "results:actions_csv": "Julkaistu jakso",
    "results:actions_json": "Uusi palautelomake",
}


@pytest.mark.parametrize(("name", "expected"), SURFACES.items())
def test_it_shows_nothing_unpublished(client, everything, name, expected):
    response = client.get(reverse(name))
    assert response.status_code == 200
    content = response.content.decode()
    assert SECRET not in content
    assert expected in content


def test_the_published_pages_show_only_published_things(client, everything):
    report, action = everything["published"], everything["public_action"]
    for url in [
        reverse("results:period_detail", args=[report.period_id]),
        reverse("results:action_detail", args=[action.pk]),
    ]:
        response = client.get(url)
        assert response.status_code == 200
        content = response.content.decode()
        assert SECRET not in content
        assert "Uusi palautelomake" in content


def test_the_period_page_shows_summary_organisations_and_actions(client, everything):
    response = client.get(reverse("results:period_detail", args=[everything["published"].period_id]))
    content = response.content.decode()
    assert "<strong>muuttivat</strong>" in content
    assert "Sosiaali- ja terveyspalvelut" in content
    assert "Lomake suunnitellaan." in content


def test_the_action_page_shows_timeline_and_target_without_staff_names(client, everything, manager):
    response = client.get(reverse("results:action_detail", args=[everything["public_action"].pk]))
    content = response.content.decode()
    assert "Tyytyväisyys palautepalveluun" in content and "<svg" in content and "<table>" in content
    assert "Lomake suunnitellaan." in content
    assert "Palautteen antaminen on vaikeaa" in content
    assert manager.full_name not in content and manager.email not in content


def test_the_feed_lists_published_reports_and_status_changes(client, everything, manager):
    response = client.get(reverse("results:feed"))
    assert response["Content-Type"].startswith("application/atom+xml")
    content = response.content.decode()
    assert "Julkaistu jakso" in content and "Uusi palautelomake" in content
    assert manager.full_name not in content
    atom = "{http://www.w3.org/2005/Atom}"
    entries = ElementTree.fromstring(response.content).findall(f"{atom}entry")  # noqa: S314 - our own feed
    # The published report, and the public action's one status change; nothing of the hidden ones.
    assert len(entries) == 2
    assert len({entry.find(f"{atom}id").text for entry in entries}) == 2
    for entry in entries:
        assert entry.find(f"{atom}link").get("href").startswith("http://testserver/fi/results/")


@pytest.mark.parametrize("name", ["results:period_detail", "results:period_share"])
def test_unpublished_reports_answer_404(client, everything, name):
    for key in ["delivered", "draft"]:
        assert client.get(reverse(name, args=[everything[key].period_id])).status_code == 404
    assert client.get(reverse(name, args=[99999])).status_code == 404


def test_a_published_status_without_a_summary_is_not_public(client, everything):
    report = everything["published"]
    report.public_summary = ""
    report.save()
    assert client.get(reverse("results:period_detail", args=[report.period_id])).status_code == 404


@pytest.mark.parametrize("name", ["results:action_detail", "results:action_share"])
def test_unpublished_actions_answer_404(client, everything, name):
    assert client.get(reverse(name, args=[everything["hidden_action"].pk])).status_code == 404
    assert client.get(reverse(name, args=[99999])).status_code == 404


def test_hiding_an_action_again_takes_it_off_every_page(client, everything, manager):
    action = everything["public_action"]
    impact_services.action_publish(action=action, actor=manager, published=False)
    assert client.get(reverse("results:action_detail", args=[action.pk])).status_code == 404
    for name in ["results:index", "results:action_list", "results:feed", "results:actions_csv"]:
        assert "Uusi palautelomake" not in client.get(reverse(name)).content.decode(), name
    assert (
        "Uusi palautelomake"
        not in client.get(reverse("results:period_detail", args=[everything["published"].period_id])).content.decode()
    )


def test_the_english_pages_are_in_english(client, everything):
    response = client.get("/en/results/")
    assert response.status_code == 200
    assert "Results of the resident development community" in response.content.decode()
