import csv
import io

import pytest

from audit.models import AuditEvent
from recruitment.models import RecruitmentRound
from recruitment.tests.factories import ApplicationFactory, RoundFactory

pytestmark = pytest.mark.django_db

ROUND = {
    "title_fi": "Syksyn haku",
    "slug": "syksy-2026",
    "opens_at": "2026-08-22T09:00",
    "closes_at": "2026-09-08T23:59",
    "target_size": "100",
    "min_age": "16",
    "municipalities_text": "Hamina\nKotka, Kouvola",
    "is_published": "on",
}


def test_a_manager_creates_a_round_in_helsinki_time(manager_client):
    response = manager_client.post("/fi/staff/recruitment/new/", ROUND)
    assert response.status_code == 302
    round = RecruitmentRound.objects.get()
    assert round.municipalities == ["Hamina", "Kotka", "Kouvola"]
    assert round.opens_at.isoformat() == "2026-08-22T06:00:00+00:00"


def test_a_round_must_close_after_it_opens(manager_client):
    response = manager_client.post("/fi/staff/recruitment/new/", {**ROUND, "closes_at": "2026-08-01T09:00"})
    assert "closes_at" in response.context["form"].errors
    assert not RecruitmentRound.objects.exists()


@pytest.mark.parametrize("persona", ["developer_client", "member_client"])
def test_only_managers_run_recruitment(request, persona):
    round = RoundFactory()
    client = request.getfixturevalue(persona)
    for path in [
        "/fi/staff/recruitment/",
        f"/fi/staff/recruitment/{round.pk}/applicants/",
        f"/fi/staff/recruitment/{round.pk}/applicants.csv",
    ]:
        assert client.get(path).status_code == 403


def test_applicants_are_listed_without_names_with_counts_per_value(manager_client, django_assert_max_num_queries):
    round = RoundFactory()
    ApplicationFactory.create_batch(3, round=round, municipality="Kotka", full_name="Salainen Nimi")
    ApplicationFactory.create_batch(2, round=round, municipality="Hamina", age_group="16-24")
    with django_assert_max_num_queries(15):
        page = manager_client.get(f"/fi/staff/recruitment/{round.pk}/applicants/")
    assert "Salainen Nimi" not in page.content.decode()
    counts = {value: count for value, _label, count in page.context["counts"]["municipality"]}
    assert counts["Kotka"] == 3 and counts["Hamina"] == 2
    filtered = manager_client.get(f"/fi/staff/recruitment/{round.pk}/applicants/?age_group=16-24")
    assert filtered.context["page"].paginator.count == 2


def test_the_csv_export_is_formula_safe_and_logged(manager_client, manager):
    """SECURITY.md #5 and #18: The applicants' CSV neutralises formulas, and each download is logged."""
    round = RoundFactory()
    ApplicationFactory(
        round=round, full_name='=HYPERLINK("http://evil")', motivation="+SUM(A1)", phone="-1", email="a@example.fi"
    )
    response = manager_client.get(f"/fi/staff/recruitment/{round.pk}/applicants.csv")
    text = b"".join(response.streaming_content if response.streaming else [response.content]).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0][:3] == ["id", "name", "email"]
    assert rows[1][1].startswith("'=") and rows[1][3].startswith("'-")
    assert "'+SUM(A1)" in rows[1]
    event = AuditEvent.objects.get(action="applicants_exported")
    assert event.actor == manager and event.detail["count"] == 1


def test_the_comparison_shows_applicant_and_population_shares(manager_client):
    round = RoundFactory()
    ApplicationFactory.create_batch(4, round=round, municipality="Kotka")
    page = manager_client.get(f"/fi/staff/recruitment/{round.pk}/comparison/")
    kotka = next(row for row in page.context["comparison"]["municipality"] if row["value"] == "Kotka")
    assert kotka["applicants"] == 4 and kotka["applicant_share"] == 1.0
    assert kotka["population_share"] == pytest.approx(50500 / 158658, abs=1e-4)
    assert "100,0\xa0%" in page.content.decode()


def test_an_unknown_round_is_404_and_logged(manager_client):
    assert manager_client.get("/fi/staff/recruitment/9999/applicants/").status_code == 404
    assert AuditEvent.objects.filter(action="access_denied").exists()


def test_retention_deletes_unselected_applicants_and_keeps_reserve_longer(settings):
    """SECURITY.md #27: On a frozen clock, unselected applicants go first and the reserve list later."""
    from datetime import timedelta

    from django.utils import timezone

    from recruitment.models import Application
    from recruitment.services import applicants_purge

    round = RoundFactory(opens_at=timezone.now() - timedelta(days=40), closes_at=timezone.now() - timedelta(days=30))
    ApplicationFactory(round=round, status="not_selected")
    ApplicationFactory(round=round, status="reserve", reserve_consent=True)
    ApplicationFactory(round=round, status="invited", email="member@example.fi")
    assert applicants_purge(timezone.now()) == {"deleted": 0, "identity_removed": 0}
    later = round.closes_at + timedelta(days=settings.APPLICANT_RETENTION_DAYS + 1)
    assert applicants_purge(later) == {"deleted": 1, "identity_removed": 1}
    assert Application.objects.count() == 2
    invited = Application.objects.get(status="invited")
    assert invited.email == "" and invited.full_name == "" and invited.municipality == "Kotka"
    much_later = round.closes_at + timedelta(days=settings.RESERVE_RETENTION_DAYS + 1)
    assert applicants_purge(much_later) == {"deleted": 1, "identity_removed": 0}
    assert AuditEvent.objects.filter(action="applicants_erased").count() == 2


def test_a_members_application_is_in_their_export_and_goes_with_erasure(member_client, member):
    import json
    from datetime import UTC, datetime

    from recruitment.models import Application

    told = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)
    ApplicationFactory(
        member=member, email=member.email, full_name="Anna Asukas", motivation="Haluan auttaa.", informed_at=told
    )
    data = json.loads(member_client.get("/fi/me/data.json").content)
    assert data["applications"][0]["motivation"] == "Haluan auttaa."
    assert data["applications"][0]["told_not_selected"] == told.isoformat()
    member_client.post("/fi/me/delete/", {"password": "correct horse battery staple"})
    application = Application.objects.get()
    assert (application.email, application.full_name, application.motivation, application.member) == ("", "", "", None)
    assert application.municipality == "Kotka"
