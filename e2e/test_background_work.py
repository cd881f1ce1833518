"""Issue 11: a report build whose job failed says so on the staff home and on its page; the manager retries it."""

from datetime import timedelta

import pytest
from django.db import OperationalError
from django.utils import timezone
from django_tasks_db.models import DBTaskResult
from playwright.sync_api import expect

from e2e.helpers import assert_no_axe_violations, assert_no_axe_violations_on_phone, log_in_staff
from periods.models import QuestionKind
from periods.tests.factories import PeriodFactory, QuestionFactory, TaskFactory, options
from reports import build
from reports.models import BuildStatus, Report
from reports.services import report_for
from reports.tests.test_report_figures import answer, respondents

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def failed_build(sote, run_worker, monkeypatch):
    """A closed period whose report build raised in the worker before it could record anything."""
    period = PeriodFactory(
        organisations=[sote],
        title_en="Appointments",
        starts_at=timezone.now() - timedelta(days=11),
        ends_at=timezone.now() - timedelta(hours=2),
    )
    task = TaskFactory(period=period, title_en="Your experience")
    single = QuestionFactory(
        task=task, kind=QuestionKind.SINGLE, text_en="Was it easy?", choices=options("Easy", "Hard")
    )
    for number, user in enumerate(respondents(period, 6, age_group="35-44", municipality="Kotka")):
        answer(task, user, {single: "a" if number < 4 else "b"})
    report = report_for(period)
    build.report_build_start(report)

    def locked(report_id, percent, message):
        raise OperationalError("database is locked")

    with monkeypatch.context() as patch:
        patch.setattr(build, "_progress", locked)
        run_worker()
    return report


def test_the_manager_sees_a_failed_build_and_retries_it(new_context, manager, failed_build, run_worker):
    staff = new_context(locale="en-GB").new_page()
    log_in_staff(staff, manager)  # checks the staff home, warning included, with axe
    expect(staff.get_by_role("alert")).to_contain_text("counting a report's figures: once")
    assert_no_axe_violations_on_phone(staff)  # the warning fits a 320 px screen; the rest runs there too

    staff.get_by_role("link", name="Reports").first.click()
    staff.get_by_role("link", name="Appointments").click()
    alert = staff.locator("[data-build-failed]")
    expect(alert).to_contain_text("Counting the figures failed")
    expect(staff.get_by_text("The figures are being counted")).to_have_count(0)
    assert_no_axe_violations_on_phone(staff)

    # By keyboard: the retry button takes focus and Enter sends it.
    alert.get_by_role("button", name="Try again").focus()
    staff.keyboard.press("Enter")
    expect(staff.get_by_role("status").first).to_contain_text("counted again")
    expect(staff.locator("[data-build-status]")).to_contain_text("being counted")
    assert_no_axe_violations(staff)
    jobs = DBTaskResult.objects.filter(task_path=build.report_build.module_path)
    assert sorted(jobs.values_list("status", flat=True)) == ["FAILED", "READY"]

    run_worker()
    assert Report.objects.get(pk=failed_build.pk).build_status == BuildStatus.DONE
    staff.reload()
    expect(staff.locator("main")).to_contain_text("Figures counted")
    expect(staff.locator("main")).to_contain_text("66.7")  # 4 of 6 found it easy
    assert_no_axe_violations(staff)
