"""Development targets: scope, forms, and the chart with the same numbers in a table."""

import datetime
import re
from decimal import Decimal

import pytest
from django.urls import reverse

from audit.models import AuditEvent
from impact import services
from impact.models import DevelopmentTarget, Measurement


def url(name, *args):
    return reverse(f"impact:{name}", args=args)


def add(target, developer, day, value):
    return services.measurement_add(target=target, actor=developer, date=day, value=Decimal(value))


def test_the_list_shows_only_the_own_organisations_targets(developer_client, target, rescue_target):
    body = developer_client.get(url("target_list")).content.decode()
    assert target.title in body and rescue_target.title not in body


@pytest.mark.parametrize("name", ["target_detail", "target_edit"])
def test_another_organisations_target_is_a_logged_404(outsider_client, target, name):
    assert outsider_client.get(url(name, target.pk)).status_code == 404
    assert AuditEvent.objects.filter(action=AuditEvent.Action.ACCESS_DENIED).exists()


def test_another_organisations_target_takes_no_measurement(outsider_client, target):
    response = outsider_client.post(url("measurement_add", target.pk), {"date": "2025-01-01", "value": "5"})
    assert response.status_code == 404
    assert not Measurement.objects.exists()


def test_members_get_403(member_client, target):
    assert member_client.get(url("target_detail", target.pk)).status_code == 403
    assert (
        member_client.post(url("measurement_add", target.pk), {"date": "2025-01-01", "value": "5"}).status_code == 403
    )


def test_measurement_add_refuses_get(developer_client, target):
    assert developer_client.get(url("measurement_add", target.pk)).status_code == 405


def test_creating_a_target_with_actions(developer_client, sote, action):
    response = developer_client.post(
        url("target_create"),
        {"title": "Vastausaika", "organisation": sote.pk, "unit": "pv", "higher_is_better": "", "actions": [action.pk]},
    )
    target = DevelopmentTarget.objects.get()
    assert response.status_code == 302
    assert not target.higher_is_better and list(target.actions.all()) == [action]
    assert AuditEvent.objects.filter(action=AuditEvent.Action.TARGET_EDITED).exists()


def test_an_action_id_of_another_organisation_is_a_logged_404(developer_client, sote, rescue_action):
    response = developer_client.post(
        url("target_create"), {"title": "X", "organisation": sote.pk, "actions": [rescue_action.pk]}
    )
    assert response.status_code == 404
    assert not DevelopmentTarget.objects.exists()


@pytest.mark.parametrize(
    "data,field",
    [
        ({"title": ""}, "title"),
        ({"title": "x" * 201}, "title"),
        ({"title": "X", "unit": "y" * 41}, "unit"),
        ({"title": "X", "organisation": "R"}, "organisation"),
    ],
)
def test_bad_target_input_changes_nothing(developer_client, sote, rescue, data, field):
    data = {"organisation": sote.pk, **data}
    if data["organisation"] == "R":
        data["organisation"] = rescue.pk
    response = developer_client.post(url("target_create"), data)
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert not DevelopmentTarget.objects.exists()


def test_a_manager_cannot_link_actions_of_another_organisation(manager_client, rescue_action, sote):
    response = manager_client.post(
        url("target_create"), {"title": "X", "organisation": sote.pk, "actions": [rescue_action.pk]}
    )
    assert response.status_code == 200
    assert "actions" in response.context["form"].errors
    assert not DevelopmentTarget.objects.exists()


def test_editing_a_target(developer_client, target, sote):
    response = developer_client.post(url("target_edit", target.pk), {"title": "Uusi", "organisation": sote.pk})
    assert response.status_code == 302
    target.refresh_from_db()
    assert target.title == "Uusi" and not target.actions.exists()
    response = developer_client.post(url("target_edit", target.pk), {"title": "", "organisation": sote.pk})
    assert response.status_code == 200
    target.refresh_from_db()
    assert target.title == "Uusi"


def test_adding_a_measurement(developer_client, target):
    response = developer_client.post(
        url("measurement_add", target.pk), {"date": "2025-03-01", "value": "61.5", "note": "Q1"}
    )
    assert response.status_code == 302
    assert Measurement.objects.get().value == Decimal("61.5")


@pytest.mark.parametrize(
    "data,field",
    [
        ({"date": "", "value": "5"}, "date"),
        ({"date": "eilen", "value": "5"}, "date"),
        ({"date": "2999-01-01", "value": "5"}, "date"),
        ({"date": "2025-01-01", "value": ""}, "value"),
        ({"date": "2025-01-01", "value": "paljon"}, "value"),
        ({"date": "2025-01-01", "value": "1.234"}, "value"),
        ({"date": "2025-01-01", "value": "5", "note": "n" * 201}, "note"),
        ({"date": "2024-01-01", "value": "5"}, "date"),
    ],
)
def test_bad_measurements_change_nothing(developer_client, developer, target, data, field):
    add(target, developer, datetime.date(2024, 1, 1), "50")
    response = developer_client.post(url("measurement_add", target.pk), data)
    assert response.status_code == 400
    assert field in response.context["form"].errors
    assert Measurement.objects.count() == 1


def test_the_chart_and_the_table_show_the_same_numbers(developer_client, developer, target):
    for month, value in [(3, "58"), (6, "61"), (9, "67"), (12, "74.5")]:
        add(target, developer, datetime.date(2024, month, 1), value)
    body = developer_client.get(url("target_detail", target.pk)).content.decode()
    svg = body[body.index("<svg") : body.index("</svg>")]
    table = body[body.index("<table") : body.index("</table>")]
    assert 'role="img"' in svg and "<title" in svg
    assert svg.count("<circle") == 4
    cells = re.findall(r'<td class="num">([^<]+)</td>', table)
    labels = re.findall(r"<text[^>]*>([^<]+)</text>", svg)
    assert cells == labels == ["58,00", "61,00", "67,00", "74,50"]
    assert '<th scope="col">' in table
    # Attribute numbers are never localised with a decimal comma.
    assert not re.search(r'c[xy]="[^"]*,', svg)
    # Rising values go up the chart (smaller y).
    ys = [float(y) for y in re.findall(r'cy="([^"]+)"', svg)]
    assert ys == sorted(ys, reverse=True)


def test_a_single_measurement_draws_without_a_line(developer_client, developer, target):
    add(target, developer, datetime.date(2024, 3, 1), "10")
    body = developer_client.get(url("target_detail", target.pk)).content.decode()
    assert body.count("<circle") == 1 and "<polyline" not in body


def test_target_query_budgets_do_not_grow(developer_client, developer, target, django_assert_max_num_queries):
    add(target, developer, datetime.date(2020, 1, 1), "1")
    with django_assert_max_num_queries(13):
        assert developer_client.get(url("target_detail", target.pk)).status_code == 200
    with django_assert_max_num_queries(12):
        assert developer_client.get(url("target_list")).status_code == 200
    with django_assert_max_num_queries(13):
        assert developer_client.get(url("target_create")).status_code == 200
    for day in range(2, 28):
        add(target, developer, datetime.date(2020, 1, day), str(day))
    for i in range(10):
        services.target_save(actor=developer, organisation=target.organisation, title=f"T{i}")
    with django_assert_max_num_queries(13):
        assert developer_client.get(url("target_detail", target.pk)).status_code == 200
    with django_assert_max_num_queries(12):
        assert developer_client.get(url("target_list")).status_code == 200
