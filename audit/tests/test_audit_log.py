import pytest
from django.db import DatabaseError, connection, transaction

from audit.models import AppendOnlyError, AuditEvent
from audit.services import audit_record
from core.audit import event_record

pytestmark = pytest.mark.django_db


@pytest.fixture
def event(manager, member) -> AuditEvent:
    return audit_record(actor=manager, action=AuditEvent.Action.IDENTITY_VIEWED, subject_user=member, reason="test")


def test_it_refuses_changes_through_the_orm(event):
    """SECURITY.md #5: Nobody edits or deletes an audit record through the platform."""
    event.reason = "rewritten"
    with pytest.raises(AppendOnlyError):
        event.save()
    with pytest.raises(AppendOnlyError):
        event.delete()
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.filter(pk=event.pk).update(reason="rewritten")
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.all().delete()
    assert AuditEvent.objects.get(pk=event.pk).reason == "test"


def test_the_database_itself_refuses_update_and_delete(event):
    """SECURITY.md #5: Not even raw SQL changes the log: the database refuses it."""
    for statement in ("UPDATE audit_auditevent SET reason = 'x'", "DELETE FROM audit_auditevent"):
        with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(statement)
    assert AuditEvent.objects.get(pk=event.pk).reason == "test"


def test_it_copies_the_actors_organisation(developer, member):
    record = audit_record(actor=developer, action=AuditEvent.Action.ACCESS_DENIED, subject_user=member)
    assert record.actor_organisation == "Sosiaali- ja terveyspalvelut"


def test_managers_read_the_log_filtered_and_paginated(manager_client, event, member):
    page = manager_client.get("/fi/audit/?action=identity_viewed")
    assert page.status_code == 200
    assert list(page.context["page"]) == [event]
    by_subject = manager_client.get(f"/fi/audit/?subject={member.pk}").context["page"]
    assert {e.action for e in by_subject} == {"identity_viewed", "consent_given"}
    assert manager_client.get("/fi/audit/?action=nonsense").status_code == 200


@pytest.mark.parametrize("persona", ["developer_client", "member_client"])
def test_nobody_else_reads_the_log(request, persona, event):
    assert request.getfixturevalue(persona).get("/fi/audit/").status_code == 403


def test_the_log_never_shows_a_members_name_or_email(manager_client, event, member):
    page = manager_client.get("/fi/audit/").content.decode()
    assert member.email not in page and member.full_name not in page


def test_core_events_reach_the_audit_log_through_the_registered_recorder(manager):
    event_record(actor=manager, action=AuditEvent.Action.BACKUP_MADE, detail={"path": "x.tar.gz"})
    assert AuditEvent.objects.get(action=AuditEvent.Action.BACKUP_MADE).detail == {"path": "x.tar.gz"}
    with pytest.raises(ValueError, match="unknown audit action 'no_such_action'"):
        event_record(action="no_such_action")
