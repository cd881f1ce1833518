"""Open data of actions: formula-safe CSV, UTF-8 JSON, attachments, published actions only."""

import csv
import io
import json

import pytest
from django.urls import reverse

from impact import services as impact_services

pytestmark = pytest.mark.django_db

FORMULA = '=HYPERLINK("http://evil.example/","klikkaa")'


@pytest.fixture
def formula_action(manager, sote, published_finding):
    action = impact_services.action_create(
        actor=manager, title=FORMULA, organisation=sote, team="+358 tiimi", findings=[published_finding]
    )
    return impact_services.action_publish(action=action, actor=manager, published=True)


def test_a_formula_title_comes_out_as_text_in_the_csv(client, formula_action):
    """SECURITY.md #18: A title that starts like a formula comes out as text in the open data CSV."""
    response = client.get(reverse("results:actions_csv"))
    assert response["Content-Disposition"] == 'attachment; filename="prototyypit-actions.csv"'
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    row = next(r for r in csv.DictReader(io.StringIO(text.lstrip("\ufeff"))) if r["id"] == str(formula_action.pk))
    assert row["title"] == "'" + FORMULA
    assert row["team"] == "'+358 tiimi"
    assert row["periods"] == "Julkaistu jakso"
    assert row["url"].startswith("http://testserver/fi/results/actions/")


def test_the_actions_json_is_utf8_with_the_licence(client, formula_action, hidden_action):
    response = client.get(reverse("results:actions_json"))
    assert response["Content-Type"] == "application/json; charset=utf-8"
    data = json.loads(response.content.decode("utf-8"))
    assert data["licence"] == "CC BY 4.0"
    assert [r["id"] for r in data["records"]] == [formula_action.pk]
    assert data["records"][0]["organisation"] == "Sosiaali- ja terveyspalvelut"


def test_the_open_data_page_describes_the_datasets(client):
    content = client.get("/en/results/open-data/").content.decode()
    assert "CC BY 4.0" in content and "https://creativecommons.org/licenses/by/4.0/" in content
    for name in ["statistics_csv", "statistics_json", "actions_csv", "actions_json"]:
        assert reverse(f"results:{name}").replace("/fi/", "/en/") in content


def test_the_downloads_refuse_post(client):
    assert client.post(reverse("results:statistics_csv")).status_code == 405
