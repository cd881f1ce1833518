"""Issue 5's journey: a period closes → staff open its report, code answers, write findings and deliver
it → a developer of the organisation reads it and downloads PDF and XLSX; one of another gets 404."""

import io
from datetime import timedelta

import pytest
from django.utils import timezone
from openpyxl import load_workbook
from playwright.sync_api import Page, expect
from pypdf import PdfReader

from e2e.helpers import assert_no_axe_violations, log_in_staff
from periods.models import QuestionKind
from periods.tests.factories import PeriodFactory, QuestionFactory, TaskFactory, options
from reports.build import reports_due
from reports.models import AnswerCoding, Quote, Report, ReportStatus
from reports.tests.test_report_figures import answer, respondents

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

FINDING = "Waiting times worry the respondents"
TEXTS = [
    "Jonotus puhelimessa kestää liian kauan.",
    "Odotin vastausta puhelimessa puoli tuntia.",
    "Ajanvaraus netissä oli helppo ja nopea.",
    "Verkkosivujen ajanvaraus toimi hyvin.",
    "Henkilökunta oli ystävällistä ja kuunteli.",
]


@pytest.fixture
def closed_period(sote):
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
    text = QuestionFactory(task=task, kind=QuestionKind.TEXT, text_en="What happened?")
    for number, user in enumerate(respondents(period, 10, age_group="35-44", municipality="Kotka")):
        answer(task, user, {single: "a" if number < 7 else "b", text: TEXTS[number % len(TEXTS)]})
    reports_due(timezone.now())  # the scheduled job counts the closed period's report
    return period


def download(page: Page, link_name: str) -> bytes:
    with page.expect_download() as info:
        page.get_by_role("link", name=link_name).click()
    with open(info.value.path(), "rb") as handle:
        return handle.read()


def test_a_report_from_closing_to_the_teams_downloads(new_context, manager, developer, outsider, closed_period):
    period = closed_period
    assert Report.objects.get(period=period).figures  # built when the period closed

    staff = new_context(locale="en-GB").new_page()
    log_in_staff(staff, manager)
    staff.get_by_role("link", name="Reports").first.click()
    assert_no_axe_violations(staff)
    staff.get_by_role("link", name="Appointments").click()
    expect(staff.get_by_role("heading", level=1)).to_contain_text("Appointments")
    expect(staff.locator("main")).to_contain_text("70.0")  # 7 of 10 found it easy
    assert_no_axe_violations(staff)

    # Open answers: a codebook, and two answers coded by hand.
    staff.get_by_role("link", name="Open answers and coding").click()
    assert_no_axe_violations(staff)
    staff.get_by_label("New code").fill("Waiting")
    staff.get_by_role("button", name="Add the code").first.click()
    expect(staff.get_by_role("status").first).to_contain_text("codebook")
    for number in range(2):
        staff.locator("main article.answer").nth(number).get_by_role("button", name="Add the code").click()
        expect(staff.get_by_role("status").first).to_contain_text("coded")
    assert AnswerCoding.objects.filter(code__name="Waiting").count() == 2
    assert_no_axe_violations(staff)

    # The one background variable the answers may be filtered by; all ten are 35–44, so no segment is offered.
    staff.get_by_label("Background variable for open answers").select_option("age_group")
    staff.get_by_role("button", name="Save the variable").click()
    expect(staff.get_by_role("status").first).to_contain_text("was saved")
    assert Report.objects.get(period=period).answer_filter_variable == "age_group"
    expect(staff.get_by_label("Segment by age group").locator("option")).to_have_count(1)
    assert_no_axe_violations(staff)

    # A quote for the report, checked by a person (its flags would stop the delivery otherwise).
    staff.locator("main article.answer").first.get_by_role("button", name="Quote in the report").click()
    expect(staff.get_by_role("heading", level=1)).to_be_visible()
    assert_no_axe_violations(staff)
    staff.get_by_label("Checked").check()
    staff.get_by_role("button", name="Save", exact=True).click()
    assert Quote.objects.get(report__period=period).reviewed

    staff.goto(f"/en/staff/reports/{period.pk}/themes/")
    assert_no_axe_violations(staff)

    # The report: a finding, the summary, delivery.
    staff.goto(f"/en/staff/reports/{period.pk}/")
    expect(staff.get_by_role("region", name="Next step")).to_be_visible()
    staff.get_by_label("Summary").fill("Most found booking easy; phone queues were long.")
    staff.get_by_role("button", name="Save").click()
    staff.get_by_label("Finding").fill(FINDING)
    staff.get_by_role("button", name="Add the finding").click()
    expect(staff.locator("#findings")).to_be_visible()
    assert_no_axe_violations(staff)
    staff.get_by_role("button", name="Deliver the report").click()
    expect(staff.get_by_role("status").first).to_contain_text("delivered")
    assert Report.objects.get(period=period).status == ReportStatus.DELIVERED
    assert_no_axe_violations(staff)

    # The development team reads it and downloads the files.
    team = new_context(locale="en-GB", accept_downloads=True).new_page()
    log_in_staff(team, developer)
    team.goto(f"/en/staff/reports/{period.pk}/")
    expect(team.locator("main")).to_contain_text(FINDING)
    # The team is told who publishes, and offered no step of the community manager's.
    next_step = team.get_by_role("region", name="Next step")
    expect(next_step).to_contain_text("The community manager publishes")
    expect(next_step.get_by_role("link")).to_have_count(0)
    expect(team.locator("main blockquote").first).to_be_visible()
    assert_no_axe_violations(team)
    pdf_text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(download(team, "Download PDF"))).pages)
    assert FINDING in pdf_text and "70.0" in pdf_text.replace(",", ".")
    workbook = load_workbook(io.BytesIO(download(team, "Download XLSX")))
    assert len(workbook.sheetnames) >= 3
    values = [cell for sheet in workbook for row in sheet.iter_rows(values_only=True) for cell in row]
    assert 7 in values and "Easy" in values
    assert not any(isinstance(v, str) and "@example" in v for v in values)

    # Another organisation's developer gets a 404.
    other = new_context(locale="en-GB").new_page()
    log_in_staff(other, outsider)
    response = other.goto(f"/en/staff/reports/{period.pk}/")
    assert response.status == 404
