"""Status changes: every move but staying put, a reason for not pursuing, one notification per change."""

import pytest
from django.utils import translation

from audit.models import AuditEvent
from impact import services
from impact.models import ActionStatus, ActionUpdate
from notifications.models import Delivery, Notification


def test_it_moves_forward_and_back_and_writes_the_timeline(action, developer):
    services.action_status_change(action=action, actor=developer, status=ActionStatus.IN_PROGRESS, text="Aloitettu")
    services.action_status_change(action=action, actor=developer, status=ActionStatus.PLANNED)
    action.refresh_from_db()
    assert action.status == ActionStatus.PLANNED
    steps = list(ActionUpdate.objects.filter(action=action).order_by("pk").values_list("status_from", "status_to"))
    assert steps == [("idea", "in_progress"), ("in_progress", "planned")]
    assert (
        AuditEvent.objects.filter(action=AuditEvent.Action.ACTION_STATUS_CHANGED, object_id=str(action.pk)).count() == 2
    )


def test_it_sets_the_done_date(action, developer):
    services.action_status_change(action=action, actor=developer, status=ActionStatus.DONE)
    action.refresh_from_db()
    assert action.done_on is not None


def test_it_refuses_the_same_status(action, developer):
    with translation.override("en"), pytest.raises(services.ImpactError, match="already has this status"):
        services.action_status_change(action=action, actor=developer, status=ActionStatus.IDEA)
    assert not ActionUpdate.objects.exists()


def test_it_refuses_not_pursued_without_a_reason(action, developer):
    with translation.override("en"), pytest.raises(services.ImpactError, match="reason"):
        services.action_status_change(action=action, actor=developer, status=ActionStatus.NOT_PURSUED, reason="  ")
    action.refresh_from_db()
    assert action.status == ActionStatus.IDEA
    assert not ActionUpdate.objects.exists()


def test_it_refuses_an_unknown_status(action, developer):
    with pytest.raises(services.ImpactError):
        services.action_status_change(action=action, actor=developer, status="teleported")


def test_it_keeps_the_reason_of_not_pursuing_and_drops_it_when_taken_up_again(action, developer):
    services.action_status_change(action=action, actor=developer, status=ActionStatus.NOT_PURSUED, reason="Ei rahaa")
    action.refresh_from_db()
    assert action.not_pursued_reason == "Ei rahaa"
    services.action_status_change(action=action, actor=developer, status=ActionStatus.PLANNED)
    action.refresh_from_db()
    assert action.not_pursued_reason == ""


def test_it_notifies_only_the_members_who_answered(
    action, answered, developer, member, other_member, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        update = services.action_status_change(action=action, actor=developer, status=ActionStatus.PLANNED)
    assert list(Delivery.objects.values_list("user_id", flat=True)) == [member.pk]
    assert Delivery.objects.get().key == f"action-{action.pk}-update-{update.pk}"
    assert Notification.objects.filter(user=member).count() == 1
    assert not Notification.objects.filter(user=other_member).exists()
    # The staff who changed it hear nothing either.
    assert not Notification.objects.filter(user=developer).exists()


def test_it_notifies_once_even_if_sent_twice(action, answered, developer, member, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        update = services.action_status_change(action=action, actor=developer, status=ActionStatus.DONE)
    assert services.action_update_notify(update) == 0
    assert services.action_update_notify(update) == 0
    assert Delivery.objects.filter(user=member).count() == 1
    assert Notification.objects.filter(user=member).count() == 1


def test_each_change_is_its_own_notification(action, answered, developer, member, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.action_status_change(action=action, actor=developer, status=ActionStatus.PLANNED)
        services.action_status_change(action=action, actor=developer, status=ActionStatus.DONE)
    assert Notification.objects.filter(user=member).count() == 2


def test_the_email_is_in_the_members_language_and_links_my_impact(
    action, answered, developer, member, django_capture_on_commit_callbacks
):
    member.language = "en"
    member.save(update_fields=["language"])
    with django_capture_on_commit_callbacks(execute=True):
        services.action_status_change(action=action, actor=developer, status=ActionStatus.DONE, text="<b>Valmis</b>")
    delivery = Delivery.objects.get(user=member)
    assert "/en/me/impact/" in delivery.text
    assert "Uusi palautelomake" in delivery.subject
    assert "&lt;b&gt;Valmis" in delivery.html
    assert Notification.objects.get(user=member).url == "/en/me/impact/"


def test_a_member_who_answered_a_period_without_the_finding_gets_nothing(
    action, developer, sote, other_member, django_capture_on_commit_callbacks
):
    from django.utils import timezone

    from periods.models import Response
    from periods.tests.factories import TaskFactory

    Response.objects.create(task=TaskFactory(), member=other_member, submitted_at=timezone.now())
    with django_capture_on_commit_callbacks(execute=True):
        services.action_status_change(action=action, actor=developer, status=ActionStatus.DONE)
    assert not Delivery.objects.exists()
