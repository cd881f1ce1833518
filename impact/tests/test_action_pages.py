"""Staff pages of actions: who may see and change what, and every form's bad input."""

import pytest
from django.urls import reverse

from audit.models import AuditEvent
from impact.models import Action, ActionStatus, ActionUpdate


def url(name, *args):
    return reverse(f"impact:{name}", args=args)


def denied_logged() -> bool:
    return AuditEvent.objects.filter(action=AuditEvent.Action.ACCESS_DENIED).exists()


@pytest.mark.parametrize(
    "name,args",
    [("action_list", ()), ("action_create", ()), ("target_list", ()), ("target_create", ())],
)
def test_members_get_403_on_staff_pages(member_client, name, args):
    assert member_client.get(url(name, *args)).status_code == 403


def test_member_gets_403_on_an_action(member_client, action):
    assert member_client.get(url("action_detail", action.pk)).status_code == 403
    assert member_client.post(url("action_status", action.pk), {"status": "done"}).status_code == 403
    action.refresh_from_db()
    assert action.status == ActionStatus.IDEA


def test_anonymous_visitors_are_sent_to_login(client, action):
    response = client.get(url("action_detail", action.pk))
    assert response.status_code == 302 and "login" in response["Location"]


def test_the_list_shows_only_the_own_organisations_actions(developer_client, action, rescue_action):
    body = developer_client.get(url("action_list")).content.decode()
    assert action.title in body
    assert rescue_action.title not in body


def test_the_manager_sees_all_and_filters(manager_client, action, rescue_action, rescue):
    body = manager_client.get(url("action_list")).content.decode()
    assert action.title in body and rescue_action.title in body
    body = manager_client.get(url("action_list"), {"organisation": rescue.pk}).content.decode()
    assert action.title not in body and rescue_action.title in body
    body = manager_client.get(url("action_list"), {"status": "done"}).content.decode()
    assert action.title not in body and rescue_action.title not in body
    # A bad filter is ignored, not an error.
    assert manager_client.get(url("action_list"), {"status": "nonsense", "organisation": "x"}).status_code == 200


@pytest.mark.parametrize("name", ["action_detail", "action_edit"])
def test_another_organisations_action_is_a_logged_404(outsider_client, action, name):
    assert outsider_client.get(url(name, action.pk)).status_code == 404
    assert denied_logged()


def test_another_organisations_action_cannot_change_status(outsider_client, action):
    response = outsider_client.post(url("action_status", action.pk), {"status": "done", "text": "x"})
    assert response.status_code == 404
    assert not ActionUpdate.objects.exists()


def test_creating_an_action(developer_client, developer, sote, finding):
    response = developer_client.post(
        url("action_create"),
        {"title": "Uusi lomake", "description": "**Tärkeä**", "organisation": sote.pk, "findings": [finding.pk]},
    )
    action = Action.objects.get()
    assert response.status_code == 302 and response["Location"] == url("action_detail", action.pk)
    assert action.created_by == developer and list(action.findings.all()) == [finding]
    assert AuditEvent.objects.filter(action=AuditEvent.Action.ACTION_EDITED).exists()


def test_the_picker_shows_only_reachable_delivered_findings(developer_client, finding, rescue_finding, sote):
    from periods.tests.factories import PeriodFactory
    from reports.models import Finding, Report

    draft_report = Report.objects.create(period=PeriodFactory(organisations=[sote]))
    draft = Finding.objects.create(report=draft_report, title="Luonnoshavainto")
    body = developer_client.get(url("action_create")).content.decode()
    assert finding.title in body
    assert rescue_finding.title not in body
    assert draft.title not in body


def test_a_finding_of_a_draft_report_cannot_be_linked(developer_client, sote):
    from periods.tests.factories import PeriodFactory
    from reports.models import Finding, Report

    draft = Finding.objects.create(report=Report.objects.create(period=PeriodFactory(organisations=[sote])), title="D")
    response = developer_client.post(
        url("action_create"), {"title": "X", "organisation": sote.pk, "findings": [draft.pk]}
    )
    assert response.status_code == 404
    assert not Action.objects.exists()


def test_a_finding_id_of_another_organisation_is_a_logged_404(developer_client, sote, finding, rescue_finding):
    response = developer_client.post(
        url("action_create"), {"title": "X", "organisation": sote.pk, "findings": [finding.pk, rescue_finding.pk]}
    )
    assert response.status_code == 404
    assert denied_logged()
    assert not Action.objects.exists()


def test_a_developer_cannot_give_the_action_to_another_organisation(developer_client, rescue, finding):
    response = developer_client.post(
        url("action_create"), {"title": "X", "organisation": rescue.pk, "findings": [finding.pk]}
    )
    assert response.status_code == 200
    assert "organisation" in response.context["form"].errors
    assert not Action.objects.exists()


