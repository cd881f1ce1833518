"""Staff period list and the period form: defaults, overrides, segments, organisations, bad input."""

from datetime import date, datetime

import pytest
import time_machine

from audit.models import AuditEvent
from periods.models import HELSINKI, Approval, Period
from periods.tests.factories import PeriodFactory, TaskFactory

pytestmark = pytest.mark.django_db

FORM = {
    "title_fi": "Palautepalvelu",
    "theme_fi": "Palaute",
    "description_fi": "Kerro **kokemuksistasi**.",
    "start_day": "2026-09-07",
    "audience": "all",
    "reminder_days": "2",
}


def test_it_creates_a_period_with_the_default_times(manager_client, manager, sote):
    response = manager_client.post("/fi/staff/periods/new/", {**FORM, "organisations": [sote.pk]})
    assert response.status_code == 302
    period = Period.objects.get()
    assert period.starts_at == datetime(2026, 9, 7, 9, 0, tzinfo=HELSINKI)
    assert period.ends_at == datetime(2026, 9, 16, 23, 59, tzinfo=HELSINKI)
    assert period.approval == Approval.APPROVED and period.created_by == manager
    assert list(period.organisations.all()) == [sote]
    assert period.published_at is None
    assert AuditEvent.objects.filter(action="period_created", object_id=str(period.pk)).count() == 1


def test_explicit_times_override_the_defaults(manager_client, sote):
    manager_client.post(
        "/fi/staff/periods/new/",
        {
            **FORM,
            "organisations": [sote.pk],
            "start_day": "",
            "starts_at": "2026-09-01T12:00",
            "ends_at": "2026-09-03T18:00",
        },
    )
    period = Period.objects.get()
    assert period.starts_at == datetime(2026, 9, 1, 12, 0, tzinfo=HELSINKI)
    assert period.ends_at == datetime(2026, 9, 3, 18, 0, tzinfo=HELSINKI)


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"title_fi": ""}, "title_fi"),
        ({"start_day": ""}, "start_day"),
        ({"start_day": "", "starts_at": "2026-09-03T12:00", "ends_at": "2026-09-01T12:00"}, "ends_at"),
        ({"ends_at": "2026-09-07T08:00"}, "ends_at"),
        ({"audience": "segment"}, "audience"),
        ({"audience": "everyone"}, "audience"),
        ({"reminder_days": "-1"}, "reminder_days"),
        ({"reminder_days": "12"}, "reminder_days"),
        ({"segment_age_group": ["200+"]}, "segment_age_group"),
        ({"organisations": []}, "organisations"),
    ],
)
def test_bad_input_is_refused_and_nothing_is_saved(manager_client, sote, changes, field):
    response = manager_client.post("/fi/staff/periods/new/", {**FORM, "organisations": [sote.pk], **changes})
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert not Period.objects.exists()


def test_a_segment_is_stored_per_background_field(manager_client, sote):
    manager_client.post(
        "/fi/staff/periods/new/",
        {
            **FORM,
            "organisations": [sote.pk],
            "audience": "segment",
            "segment_age_group": ["16-24", "25-34"],
            "segment_municipality": ["Kotka"],
        },
    )
    period = Period.objects.get()
    assert period.segment == {"age_group": ["16-24", "25-34"], "municipality": ["Kotka"]}


def test_a_segment_is_dropped_when_everyone_takes_part(manager_client, sote):
    manager_client.post("/fi/staff/periods/new/", {**FORM, "organisations": [sote.pk], "segment_gender": ["female"]})
    assert Period.objects.get().segment == {}


def test_a_developer_proposes_for_their_own_organisation_only(developer_client, developer, sote, rescue):
    response = developer_client.post("/fi/staff/periods/new/", {**FORM, "organisations": [rescue.pk]})
    assert response.status_code == 302
    period = Period.objects.get()
    assert period.approval == Approval.PROPOSED
    assert list(period.organisations.all()) == [sote]
    assert "organisations" not in developer_client.get("/fi/staff/periods/new/").context["form"].fields


