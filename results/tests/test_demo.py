"""The demo seeder: the delivered rescue report is published with a summary and an action is public, once."""

from django.urls import reverse

from impact.models import Action
from periods.demo import CLOSED_TITLE
from reports.models import Report, ReportStatus
from results.demo import seed


def test_the_demo_publishes_a_report_and_an_action_idempotently(demo, client):
    report = Report.objects.get(period__title_fi=CLOSED_TITLE)
    assert report.status == ReportStatus.PUBLISHED and report.public_summary and report.published_at
    assert Action.objects.filter(published=True, findings__report=report).exists()
    state = (report.published_at, report.public_summary, set(Action.objects.filter(published=True).values_list("pk")))
    seed()
    report.refresh_from_db()
    after = (report.published_at, report.public_summary, set(Action.objects.filter(published=True).values_list("pk")))
    assert after == state
    assert client.get(reverse("results:period_detail", args=[report.period_id])).status_code == 200


def test_the_seeder_does_nothing_without_the_demo(db):
    seed()
    assert not Report.objects.exists()
