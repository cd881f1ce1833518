"""Delivery freezes the build staff reviewed: nothing is counted again, and a changed build is refused.

The report page's delivery form carries the build it showed (Report.build_marker). If a newer build
has landed since, or the figures are being counted, failed or were never counted, delivery changes
nothing and says why.
"""

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import translation

from audit.models import AuditEvent
from notifications.models import Delivery, Kind
from reports.build import report_build_now
from reports.figures import report_figures
from reports.models import BuildStatus, Report, ReportStatus
from reports.services import ReportError, answer_code, code_create, report_deliver, report_for
from reports.tests.test_report_figures import answer, fill, make_survey, respondents

CHANGED = "The figures changed since you opened the page"
NOT_READY = "The figures are not ready"


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture
def built(filled):
    """The report of the filled survey, built once, as the page shows it to staff."""
    report = report_for(filled[0])
    report_build_now(report)
    return report


def _nothing_delivered(report: Report) -> None:
    stored = Report.objects.get(pk=report.pk)
    assert stored.status == ReportStatus.DRAFT and stored.snapshot == {} and stored.delivered_at is None
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.REPORT_DELIVERED).exists()
    assert not Delivery.objects.filter(kind=Kind.REPORT_DELIVERED).exists()


def test_the_snapshot_is_the_reviewed_build_not_a_recount(built, filled, manager, developer):
    period, task, single, _multiple, text = filled
    reviewed = Report.objects.get(pk=built.pk).figures
    # After staff looked at the page: an answer is coded and a late answer lands.
    code = code_create(period=period, name="Jonot")
    answer_code(answer=text.answers.first(), code=code, actor=manager)
    for user in respondents(period, 5, age_group="35-44", municipality="Kotka"):
        answer(task, user, {single: "a"})
    report = report_deliver(report=built, actor=manager, built_at=built.build_marker)
    snapshot = Report.objects.get(pk=report.pk).snapshot
    assert {key: snapshot[key] for key in reviewed} == reviewed
    assert set(snapshot) == {*reviewed, "themes", "quotes"}
    recount = report_figures(period)
    assert recount["questions"] != snapshot["questions"] and recount["codes"] != snapshot["codes"]


def test_a_newer_build_than_the_one_shown_is_refused(built, manager):
    shown = built.build_marker
    report_build_now(built)  # someone counted the figures again meanwhile
    assert built.build_marker != shown
    with pytest.raises(ReportError, match=CHANGED):
        report_deliver(report=built, actor=manager, built_at=shown)
    _nothing_delivered(built)


def test_a_report_never_built_is_refused(filled, manager):
    report = report_for(filled[0])
    with pytest.raises(ReportError, match=NOT_READY):
        report_deliver(report=report, actor=manager, built_at="")
    _nothing_delivered(report)


@pytest.mark.parametrize("status", [BuildStatus.QUEUED, BuildStatus.RUNNING, BuildStatus.FAILED])
def test_a_build_under_way_or_failed_is_refused_even_with_the_shown_marker(built, manager, status):
    Report.objects.filter(pk=built.pk).update(build_status=status)
    with pytest.raises(ReportError, match=NOT_READY):
        report_deliver(report=built, actor=manager, built_at=built.build_marker)
    _nothing_delivered(built)


@pytest.mark.parametrize(
    "forged",
    ["", "2020-01-01T00:00:00+00:00", "yesterday", "' OR 1=1 --", "9" * 500, "<script>x</script>"],
)
def test_a_forged_marker_is_refused_with_a_message(built, manager_client, forged):
    url = reverse("reports:deliver", args=[built.period_id])
    response = manager_client.post(url, {"built_at": forged}, follow=True)
    assert response.status_code == 200
    assert any(CHANGED in str(message) for message in response.context["messages"])
    _nothing_delivered(built)


def test_the_page_shows_when_the_figures_were_built_and_posts_that_build(built, manager_client, manager):
    url = reverse("reports:detail", args=[built.period_id])
    page = manager_client.get(url)
    html = page.content.decode()
    built.refresh_from_db()
    assert f'name="built_at" value="{built.build_marker}"' in html
    assert "Figures counted" in html and "Delivering freezes the figures on this page, counted" in html
    response = manager_client.post(reverse("reports:deliver", args=[built.period_id]), {"built_at": built.build_marker})
    assert response.status_code == 302
    assert Report.objects.get(pk=built.pk).status == ReportStatus.DELIVERED


def test_a_second_delivery_of_the_same_build_is_refused_and_notifies_no_one_again(
    built, manager, developer, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        report_deliver(report=built, actor=manager, built_at=built.build_marker)
        with pytest.raises(ReportError, match="already been delivered"):
            report_deliver(report=built, actor=manager, built_at=built.build_marker)
    assert Delivery.objects.filter(kind=Kind.REPORT_DELIVERED).count() == 1
    assert AuditEvent.objects.filter(action=AuditEvent.Action.REPORT_DELIVERED).count() == 1


@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_deliveries_deliver_once(flushable_audit_log, sote, manager, developer):
    """The row lock decides: both requests carry the shown build and run at the same moment."""
    if connection.vendor != "postgresql":
        # The in-memory SQLite test database locks whole tables between threads ("database table is
        # locked"); the sequential second delivery above checks the same rule there.
        pytest.skip("simultaneous writers need PostgreSQL (the PostgreSQL pass runs this)")
    period = fill(make_survey(sote))[0]
    report = report_for(period)
    report_build_now(report)
    start = threading.Barrier(2)

    def deliver(_attempt: int) -> str:
        start.wait()
        try:
            report_deliver(report=report_for(period), actor=manager, built_at=report.build_marker)
            return "delivered"
        except ReportError:
            return "refused"
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=2) as pool:
        outcomes = list(pool.map(deliver, range(2)))
    assert sorted(outcomes) == ["delivered", "refused"]
    assert Report.objects.get(pk=report.pk).status == ReportStatus.DELIVERED
    assert AuditEvent.objects.filter(action=AuditEvent.Action.REPORT_DELIVERED).count() == 1
    assert Delivery.objects.filter(kind=Kind.REPORT_DELIVERED).count() == 1
