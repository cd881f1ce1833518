"""The staff home's to-do item from reports: closed periods whose report is still to code or deliver."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from periods.tests.factories import PeriodFactory
from reports.models import Report, ReportStatus
from reports.todos import reports_waiting

pytestmark = pytest.mark.django_db


def closed(organisation, **fields):
    now = timezone.now()
    return PeriodFactory(
        organisations=[organisation], starts_at=now - timedelta(days=12), ends_at=now - timedelta(days=2), **fields
    )


@pytest.fixture
def periods(sote, rescue):
    closed(sote)  # nobody has opened its report yet
    Report.objects.create(period=closed(sote))
    Report.objects.create(period=closed(sote), status=ReportStatus.DELIVERED)
    Report.objects.create(period=closed(rescue))
    PeriodFactory(organisations=[sote])  # still open


def test_a_manager_counts_every_closed_period_without_a_delivered_report(manager, periods):
    with translation.override("fi"):
        [item] = reports_waiting(manager)
    assert (item.label, item.count) == ("3 päättyneen aktiivijakson raporttia odottaa koodausta tai luovutusta", 3)
    assert item.url == reverse("reports:list")


def test_a_developer_counts_only_their_own_organisations_reports(developer, outsider, periods):
    assert reports_waiting(developer)[0].count == 2
    with translation.override("fi"):
        assert reports_waiting(outsider)[0].label == (
            "1 päättyneen aktiivijakson raportti odottaa koodausta tai luovutusta"
        )


def test_a_member_gets_nothing(member, periods):
    assert reports_waiting(member) == []
