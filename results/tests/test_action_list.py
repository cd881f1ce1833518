"""The public action list and its filter: a bad value gives a message and the whole list, never an error."""

import pytest
from django.urls import reverse

from impact import services as impact_services
from impact.models import ActionStatus

pytestmark = pytest.mark.django_db


@pytest.fixture
def done_action(manager, rescue, published_finding):
    action = impact_services.action_create(
        actor=manager, title="Valmis toimenpide", organisation=rescue, findings=[published_finding]
    )
    impact_services.action_status_change(action=action, actor=manager, status=ActionStatus.DONE, text="Tehty.")
    return impact_services.action_publish(action=action, actor=manager, published=True)


def test_it_filters_by_status(client, public_action, done_action):
    content = client.get(reverse("results:action_list"), {"status": "done"}).content.decode()
    assert "Valmis toimenpide" in content and "Uusi palautelomake" not in content


def test_it_filters_by_organisation(client, public_action, done_action):
    content = client.get(reverse("results:action_list"), {"organisation": "sote"}).content.decode()
    assert "Uusi palautelomake" in content and "Valmis toimenpide" not in content


@pytest.mark.parametrize(
    "query", [{"status": "<script>alert(1)</script>"}, {"organisation": "nope"}, {"status": "x" * 5000}, {"page": "zz"}]
)
def test_bad_filter_input_gives_a_message_not_an_error(client, public_action, done_action, query):
    response = client.get("/en/results/actions/", query)
    assert response.status_code == 200
    content = response.content.decode()
    assert "<script>alert(1)</script>" not in content
    assert "Uusi palautelomake" in content and "Valmis toimenpide" in content
    if "page" not in query:
        assert "The filter was not understood" in content
        assert "Choose one of the" in content
