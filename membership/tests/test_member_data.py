"""Membership in the member's data export and erasure, and the demo data."""

from datetime import date

import pytest
from django.utils import timezone

from accounts.services import member_data_export
from membership import demo
from membership.member_data import erase
from membership.models import ExitFeedback, MembershipTerm, OnboardingState
from membership.services import onboarding_mark

pytestmark = pytest.mark.django_db


def test_the_export_has_the_terms_and_onboarding(member, other_member):
    MembershipTerm.objects.create(member=member, starts_on=date(2026, 1, 1), ends_on=date(2027, 12, 31))
    MembershipTerm.objects.create(member=other_member, starts_on=date(2025, 1, 1), ends_on=date(2026, 12, 31))
    onboarding_mark(user=member, dismissed=True)
    section = member_data_export(user=member)["membership"]
    assert section["terms"] == [
        {"starts_on": "2026-01-01", "ends_on": "2027-12-31", "renewed": None, "reminder_sent": None}
    ]
    assert section["onboarding"]["checklist_hidden"] is not None


def test_erasure_deletes_only_the_members_own_rows(member, other_member):
    MembershipTerm.objects.create(member=member, starts_on=date(2026, 1, 1), ends_on=date(2027, 12, 31))
    MembershipTerm.objects.create(member=other_member, starts_on=date(2025, 1, 1), ends_on=date(2026, 12, 31))
    onboarding_mark(user=member, dismissed=True)
    ExitFeedback.objects.create(reason="moved", created_on=date(2026, 1, 1))
    erase(member, contributions=False)
    assert not MembershipTerm.objects.filter(member=member).exists()
    assert not OnboardingState.objects.filter(member=member).exists()
    assert MembershipTerm.objects.filter(member=other_member).exists()
    assert ExitFeedback.objects.count() == 1


def test_the_demo_is_idempotent(member):
    from accounts.models import User
    from conftest import make_member

    make_member("jasen01@example.fi", "Demo Yksi")
    make_member("jasen02@example.fi", "Demo Kaksi")
    demo.seed()
    counts = (MembershipTerm.objects.count(), ExitFeedback.objects.count())
    demo.seed()
    assert (MembershipTerm.objects.count(), ExitFeedback.objects.count()) == counts
    assert counts == (3, len(demo.FEEDBACK))
    soon = MembershipTerm.objects.filter(member__in=User.objects.filter(email__startswith="jasen0"))
    assert all((term.ends_on - timezone.localdate()).days <= 60 for term in soon)
