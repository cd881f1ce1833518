"""The report's background build, its progress, delivery to the team and the public summary."""

from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone, translation

from audit.models import AuditEvent
from conftest import make_staff
from notifications.models import Delivery, Kind
from reports import build
from reports.build import report_build_start, reports_due
from reports.figures import answer_segments
from reports.models import BuildStatus, Report, ReportStatus
from reports.services import ReportError, report_for, report_publish
from reports.tests.delivery import deliver_built
from reports.tests.test_report_figures import make_survey


@pytest.fixture(autouse=True)
def _english():
    """Pages under /en/ (reverse() follows the active language), so English text can be asserted."""
    with translation.override("en"):
        yield


def _close(period):
    period.starts_at = timezone.now() - timedelta(days=11)
    period.ends_at = timezone.now() - timedelta(hours=1)
    period.save()


def test_it_builds_the_figures_of_a_report_and_stores_them(filled):
    period, _task, single, *_ = filled
    report = report_for(period)
    assert report_build_start(report)  # the immediate backend of tests builds at once
    report.refresh_from_db()
    assert report.build_status == BuildStatus.DONE and report.build_progress == 100 and report.built_at
    rows = next(q for q in report.figures["questions"] if q["id"] == single.pk)["rows"]
    assert [(r["count"], r["pct"]) for r in rows] == [(4, 50.0), (4, 50.0)]


def test_it_does_not_start_a_second_build_while_one_runs(filled):
    report = report_for(filled[0])
    Report.objects.filter(pk=report.pk).update(build_status=BuildStatus.RUNNING, build_progress=40)
    assert not report_build_start(report)
    assert Report.objects.get(pk=report.pk).build_progress == 40


def test_it_starts_again_a_build_that_has_not_moved_for_15_minutes(filled):
    report = report_for(filled[0])
    Report.objects.filter(pk=report.pk).update(
        build_status=BuildStatus.RUNNING, updated_at=timezone.now() - timedelta(minutes=16)
    )
    assert report_build_start(report)
    assert Report.objects.get(pk=report.pk).build_status == BuildStatus.DONE


def test_it_marks_a_failed_build_and_keeps_the_last_figures(filled, monkeypatch):
    report = report_for(filled[0])
    Report.objects.filter(pk=report.pk).update(figures={"k": 5, "kept": True})

    def broken(period, *, on_progress=None):
        raise RuntimeError("disk full")

    monkeypatch.setattr(build, "figures_build", broken)
    report_build_start(report)
    report.refresh_from_db()
    assert report.build_status == BuildStatus.FAILED and report.figures == {"k": 5, "kept": True}


def test_it_never_rebuilds_a_delivered_report(filled, manager):
    report = deliver_built(report_for(filled[0]), manager)
    assert not report_build_start(report)


def test_the_scheduled_job_builds_closed_periods_only(filled, sote):
    period = filled[0]
    open_period = make_survey(sote)[0]
    assert reports_due(timezone.now()) == {"reports_built": 0}
    _close(period)
    assert reports_due(timezone.now()) == {"reports_built": 1}
    assert Report.objects.get(period=period).build_status == BuildStatus.DONE
    assert not Report.objects.filter(period=open_period).exists()
    assert reports_due(timezone.now()) == {"reports_built": 0}  # built once; staff ask for more


def test_the_status_url_reports_progress_as_json(manager_client, filled):
    report = report_for(filled[0])
    Report.objects.filter(pk=report.pk).update(
        build_status=BuildStatus.RUNNING, build_progress=42, build_message="Cross-tabulations"
    )
    state = manager_client.get(reverse("reports:build", args=[filled[0].pk])).json()
    assert state == {
        "status": "running",
        "progress": 42,
        "message": "Cross-tabulations",
        "built_at": None,
        "running": True,
        "failed": False,
    }


def test_the_page_shows_progress_and_the_last_figures_while_a_build_runs(manager_client, filled):
    period = filled[0]
    report = report_for(period)
    report_build_start(report)
    Report.objects.filter(pk=report.pk).update(build_status=BuildStatus.RUNNING, build_progress=30)
    html = manager_client.get(reverse("reports:detail", args=[period.pk]).replace("/fi/", "/en/")).content.decode()
    assert 'value="30"' in html and "being counted" in html
    assert "Participation" in html  # the last figures stay on the page


