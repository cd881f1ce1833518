"""Fixtures of the public results site: one published report and action, and their unpublished twins.

- published_report: a closed sote period whose report's public summary is published
- delivered_report: a closed sote period whose report was delivered but never published
- draft_report: a closed rescue period whose report is still a draft
- public_action: a published action on the published report's finding, with a timeline and a target
- hidden_action: an unpublished action on the same finding
"""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from impact import services as impact_services
from impact.models import ActionStatus
from periods.models import Response
from periods.tests.factories import PeriodFactory
from reports.models import Finding, Report, ReportStatus

SECRET = "Salainen luonnos"


def closed_period(organisations, title: str, days_ago: int = 30, **kwargs):
    now = timezone.now()
    return PeriodFactory(
        organisations=organisations,
        title_fi=title,
        title_en=title,
        starts_at=now - timedelta(days=days_ago + 10),
        ends_at=now - timedelta(days=days_ago),
        published_at=now - timedelta(days=days_ago + 11),
        **kwargs,
    )


def report_of(period, status: str, public_summary: str = "") -> Report:
    now = timezone.now()
    return Report.objects.create(
        period=period,
        status=status,
        delivered_at=now if status != ReportStatus.DRAFT else None,
        published_at=now if status == ReportStatus.PUBLISHED else None,
        public_summary=public_summary,
    )


def answer(task, *members) -> None:
    Response.objects.bulk_create([Response(task=task, member=m, submitted_at=timezone.now()) for m in members])


@pytest.fixture
def published_report(sote) -> Report:
    period = closed_period([sote], "Julkaistu jakso")
    return report_of(period, ReportStatus.PUBLISHED, "Vastaukset **muuttivat** palautepalvelua.")


@pytest.fixture
def delivered_report(sote) -> Report:
    period = closed_period([sote], f"{SECRET}: toimitettu jakso")
    return report_of(period, ReportStatus.DELIVERED, "")


@pytest.fixture
def draft_report(rescue) -> Report:
    period = closed_period([rescue], f"{SECRET}: keskeneräinen jakso")
    return report_of(period, ReportStatus.DRAFT, f"{SECRET} yhteenveto")


@pytest.fixture
def published_finding(published_report) -> Finding:
    return Finding.objects.create(report=published_report, title="Palautteen antaminen on vaikeaa")


@pytest.fixture
def delivered_finding(delivered_report) -> Finding:
    return Finding.objects.create(report=delivered_report, title=f"{SECRET}: toimitetun havainto")


@pytest.fixture
def public_action(manager, sote, published_finding):
    action = impact_services.action_create(
        actor=manager,
        title="Uusi palautelomake",
        organisation=sote,
        team="Asiakaskokemus",
        findings=[published_finding],
    )
    impact_services.action_status_change(
        action=action, actor=manager, status=ActionStatus.PLANNED, text="Lomake suunnitellaan."
    )
    impact_services.action_publish(action=action, actor=manager, published=True)
    return action


@pytest.fixture
def hidden_action(manager, sote, delivered_finding):
    action = impact_services.action_create(
        actor=manager, title=f"{SECRET}: julkaisematon toimenpide", organisation=sote, findings=[delivered_finding]
    )
    impact_services.action_status_change(
        action=action, actor=manager, status=ActionStatus.IN_PROGRESS, text=f"{SECRET}: päivitys"
    )
    return action


@pytest.fixture
def public_target(manager, sote, public_action, hidden_action):
    """Linked to the public action, so public; also to the hidden one, which must stay hidden."""
    target = impact_services.target_save(
        actor=manager,
        organisation=sote,
        title="Tyytyväisyys palautepalveluun",
        unit="%",
        actions=[public_action, hidden_action],
    )
    impact_services.measurement_add(target=target, actor=manager, date=date(2024, 3, 1), value=Decimal("58"))
    impact_services.measurement_add(target=target, actor=manager, date=date(2024, 6, 1), value=Decimal("67"))
    return target


@pytest.fixture
def hidden_target(manager, sote, hidden_action):
    return impact_services.target_save(
        actor=manager, organisation=sote, title=f"{SECRET}: tavoite", actions=[hidden_action]
    )


@pytest.fixture
def everything(
    published_report, delivered_report, draft_report, public_action, hidden_action, public_target, hidden_target
):
    """Published and unpublished objects side by side."""
    return {
        "published": published_report,
        "delivered": delivered_report,
        "draft": draft_report,
        "public_action": public_action,
        "hidden_action": hidden_action,
    }
