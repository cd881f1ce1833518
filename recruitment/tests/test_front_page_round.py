"""The public front page tells a visitor about the open round, or when the next one opens."""

from datetime import UTC, datetime

import pytest
import time_machine

from recruitment.tests.factories import RoundFactory

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


@time_machine.travel(NOW, tick=False)
def test_it_says_when_the_upcoming_round_opens_and_how_to_hear_of_it(client):
    RoundFactory(
        slug="kevat",
        title_fi="Kevään haku",
        opens_at=datetime(2026, 3, 16, 7, 0, tzinfo=UTC),
        closes_at=NOW.replace(month=4),
    )
    page = client.get("/fi/").content.decode()
    assert "Seuraava hakukierros, Kevään haku, alkaa 16.3.2026 09:00." in page
    assert 'href="/fi/join/round/kevat/apply/">Kerro minulle, kun haku avautuu</a>' in page


@time_machine.travel(NOW, tick=False)
def test_it_invites_to_apply_while_a_round_is_open(client):
    RoundFactory(slug="auki", title_fi="Avoin haku")
    page = client.get("/fi/").content.decode()
    assert "Avoin haku" in page and 'href="/fi/join/round/auki/apply/">Hae nyt</a>' in page


@time_machine.travel(NOW, tick=False)
def test_it_says_nothing_of_rounds_when_none_is_open_or_coming(client):
    RoundFactory(slug="ohi", opens_at=NOW.replace(month=1), closes_at=NOW.replace(month=2))
    RoundFactory(slug="luonnos", opens_at=NOW.replace(month=5), closes_at=NOW.replace(month=6), is_published=False)
    assert "front-round-heading" not in client.get("/fi/").content.decode()
