"""A member's "My impact" page, home panel and data export: only what their own answers led to."""

import re

import pytest
from django.urls import reverse
from django.utils import timezone

from core import member_data
from impact import member_data as impact_data
from impact import services
from impact.models import Action, ActionStatus
from periods.models import Response


def test_it_lists_actions_the_members_answers_contributed_to(member_client, action, answered, developer):
    services.action_status_change(action=action, actor=developer, status=ActionStatus.IN_PROGRESS, text="Työn alla")
    body = member_client.get(reverse("impact:my_impact")).content.decode()
    assert action.title in body
    assert "Työn alla" in body
    # Pseudonymous: the staff author's name is not shown to members.
    assert developer.full_name not in body


def test_it_shows_nothing_to_a_member_who_did_not_answer(client, action, answered, other_member):
    from conftest import verified_client

    body = verified_client(other_member).get(reverse("impact:my_impact")).content.decode()
    assert action.title not in body


def test_it_shows_only_the_members_own_contributions(member_client, action, answered, rescue_action, other_member):
    task = rescue_action.findings.get().report.period.tasks.create(title_fi="Muiden tehtävä")
    Response.objects.create(task=task, member=other_member, submitted_at=timezone.now())
    body = member_client.get(reverse("impact:my_impact")).content.decode()
    assert action.title in body and rescue_action.title not in body


STEP = re.compile(
    r'<li class="step step-(\w+)"( aria-current="step")?>\s*'
    r'<span class="step-label">([^<]+)</span>\s*<span class="step-state">\(([^)]+)\)</span>'
)


@pytest.mark.parametrize(
    ("status", "expected"),
    [
        (
            ActionStatus.IDEA,
            [("idea", "nyt tässä"), ("suunniteltu", "tulossa"), ("työn alla", "tulossa"), ("tehty", "tulossa")],
        ),
        (
            ActionStatus.PLANNED,
            [("idea", "ohi"), ("suunniteltu", "nyt tässä"), ("työn alla", "tulossa"), ("tehty", "tulossa")],
        ),
        (
            ActionStatus.IN_PROGRESS,
            [("idea", "ohi"), ("suunniteltu", "ohi"), ("työn alla", "nyt tässä"), ("tehty", "tulossa")],
        ),
        (ActionStatus.DONE, [("idea", "ohi"), ("suunniteltu", "ohi"), ("työn alla", "ohi"), ("tehty", "nyt tässä")]),
    ],
)
def test_the_stepper_marks_the_current_step_in_words(member_client, action, answered, status, expected):
    Action.objects.filter(pk=action.pk).update(status=status)
    body = member_client.get(reverse("impact:my_impact")).content.decode()
    steps = STEP.findall(body)
    assert [(label, state) for _css, _current, label, state in steps] == expected
    # Exactly one step is aria-current, the one the text calls current.
    assert [label for _css, current, label, _state in steps if current] == [
        label for label, state in expected if state == "nyt tässä"
    ]


def test_an_action_not_pursued_has_no_stepper(member_client, action, answered):
    Action.objects.filter(pk=action.pk).update(status=ActionStatus.NOT_PURSUED)
    body = member_client.get(reverse("impact:my_impact")).content.decode()
    assert action.title in body and "ei toteuteta" in body
    assert 'class="stepper"' not in body and 'aria-current="step"' not in body


def test_the_latest_update_comes_first(member_client, action, answered, developer):
    for status, text in [(ActionStatus.PLANNED, "Ensimmäinen"), (ActionStatus.IN_PROGRESS, "Toinen")]:
        services.action_status_change(action=action, actor=developer, status=status, text=text)
    body = member_client.get(reverse("impact:my_impact")).content.decode()
    assert body.index("Toinen") < body.index("Ensimmäinen")
    assert "(uusin ensin)" in body


def test_staff_get_403(developer_client):
    assert developer_client.get(reverse("impact:my_impact")).status_code == 403


def test_anonymous_visitors_are_sent_to_login(client):
    response = client.get(reverse("impact:my_impact"))
    assert response.status_code == 302 and "login" in response["Location"]


def test_the_home_panel_shows_the_latest_updates(member_client, action, answered, developer):
    services.action_status_change(action=action, actor=developer, status=ActionStatus.DONE)
    body = member_client.get(reverse("accounts:home")).content.decode()
    assert "impact-panel-heading" in body and action.title in body


def test_the_next_step_card_links_my_impact_once_it_has_updates(member_client, action, answered, developer):
    def card() -> str:
        body = member_client.get(reverse("accounts:home")).content.decode()
        return body[body.index('<section class="next-step"') : body.index("impact-panel-heading")]

    assert reverse("impact:my_impact") not in card()
    services.action_status_change(action=action, actor=developer, status=ActionStatus.PLANNED)
    assert reverse("impact:my_impact") in card()


def test_my_impact_query_budget_does_not_grow(
    member_client, member, developer, sote, finding, answered, django_assert_max_num_queries
):
    def make(n):
        for i in range(n):
            action = services.action_create(actor=developer, title=f"A{i}", organisation=sote, findings=[finding])
            services.action_status_change(action=action, actor=developer, status="planned", text="t")

    make(2)
    with django_assert_max_num_queries(12):
        assert member_client.get(reverse("impact:my_impact")).status_code == 200
    make(15)
    with django_assert_max_num_queries(12):
        assert member_client.get(reverse("impact:my_impact")).status_code == 200


def test_the_export_lists_the_actions_and_erase_changes_nothing(action, answered, member, other_member):
    assert impact_data.export(member) == {
        "actions_my_answers_contributed_to": [{"title": action.title, "status": "idea"}]
    }
    assert impact_data.export(other_member) == {"actions_my_answers_contributed_to": []}
    impact_data.erase(member, contributions=True)
    action.refresh_from_db()
    assert impact_data.export(member)["actions_my_answers_contributed_to"]


def test_it_is_registered_for_the_members_rights():
    assert "impact" in {section.key for section in member_data.sections()}


@pytest.mark.parametrize("lang", ["fi", "sv", "en"])
def test_the_page_works_in_every_language(member_client, lang):
    assert member_client.get(f"/{lang}/me/impact/").status_code == 200
