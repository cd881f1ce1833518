"""The report page's "next step" box: closed → counted → coded → delivered → published → actions."""

from datetime import timedelta

import pytest
from django.utils import timezone

from core.tests.next_step import next_step_box
from reports.models import AnswerCoding, Code, Report, ReportStatus

pytestmark = pytest.mark.django_db


@pytest.fixture
def closed(filled):
    period = filled[0]
    period.starts_at, period.ends_at = timezone.now() - timedelta(days=10), timezone.now() - timedelta(hours=1)
    period.save()
    return period


def _page(client, period):
    return client.get(f"/fi/staff/reports/{period.pk}/")


def _code_all(period):
    code = Code.objects.create(period=period, name="Jonot")
    answers = period.tasks.get().questions.get(kind="text").answers.all()
    AnswerCoding.objects.bulk_create([AnswerCoding(answer=a, code=code) for a in answers])


def _deliver(period, **fields):
    report = Report.objects.get(period=period)
    Report.objects.filter(pk=report.pk).update(
        **{"status": ReportStatus.DELIVERED, "delivered_at": timezone.now(), "snapshot": report.figures, **fields}
    )
    return report


def test_an_open_period_s_box_says_when_it_closes(manager_client, filled):
    page = _page(manager_client, filled[0])
    assert page.context["next_step"].stage == "open"
    assert "Seuraava vaihe" in next_step_box(page) and "href" not in next_step_box(page)


def test_a_closed_period_asks_for_codes_of_its_open_answers(manager_client, closed):
    page = _page(manager_client, closed)
    assert page.context["next_step"].stage == "code"
    assert f'href="/fi/staff/reports/{closed.pk}/answers/"' in next_step_box(page)
    assert "Koodaa avoimet vastaukset" in next_step_box(page)


def test_coded_answers_lead_a_manager_to_delivery(manager_client, closed):
    _page(manager_client, closed)  # counts the figures
    _code_all(closed)
    page = _page(manager_client, closed)
    assert page.context["next_step"].stage == "deliver"
    assert 'href="#deliver"' in next_step_box(page) and 'id="deliver"' in page.content.decode()


def test_a_developer_is_not_offered_delivery_or_publishing(developer_client, closed):
    _page(developer_client, closed)
    _code_all(closed)
    box = next_step_box(_page(developer_client, closed))
    assert 'href="#findings"' in box and "#deliver" not in box
    _deliver(closed)
    page = _page(developer_client, closed)
    assert page.context["next_step"].stage == "publish"
    assert "href" not in next_step_box(page)


def test_a_delivered_report_asks_a_manager_to_publish(manager_client, closed):
    _page(manager_client, closed)
    _deliver(closed)
    page = _page(manager_client, closed)
    assert page.context["next_step"].stage == "publish"
    assert 'href="#publish"' in next_step_box(page) and "Julkaise" in next_step_box(page)


def test_a_published_report_asks_for_actions_until_every_finding_has_one(manager_client, closed, sote):
    _page(manager_client, closed)
    report = _deliver(closed, status=ReportStatus.PUBLISHED, published_at=timezone.now())
    finding = report.findings.create(title="Jonot ovat pitkiä")
    page = _page(manager_client, closed)
    assert page.context["next_step"].stage == "actions"
    assert 'href="/fi/staff/impact/new/"' in next_step_box(page)
    # The action is made through the reverse relation: reports does not import impact, even in tests.
    finding.actions.create(title="Lisää vastaanottoaikoja", organisation=sote)
    page = _page(manager_client, closed)
    assert page.context["next_step"].stage == "done"
    assert 'href="/fi/staff/impact/"' in next_step_box(page)


def test_the_box_costs_at_most_one_query_more_than_the_page_s_nine(
    manager_client, closed, django_assert_max_num_queries
):
    _page(manager_client, closed)
    with django_assert_max_num_queries(10):
        _page(manager_client, closed)