def test_the_rebuild_button_is_for_staff_who_may_edit(developer_client, outsider_client, member_client, filled):
    url = reverse("reports:build", args=[filled[0].pk])
    assert member_client.post(url).status_code == 403
    assert outsider_client.post(url).status_code == 404
    assert outsider_client.get(url).status_code == 404
    assert developer_client.post(url).status_code == 302
    assert Report.objects.get(period=filled[0]).build_status == BuildStatus.DONE


def test_delivery_emails_the_team_of_the_organisations_that_asked_once(
    manager, developer, outsider, filled, sote, django_capture_on_commit_callbacks
):
    inactive = make_staff("gone@example.fi", "developer", sote, name="Gone")
    inactive.is_active = False
    inactive.save()
    with django_capture_on_commit_callbacks(execute=True):
        report = deliver_built(report_for(filled[0]), manager)
    deliveries = Delivery.objects.filter(kind=Kind.REPORT_DELIVERED)
    assert list(deliveries.values_list("user_id", flat=True)) == [developer.pk]
    assert [m.to for m in mail.outbox] == [[developer.email]]
    message = mail.outbox[0]
    assert filled[0].title_fi in message.subject and message.body and message.alternatives
    assert f"/staff/reports/{filled[0].pk}/" in message.body
    assert report.status == ReportStatus.DELIVERED


def test_delivery_twice_is_refused_with_a_message(manager_client, manager, filled):
    deliver_built(report_for(filled[0]), manager)
    with pytest.raises(ReportError):
        deliver_built(report_for(filled[0]), manager)
    response = manager_client.post(reverse("reports:deliver", args=[filled[0].pk]), follow=True)
    assert response.status_code == 403  # the button is gone: nobody may deliver it again


def test_the_public_summary_is_published_after_delivery_only(manager, filled):
    report = report_for(filled[0])
    with pytest.raises(ReportError):
        report_publish(report=report, actor=manager, public_summary="Kiitos kaikille")
    deliver_built(report, manager)
    with pytest.raises(ReportError):
        report_publish(report=report, actor=manager, public_summary="   ")
    report = report_publish(report=report, actor=manager, public_summary=" Kiitos kaikille ")
    assert report.status == ReportStatus.PUBLISHED and report.public_summary == "Kiitos kaikille"
    assert AuditEvent.objects.filter(actor=manager, action=AuditEvent.Action.REPORT_PUBLISHED).count() == 1


def test_only_managers_publish(manager_client, developer_client, manager, filled):
    period = filled[0]
    deliver_built(report_for(period), manager)
    url = reverse("reports:publish", args=[period.pk])
    assert developer_client.post(url, {"public_summary": "x"}).status_code == 403
    response = manager_client.post(url, {"public_summary": ""}, follow=True)
    assert Report.objects.get(period=period).status == ReportStatus.DELIVERED
    assert "public summary" in response.content.decode().lower()
    manager_client.post(url, {"public_summary": "Vastaukset muuttivat palvelua."})
    assert Report.objects.get(period=period).public_summary == "Vastaukset muuttivat palvelua."


def test_members_cannot_choose_the_staff_notification(member_client):
    html = member_client.get(reverse("notifications:notification_settings")).content.decode()
    assert "report_delivered" not in html


def test_seed_demo_delivers_the_closed_periods_report_with_codes_findings_and_a_quote(demo):
    from periods.demo import CLOSED_TITLE

    report = Report.objects.get(period__title_fi=CLOSED_TITLE)
    # Delivered, and then published by the results demo with a public summary.
    assert report.status == ReportStatus.PUBLISHED and report.public_summary and report.findings.count() == 2
    assert report.snapshot["participation"]["finished"] == 20
    assert [q["text"] for q in report.snapshot["quotes"]] == ["Palovaroittimen testaus"]
    assert sum(code["count"] for code in report.snapshot["codes"]) == 6
    assert Delivery.objects.filter(kind=Kind.REPORT_DELIVERED, user__email="kehittaja.pelastus@example.fi").exists()
    # Open answers can be read by gender, the demo's one variable whose groups all hold k; labels are frozen.
    assert report.answer_filter_variable == "gender"
    assert answer_segments(report.period, "gender") == ["female", "male", "undisclosed"]
    # Every member of the period has the period's label since delivery (the report uses the same).
    invited = set(report.period.participants.values_list("member_id", flat=True))
    assert len(invited) >= 20 and set(report.period.respondents.values_list("member_id", flat=True)) >= invited
