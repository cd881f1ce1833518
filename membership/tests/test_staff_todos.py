"""The staff home's to-do item from membership: members whose term ends within the reminder window."""

from datetime import datetime, timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone, translation

from accounts.models import Member
from conftest import make_member
from membership.todos import terms_ending

from .conftest import TODAY, term_of

pytestmark = pytest.mark.django_db

NOW = datetime(TODAY.year, TODAY.month, TODAY.day, 12, 0).astimezone()


@pytest.fixture(autouse=True)
def _finnish_today():
    with translation.override("fi"), time_machine.travel(NOW, tick=False):
        yield


def test_it_counts_active_members_whose_term_ends_within_30_days_unrenewed(manager, member, other_member):
    term_of(member, TODAY + timedelta(days=10))
    term_of(other_member, TODAY + timedelta(days=30))
    renewed = term_of(make_member("renewed@example.fi", "Koivu"), TODAY + timedelta(days=5))
    renewed.renewed_at = timezone.now()
    renewed.save()
    term_of(make_member("later@example.fi", "Mänty"), TODAY + timedelta(days=31))
    left = make_member("left@example.fi", "Haapa")
    term_of(left, TODAY + timedelta(days=3))
    Member.objects.filter(user=left).update(left_at=timezone.now())

    [item] = terms_ending(manager)
    assert (item.label, item.count) == ("2 jäsenen jäsenkausi päättyy 30 päivän sisällä", 2)
    assert item.url == reverse("membership:staff_overview")


def test_developers_get_nothing(developer, member):
    term_of(member, TODAY + timedelta(days=10))
    assert terms_ending(developer) == []
