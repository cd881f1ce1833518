"""Developer proposals, the manager's review, publishing to an audience, unpublishing."""

from datetime import datetime, timedelta

import pytest
import time_machine
from django.utils import timezone

from accounts.models import Member
from audit.models import AuditEvent
from conftest import make_member
from periods.models import HELSINKI, Approval, Participant, Period, Task
from periods.tests.factories import PeriodFactory, TaskFactory

pytestmark = pytest.mark.django_db


def draft(sote, **fields) -> Period:
    fields.setdefault("starts_at", timezone.now() + timedelta(days=3))
    fields.setdefault("ends_at", timezone.now() + timedelta(days=12))
    return PeriodFactory(organisations=[sote], published_at=None, **fields)


def test_a_returned_proposal_is_edited_and_resubmitted(developer_client, developer, manager_client, sote):
    period = draft(sote, approval=Approval.PROPOSED, created_by=developer)
    url = f"/fi/staff/periods/{period.pk}/review/"
    response = manager_client.post(url, {"decision": "return", "comment": ""})
    assert response.status_code == 302
    period.refresh_from_db()
    assert period.approval == Approval.PROPOSED
    manager_client.post(url, {"decision": "return", "comment": "Lisää teema."})
    period.refresh_from_db()
    assert period.approval == Approval.RETURNED and period.review_comment == "Lisää teema."
    page = developer_client.get(f"/fi/staff/periods/{period.pk}/edit/")
    assert "Lisää teema." in page.content.decode()
    developer_client.post(
        f"/fi/staff/periods/{period.pk}/edit/",
        {
            "title_fi": "Korjattu",
            "theme_fi": "Teema",
            "start_day": "2030-01-07",
            "audience": "all",
            "reminder_days": "2",
        },
    )
    period.refresh_from_db()
    assert period.approval == Approval.PROPOSED and period.title_fi == "Korjattu"
    manager_client.post(url, {"decision": "approve"})
    period.refresh_from_db()
    assert period.approval == Approval.APPROVED
    decisions = [e.detail["decision"] for e in AuditEvent.objects.filter(action="period_reviewed").order_by("id")]
    assert decisions == ["return", "approve"]
    assert developer_client.get(f"/fi/staff/periods/{period.pk}/edit/").status_code == 403


def test_the_manager_sees_what_waits_for_approval(manager_client, developer, sote):
    period = draft(sote, approval=Approval.PROPOSED, created_by=developer, title_fi="Ehdotus")
    TaskFactory(period=PeriodFactory(organisations=[sote]), approval=Approval.PROPOSED, title_fi="Tehtäväehdotus")
    page = manager_client.get("/fi/staff/periods/approvals/")
    assert [p.pk for p in page.context["periods"]] == [period.pk]
    assert "Tehtäväehdotus" in page.content.decode()
    response = manager_client.post(
        f"/fi/staff/periods/{period.pk}/review/", {"decision": "approve", "next": "approvals"}
    )
    assert response.url == "/fi/staff/periods/approvals/"


def test_a_developers_task_is_proposed_and_reviewed(developer_client, manager_client, sote):
    period = PeriodFactory(organisations=[sote])
    developer_client.post(f"/fi/staff/periods/{period.pk}/tasks/new/", {"kind": "survey", "title_fi": "Kysely"})
    task = Task.objects.get()
    assert task.approval == Approval.PROPOSED
    url = f"/fi/staff/periods/{period.pk}/tasks/{task.pk}/review/"
    assert developer_client.post(url, {"decision": "approve"}).status_code == 403
    manager_client.post(url, {"decision": "return", "comment": "Tarkenna."})
    task.refresh_from_db()
    assert task.approval == Approval.RETURNED
    developer_client.post(
        f"/fi/staff/periods/{period.pk}/tasks/{task.pk}/edit/", {"kind": "survey", "title_fi": "Kysely 2"}
    )
    task.refresh_from_db()
    assert task.approval == Approval.PROPOSED
    manager_client.post(url, {"decision": "approve"})
    task.refresh_from_db()
    assert task.approval == Approval.APPROVED