@pytest.mark.parametrize(
    "data,field",
    [
        ({"title": "", "findings": "F"}, "title"),
        ({"title": "x" * 201, "findings": "F"}, "title"),
        ({"title": "Otsikko"}, "findings"),
        ({"title": "Otsikko", "findings": "F", "done_on": "2999-01-01"}, "done_on"),
        ({"title": "Otsikko", "findings": "F", "planned_for": "ei päivä"}, "planned_for"),
        ({"title": "Otsikko", "findings": "abc"}, "findings"),
    ],
)
def test_bad_action_input_changes_nothing(developer_client, sote, finding, data, field):
    data = {**data, "organisation": sote.pk}
    if data.get("findings") == "F":
        data["findings"] = [finding.pk]
    response = developer_client.post(url("action_create"), data)
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert not Action.objects.exists()


def test_editing_keeps_status_and_changes_text(developer_client, action, sote, finding):
    response = developer_client.post(
        url("action_edit", action.pk),
        {"title": "Uusi nimi", "organisation": sote.pk, "findings": [finding.pk], "team": "Asiakaskokemus"},
    )
    assert response.status_code == 302
    action.refresh_from_db()
    assert action.title == "Uusi nimi" and action.team == "Asiakaskokemus" and action.status == ActionStatus.IDEA


def test_bad_edit_changes_nothing(developer_client, action, sote, finding):
    response = developer_client.post(
        url("action_edit", action.pk), {"title": "", "organisation": sote.pk, "findings": [finding.pk]}
    )
    assert response.status_code == 200
    action.refresh_from_db()
    assert action.title == "Uusi palautelomake"


def test_changing_status_through_the_page(developer_client, action):
    response = developer_client.post(url("action_status", action.pk), {"status": "planned", "text": "Suunniteltu"})
    assert response.status_code == 302
    action.refresh_from_db()
    assert action.status == ActionStatus.PLANNED
    body = developer_client.get(url("action_detail", action.pk)).content.decode()
    assert "Suunniteltu" in body


@pytest.mark.parametrize(
    "data,field",
    [
        ({"status": "idea"}, "status"),
        ({"status": "not_pursued", "reason": ""}, "reason"),
        ({"status": "somewhere"}, "status"),
        ({"status": "done", "text": "x" * 2001}, "text"),
    ],
)
def test_bad_status_changes_change_nothing(developer_client, action, data, field):
    response = developer_client.post(url("action_status", action.pk), data)
    assert response.status_code == 400
    assert field in response.context["status_form"].errors
    action.refresh_from_db()
    assert action.status == ActionStatus.IDEA
    assert not ActionUpdate.objects.exists()


@pytest.mark.parametrize("name", ["action_status", "action_publish"])
def test_post_only_actions_refuse_get(developer_client, action, name):
    assert developer_client.get(url(name, action.pk)).status_code == 405


def test_only_managers_publish(developer_client, manager_client, action):
    assert developer_client.post(url("action_publish", action.pk), {"published": "1"}).status_code == 403
    action.refresh_from_db()
    assert not action.published
    assert manager_client.post(url("action_publish", action.pk), {"published": "1"}).status_code == 302
    action.refresh_from_db()
    assert action.published
    manager_client.post(url("action_publish", action.pk), {"published": "0"})
    action.refresh_from_db()
    assert not action.published


def test_user_text_is_escaped(developer_client, action, developer):
    from impact import services

    action.title = "<script>alert(1)</script>"
    action.description = "<img src=x onerror=alert(1)>"
    action.save()
    services.action_status_change(action=action, actor=developer, status="planned", text="<script>x</script>")
    body = developer_client.get(url("action_detail", action.pk)).content.decode()
    assert "<script>alert(1)" not in body and "<script>x" not in body and "onerror=alert" not in body


def test_page_query_budgets_do_not_grow(developer_client, developer, sote, finding, django_assert_max_num_queries):
    from impact import services

    def make(n):
        for i in range(n):
            action = services.action_create(actor=developer, title=f"A{i}", organisation=sote, findings=[finding])
            services.action_status_change(action=action, actor=developer, status="planned", text="t")
        return action

    action = make(2)
    with django_assert_max_num_queries(14):
        assert developer_client.get(url("action_list")).status_code == 200
    with django_assert_max_num_queries(16):
        assert developer_client.get(url("action_detail", action.pk)).status_code == 200
    with django_assert_max_num_queries(14):
        assert developer_client.get(url("action_create")).status_code == 200
    action = make(20)
    for i in range(5):
        services.action_status_change(action=action, actor=developer, status="done" if i % 2 == 0 else "planned")
    with django_assert_max_num_queries(14):
        assert developer_client.get(url("action_list")).status_code == 200
    with django_assert_max_num_queries(16):
        assert developer_client.get(url("action_detail", action.pk)).status_code == 200
