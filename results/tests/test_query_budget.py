"""Query budgets: the pages cost the same number of queries with many objects as with few (no N+1)."""

import pytest
from django.urls import reverse

from conftest import make_member
from impact import services as impact_services
from impact.models import ActionStatus
from periods.tests.factories import TaskFactory
from reports.models import Finding, ReportStatus

from .conftest import answer, closed_period, report_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def many(manager, sote, rescue):
    """Six published periods with answers, each with two published actions with timelines and a target."""
    people = [make_member(f"q{i}@example.fi", f"Kysely {i}") for i in range(6)]
    first_action = None
    for n in range(6):
        period = closed_period([sote, rescue] if n % 2 else [sote], f"Jakso {n}", days_ago=30 + 100 * n)
        report = report_of(period, ReportStatus.PUBLISHED, f"Yhteenveto {n}")
        answer(TaskFactory(period=period), *people)
        finding = Finding.objects.create(report=report, title=f"Havainto {n}")
        for m in range(2):
            action = impact_services.action_create(
                actor=manager, title=f"Toimenpide {n}.{m}", organisation=sote, findings=[finding]
            )
            impact_services.action_status_change(action=action, actor=manager, status=ActionStatus.PLANNED, text="A")
            impact_services.action_status_change(action=action, actor=manager, status=ActionStatus.DONE, text="B")
            impact_services.action_publish(action=action, actor=manager, published=True)
            first_action = first_action or action
            impact_services.target_save(
                actor=manager, organisation=sote, title=f"Tavoite {n}.{m}", actions=[action, first_action]
            )
    return {"period": period, "action": first_action}


PAGES = {
    "index": (lambda many: reverse("results:index"), 11),
    "actions": (lambda many: reverse("results:action_list"), 4),
    "period": (lambda many: reverse("results:period_detail", args=[many["period"].pk]), 5),
    "action": (lambda many: reverse("results:action_detail", args=[many["action"].pk]), 7),
    "statistics": (lambda many: reverse("results:statistics"), 6),
    "feed": (lambda many: reverse("results:feed"), 3),
    "statistics_csv": (lambda many: reverse("results:statistics_csv"), 6),
    "actions_csv": (lambda many: reverse("results:actions_csv"), 3),
}


@pytest.mark.parametrize("page", PAGES)
def test_the_page_keeps_its_query_budget(client, many, page, django_assert_max_num_queries):
    url, budget = PAGES[page]
    with django_assert_max_num_queries(budget):
        response = client.get(url(many))
    assert response.status_code == 200