def test_only_a_manager_reviews_and_publishes(developer_client, developer, sote):
    period = draft(sote, approval=Approval.PROPOSED, created_by=developer)
    for action in ["review", "publish", "unpublish"]:
        assert (
            developer_client.post(f"/fi/staff/periods/{period.pk}/{action}/", {"decision": "approve"}).status_code
            == 403
        )
    period.refresh_from_db()
    assert period.approval == Approval.PROPOSED


def test_state_changes_refuse_get(manager_client, sote):
    period = draft(sote)
    for action in ["review", "publish", "unpublish"]:
        assert manager_client.get(f"/fi/staff/periods/{period.pk}/{action}/").status_code == 405


def test_publishing_invites_the_matching_active_members(manager_client, manager, sote):
    kotka = make_member("a@example.fi", "Aalto", age_group="35-44", municipality="Kotka")
    make_member("b@example.fi", "Birkka", age_group="35-44", municipality="Hamina")
    left = make_member("c@example.fi", "Cedri", age_group="35-44", municipality="Kotka")
    Member.objects.filter(user=left).update(left_at=timezone.now())
    inactive = make_member("d@example.fi", "Delta", age_group="35-44", municipality="Kotka")
    inactive.is_active = False
    inactive.save()
    period = draft(sote, audience="segment", segment={"municipality": ["Kotka"], "age_group": ["35-44", "45-54"]})
    TaskFactory(period=period)
    response = manager_client.post(f"/fi/staff/periods/{period.pk}/publish/")
    assert response.status_code == 302
    period.refresh_from_db()
    assert period.published_at is not None
    assert list(period.participants.values_list("member", flat=True)) == [kotka.pk]
    assert AuditEvent.objects.get(action="period_published").detail == {"added": 1}
    # Publishing again adds new matches and removes nobody.
    newcomer = make_member("e@example.fi", "Eetu", age_group="45-54", municipality="Kotka")
    Member.objects.filter(user=kotka).update(municipality="Hamina")
    manager_client.post(f"/fi/staff/periods/{period.pk}/publish/")
    assert set(period.participants.values_list("member", flat=True)) == {kotka.pk, newcomer.pk}


def test_publishing_needs_approval_and_an_approved_task(manager_client, member, sote):
    period = draft(sote, approval=Approval.PROPOSED)
    manager_client.post(f"/fi/staff/periods/{period.pk}/publish/")
    period.refresh_from_db()
    assert period.published_at is None
    Period.objects.filter(pk=period.pk).update(approval=Approval.APPROVED)
    TaskFactory(period=period, approval=Approval.PROPOSED)
    response = manager_client.post(f"/en/staff/periods/{period.pk}/publish/", follow=True)
    assert "Add at least one approved task before publishing." in response.content.decode()
    period.refresh_from_db()
    assert period.published_at is None and not Participant.objects.exists()


def test_a_closed_period_is_not_published(manager_client, sote):
    period = PeriodFactory(
        organisations=[sote],
        published_at=None,
        starts_at=timezone.now() - timedelta(days=20),
        ends_at=timezone.now() - timedelta(days=10),
    )
    TaskFactory(period=period)
    manager_client.post(f"/fi/staff/periods/{period.pk}/publish/")
    period.refresh_from_db()
    assert period.published_at is None


def test_unpublishing_works_only_before_the_period_opens(manager_client, member, sote):
    period = draft(
        sote,
        starts_at=datetime(2026, 9, 7, 9, 0, tzinfo=HELSINKI),
        ends_at=datetime(2026, 9, 16, 23, 59, tzinfo=HELSINKI),
    )
    TaskFactory(period=period)
    with time_machine.travel(datetime(2026, 9, 1, tzinfo=HELSINKI)):
        manager_client.post(f"/fi/staff/periods/{period.pk}/publish/")
        assert period.participants.count() == 1
        manager_client.post(f"/fi/staff/periods/{period.pk}/unpublish/")
        period.refresh_from_db()
        assert period.published_at is None and period.participants.count() == 0
        manager_client.post(f"/fi/staff/periods/{period.pk}/publish/")
    with time_machine.travel(datetime(2026, 9, 8, tzinfo=HELSINKI)):
        manager_client.post(f"/fi/staff/periods/{period.pk}/unpublish/")
        period.refresh_from_db()
        assert period.published_at is not None and period.participants.count() == 1
