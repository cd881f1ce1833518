"""Membership fixtures: a member whose term is set by the test, and what a finished task looks like.

- `term_of(user, ends_on)` gives the member a term ending on that day (a full term before it)
- `answered_period` is a period in which `member` finished one task; other_member only drafted
"""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from membership.models import MembershipTerm
from membership.services import add_months, term_months
from periods.models import Response
from periods.tests.factories import PeriodFactory, TaskFactory

TODAY = date(2026, 6, 15)


def term_of(user, ends_on: date) -> MembershipTerm:
    starts_on = add_months(ends_on + timedelta(days=1), -term_months())
    return MembershipTerm.objects.create(member=user, starts_on=starts_on, ends_on=ends_on)


@pytest.fixture
def answered_period(member, other_member):
    period = PeriodFactory(members=[member, other_member], title_fi="Palautepalvelu", title_en="Feedback service")
    task = TaskFactory(period=period)
    Response.objects.create(task=task, member=member, submitted_at=timezone.now())
    Response.objects.create(task=TaskFactory(period=period), member=member, submitted_at=timezone.now())
    Response.objects.create(task=task, member=other_member, draft={"q": "kesken"})
    return period
