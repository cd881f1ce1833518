"""Shared impact fixtures: a sote period with a delivered report whose task `member` answered.

- member submitted an answer to the sote task; other_member only left a draft (did not answer)
- rescue_finding belongs to a delivered report of the rescue organisation (the outsider's)
"""

import pytest
from django.utils import timezone

from impact import services
from impact.models import DevelopmentTarget
from periods.models import Response
from periods.tests.factories import PeriodFactory, TaskFactory
from reports.models import Finding, Report, ReportStatus


def delivered_finding(organisation, title="Havainto") -> Finding:
    period = PeriodFactory(organisations=[organisation])
    report = Report.objects.create(period=period, status=ReportStatus.DELIVERED, delivered_at=timezone.now())
    return Finding.objects.create(report=report, title=title)


@pytest.fixture
def finding(sote) -> Finding:
    return delivered_finding(sote, "Palautteen antaminen on vaikeaa")


@pytest.fixture
def task(finding):
    return TaskFactory(period=finding.report.period)


@pytest.fixture
def answered(task, member, other_member):
    """member submitted; other_member only started a draft."""
    Response.objects.create(task=task, member=member, submitted_at=timezone.now())
    Response.objects.create(task=task, member=other_member, draft={"q": "kesken"})
    return task


@pytest.fixture
def rescue_finding(rescue) -> Finding:
    return delivered_finding(rescue, "Luvat ovat vaikeita löytää")


@pytest.fixture
def action(developer, sote, finding):
    return services.action_create(actor=developer, title="Uusi palautelomake", organisation=sote, findings=[finding])


@pytest.fixture
def rescue_action(outsider, rescue, rescue_finding):
    return services.action_create(actor=outsider, title="Oma lupasivu", organisation=rescue, findings=[rescue_finding])


@pytest.fixture
def target(developer, sote, action) -> DevelopmentTarget:
    return services.target_save(
        actor=developer, organisation=sote, title="Tyytyväisyys palautepalveluun", unit="%", actions=[action]
    )


@pytest.fixture
def rescue_target(outsider, rescue) -> DevelopmentTarget:
    return services.target_save(actor=outsider, organisation=rescue, title="Lupien löytyminen")
