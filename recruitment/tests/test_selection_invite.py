"""Inviting the drawn panel: one short step per applicant, so a second press repeats nobody."""

from collections import Counter

import pytest
from django.core import mail
from django.db import connection, transaction

from audit.models import AuditEvent
from recruitment import selection_service
from recruitment.models import Application, ApplicationStatus, SelectionRun
from recruitment.selection_service import selection_invite
from recruitment.tests.factories import ApplicationFactory, RoundFactory

SELECTED = ["valittu1@example.fi", "valittu2@example.fi", "valittu3@example.fi"]
RESERVE = ["varalla1@example.fi", "varalla2@example.fi"]


@pytest.fixture
def drawn_run(db, manager) -> SelectionRun:
    """A drawn panel of three, two reserve applicants with an address and one imported without."""
    round = RoundFactory(target_size=3)
    selected = [ApplicationFactory(round=round, email=email, status=ApplicationStatus.SELECTED) for email in SELECTED]
    reserve = [
        ApplicationFactory(round=round, email=email, status=ApplicationStatus.RESERVE, reserve_rank=rank)
        for rank, email in enumerate([*RESERVE, ""], start=1)
    ]
    ids = [a.pk for a in selected + reserve]
    return SelectionRun.objects.create(
        round=round,
        created_by=manager,
        size=3,
        status=SelectionRun.Status.DONE,
        pool=ids,
        panels=[[a.pk for a in selected]],
        drawn_index=0,
        seed="Lotto 37/2026",
    )


def press(run: SelectionRun, by, capture) -> dict[str, int]:
    with capture(execute=True):
        return selection_invite(run=run, by=by)


def invite_records(run: SelectionRun) -> list[dict]:
    return [
        event.detail
        for event in AuditEvent.objects.filter(
            action=AuditEvent.Action.APPLICANTS_INVITED, object_id=str(run.pk)
        ).order_by("pk")
    ]


def recipients() -> Counter:
    return Counter(address for message in mail.outbox for address in message.to)


@pytest.mark.django_db
def test_a_second_press_invites_and_emails_nobody_again(drawn_run, manager, django_capture_on_commit_callbacks):
    assert press(drawn_run, manager, django_capture_on_commit_callbacks) == {"invited": 3, "informed": 2}
    assert recipients() == Counter(SELECTED + RESERVE)
    assert Application.objects.filter(status=ApplicationStatus.INVITED, member__isnull=False).count() == 3
    assert Application.objects.filter(informed_at__isnull=False).count() == 2

    with django_capture_on_commit_callbacks(execute=True) as queued:
        assert selection_invite(run=drawn_run, by=manager) == {"invited": 0, "informed": 0}
    assert queued == [] and len(mail.outbox) == 5
    assert invite_records(drawn_run) == [{"invited": 3, "informed": 2}, {"invited": 0, "informed": 0}]


@pytest.mark.django_db
def test_emails_wait_for_the_commit_of_their_applicants_step(drawn_run, manager, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as queued:
        selection_invite(run=drawn_run, by=manager)
    assert mail.outbox == [] and len(queued) == 5


@pytest.mark.django_db
@pytest.mark.parametrize("breaks", ["member_invite", "render_email"])
def test_a_press_that_fails_half_way_keeps_its_work_and_the_next_press_finishes_the_rest_once(
    breaks, drawn_run, manager, manager_client, monkeypatch, django_capture_on_commit_callbacks
):
    """The second selected applicant's invitation, or the second reserve applicant's email, fails unexpectedly."""
    real = getattr(selection_service, breaks)
    calls = []

    def second_one_fails(*args, **kwargs):
        calls.append(1)
        if len(calls) == 2:
            raise RuntimeError("unexpected")
        return real(*args, **kwargs)

    monkeypatch.setattr(selection_service, breaks, second_one_fails)
    with pytest.raises(RuntimeError, match="unexpected"):
        press(drawn_run, manager, django_capture_on_commit_callbacks)
    done = {"invited": 1, "informed": 0} if breaks == "member_invite" else {"invited": 3, "informed": 1}
    assert Application.objects.filter(status=ApplicationStatus.INVITED, member__isnull=False).count() == done["invited"]
    assert Application.objects.filter(informed_at__isnull=False).count() == done["informed"]
    assert len(mail.outbox) == done["invited"] + done["informed"]
    assert invite_records(drawn_run) == [{**done, "interrupted": True}]
    # The button stays until everybody is invited or told.
    assert manager_client.get(f"/fi/staff/recruitment/{drawn_run.round_id}/selection/").context["can_invite"]

    monkeypatch.setattr(selection_service, breaks, real)
    rest = press(drawn_run, manager, django_capture_on_commit_callbacks)
    assert rest == {"invited": 3 - done["invited"], "informed": 2 - done["informed"]}
    assert recipients() == Counter(SELECTED + RESERVE)  # everybody exactly once
    assert not manager_client.get(f"/fi/staff/recruitment/{drawn_run.round_id}/selection/").context["can_invite"]


@pytest.mark.django_db
def test_it_refuses_to_run_inside_an_outer_transaction(drawn_run, manager):
    """Inside one transaction a failure would undo the invitations whose emails were already on their way."""
    with pytest.raises(RuntimeError, match="durable"), transaction.atomic():
        selection_invite(run=drawn_run, by=manager)


@pytest.mark.django_db(transaction=True)
def test_each_email_is_rendered_outside_any_transaction(flushable_audit_log, drawn_run, manager, monkeypatch):
    rendered_in_transaction = []
    render = selection_service.render_email

    def watched(*args, **kwargs):
        rendered_in_transaction.append(connection.in_atomic_block)
        return render(*args, **kwargs)

    monkeypatch.setattr(selection_service, "render_email", watched)
    assert selection_invite(run=drawn_run, by=manager) == {"invited": 3, "informed": 2}
    assert rendered_in_transaction == [False, False]
    assert recipients() == Counter(SELECTED + RESERVE)
