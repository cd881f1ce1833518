"""The results page leads with large figures, counts of people hidden exactly as on the statistics page."""

import re

import pytest
from django.urls import reverse
from django.utils import translation

from conftest import make_member
from impact import services as impact_services
from impact.models import ActionStatus
from periods.tests.factories import TaskFactory
from reports.models import ReportStatus
from results.statistics import PRIMARY, community_statistics

from .conftest import answer, closed_period, report_of

pytestmark = pytest.mark.django_db

CARD = re.compile(r'<div class="headline-figure"><dt>([^<]+)</dt><dd>(.*?)</dd></div>', re.S)
VALUE = re.compile(r'<span class="headline-value">([^<]+)</span>')


def cards(client) -> dict[str, str]:
    body = client.get(reverse("results:index")).content.decode()
    return dict(CARD.findall(body))


def values(found: dict[str, str]) -> dict[str, str]:
    return {label: VALUE.search(content).group(1) for label, content in found.items()}


@pytest.fixture
def community(sote, manager, published_finding):
    """Six members answered a closed period; one published action is done."""
    people = [make_member(f"h{i}@example.fi", f"Jäsen {i}") for i in range(6)]
    period = closed_period([sote], "Luvut-jakso")
    report_of(period, ReportStatus.PUBLISHED, "Yhteenveto")
    answer(TaskFactory(period=period), *people)
    action = impact_services.action_create(
        actor=manager, title="Tehty", organisation=sote, findings=[published_finding]
    )
    impact_services.action_status_change(action=action, actor=manager, status=ActionStatus.DONE, text="Valmis")
    impact_services.action_publish(action=action, actor=manager, published=True)
    return people


def test_the_figures_are_those_of_the_community_statistics(client, community):
    with translation.override("fi"):
        stats = community_statistics()
    assert stats.community_now.shown and stats.total.answers.shown
    assert values(cards(client)) == {
        "Jäseniä yhteisössä": str(stats.community_now.shown),
        "Päättyneet aktiivijaksot": str(stats.total.periods),
        "Lähetetyt vastaukset": str(stats.total.answers.shown),
        "Tehdyt toimenpiteet": "1",
    }


def test_a_figure_the_statistics_page_hides_shows_a_dash_and_why(client, community):
    for person in community[:4]:
        person.member.left_at = person.date_joined
        person.member.save()
    stats = community_statistics()
    assert stats.community_now.hidden == PRIMARY
    found = cards(client)
    members = found["Jäseniä yhteisössä"]
    assert values(found)["Jäseniä yhteisössä"] == "–"
    assert "Alle 5: pienet ryhmät piilotetaan" in members
    assert str(stats.community_now.value) not in members
    # The answers of people who since left still count and are enough to show.
    assert values(found)["Lähetetyt vastaukset"] == str(stats.total.answers.shown)


@pytest.mark.parametrize("lang", ["fi", "sv", "en"])
def test_the_figures_are_labelled_in_every_language(client, community, lang):
    body = client.get(f"/{lang}/results/").content.decode()
    label = {"fi": "Jäseniä yhteisössä", "sv": "Medlemmar i gemenskapen", "en": "Members in the community"}[lang]
    assert f"<dt>{label}</dt>" in body