def test_a_manager_edits_a_period_and_the_form_shows_its_values(manager_client, sote):
    period = PeriodFactory(
        organisations=[sote],
        starts_at=datetime(2026, 9, 7, 9, 0, tzinfo=HELSINKI),
        ends_at=datetime(2026, 9, 16, 23, 59, tzinfo=HELSINKI),
    )
    page = manager_client.get(f"/fi/staff/periods/{period.pk}/edit/")
    assert page.context["form"].initial["start_day"] == date(2026, 9, 7)
    assert "starts_at" not in page.context["form"].initial
    response = manager_client.post(
        f"/fi/staff/periods/{period.pk}/edit/",
        {**FORM, "organisations": [sote.pk], "title_fi": "Uusi nimi", "start_day": "2026-10-05"},
    )
    assert response.status_code == 302
    period.refresh_from_db()
    assert period.title_fi == "Uusi nimi"
    assert period.starts_at == datetime(2026, 10, 5, 9, 0, tzinfo=HELSINKI)


def test_a_developer_cannot_edit_an_approved_period(developer_client, sote):
    period = PeriodFactory(organisations=[sote])
    assert developer_client.get(f"/fi/staff/periods/{period.pk}/edit/").status_code == 403


@time_machine.travel(datetime(2026, 9, 10, 12, 0, tzinfo=HELSINKI))
def test_the_list_filters_by_status(manager_client, sote):
    PeriodFactory(organisations=[sote], title_fi="Avoin")
    PeriodFactory(organisations=[sote], title_fi="Luonnos", published_at=None)
    PeriodFactory(
        organisations=[sote],
        title_fi="Tuleva",
        starts_at=datetime(2026, 10, 1, 9, 0, tzinfo=HELSINKI),
        ends_at=datetime(2026, 10, 10, 23, 59, tzinfo=HELSINKI),
    )
    PeriodFactory(
        organisations=[sote],
        title_fi="Mennyt",
        starts_at=datetime(2026, 8, 1, 9, 0, tzinfo=HELSINKI),
        ends_at=datetime(2026, 8, 10, 23, 59, tzinfo=HELSINKI),
    )
    for status, title in [("open", "Avoin"), ("draft", "Luonnos"), ("scheduled", "Tuleva"), ("closed", "Mennyt")]:
        page = manager_client.get(f"/fi/staff/periods/?status={status}")
        assert [p.title_fi for p in page.context["page"]] == [title]
    assert manager_client.get("/fi/staff/periods/").context["page"].paginator.count == 4
    assert manager_client.get("/fi/staff/periods/?status=bogus").status_code == 200


def test_a_developer_lists_only_their_organisations_periods(developer_client, sote, rescue):
    PeriodFactory(organisations=[sote], title_fi="Sote")
    PeriodFactory(organisations=[rescue], title_fi="Pelastus")
    page = developer_client.get("/fi/staff/periods/")
    assert [p.title_fi for p in page.context["page"]] == ["Sote"]


def test_the_list_offers_a_manager_a_new_period_and_a_developer_a_proposal(manager_client, developer_client):
    managers = manager_client.get("/en/staff/periods/").content.decode()
    developers = developer_client.get("/en/staff/periods/").content.decode()
    assert "New period" in managers and "waiting for approval" in managers
    assert "Propose a period" in developers and "waiting for approval" not in developers
    assert "Propose a period" not in managers and "New period" not in developers


@pytest.mark.parametrize("count", [3, 30])
def test_the_list_and_detail_have_a_fixed_query_budget(manager_client, sote, count, django_assert_max_num_queries):
    periods = [PeriodFactory(organisations=[sote]) for _ in range(count)]
    TaskFactory.create_batch(count, period=periods[0])
    with django_assert_max_num_queries(9):
        assert manager_client.get("/fi/staff/periods/").status_code == 200
    with django_assert_max_num_queries(9):
        assert manager_client.get(f"/fi/staff/periods/{periods[0].pk}/").status_code == 200
    with django_assert_max_num_queries(9):
        assert manager_client.get(f"/fi/staff/periods/{periods[0].pk}/edit/").status_code == 200
    with django_assert_max_num_queries(7):
        assert manager_client.get("/fi/staff/periods/approvals/").status_code == 200


def test_the_staff_home_links_to_the_periods(manager_client):
    from periods.views.staff import register_staff_links

    register_staff_links()
    assert "/fi/staff/periods/" in manager_client.get("/fi/staff/").content.decode()


def test_the_detail_shows_the_segment_in_words(manager_client, sote):
    period = PeriodFactory(
        organisations=[sote], audience="segment", segment={"gender": ["female"], "age_group": ["75+"]}
    )
    page = manager_client.get(f"/en/staff/periods/{period.pk}/")
    assert page.context["segment"] == [("age group", ["75+"]), ("gender", ["woman"])]
