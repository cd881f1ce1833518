"""Domain rules of the impact ledger: actions, their status changes and who hears of them, targets."""

from datetime import date
from decimal import Decimal

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Role, User
from audit.models import AuditEvent
from audit.services import audit_record
from notifications.models import Kind
from notifications.services import notify, route_path

from .models import Action, ActionStatus, ActionUpdate, DevelopmentTarget, Measurement


class ImpactError(Exception):
    """A rule of the impact ledger refused the change; the message is shown to the user."""


def _audit_edit(actor, obj, action: str, **detail) -> None:
    audit_record(actor=actor, action=action, obj=obj, detail=detail)


@transaction.atomic
def action_create(
    *,
    actor,
    title: str,
    organisation,
    findings,
    description: str = "",
    team: str = "",
    planned_for: date | None = None,
    done_on: date | None = None,
) -> Action:
    action = Action.objects.create(
        title=title,
        description=description,
        organisation=organisation,
        team=team,
        planned_for=planned_for,
        done_on=done_on,
        created_by=actor,
    )
    action.findings.set(findings)
    _audit_edit(actor, action, AuditEvent.Action.ACTION_EDITED, change="created")
    return action


@transaction.atomic
def action_update(*, action: Action, actor, findings, **fields) -> Action:
    """Change an action's written parts; its status changes only through action_status_change."""
    for name, value in fields.items():
        setattr(action, name, value)
    action.save()
    action.findings.set(findings)
    _audit_edit(actor, action, AuditEvent.Action.ACTION_EDITED, change="edited", fields=sorted(fields))
    return action


@transaction.atomic
def action_publish(*, action: Action, actor, published: bool) -> Action:
    """Show (or hide) the action on the public results site; managers only decide this."""
    action.published = published
    action.save(update_fields=["published", "updated_at"])
    _audit_edit(actor, action, AuditEvent.Action.ACTION_EDITED, change="published" if published else "unpublished")
    return action


def action_status_change(*, action: Action, actor, status: str, text: str = "", reason: str = "") -> ActionUpdate:
    """Move an action to another status, write its timeline entry and tell the members who answered.

    Any move forward or back is allowed; staying put is refused, and not pursuing needs a reason.
    """
    if status not in ActionStatus.values:
        raise ImpactError(_("Choose a valid status."))
    reason = reason.strip()
    if status == ActionStatus.NOT_PURSUED and not reason:
        raise ImpactError(_("Give the reason why the action is not pursued."))
    with transaction.atomic():
        action = Action.objects.select_for_update().get(pk=action.pk)
        if action.status == status:
            raise ImpactError(_("The action already has this status."))
        update = ActionUpdate.objects.create(
            action=action, text=text.strip(), status_from=action.status, status_to=status, author=actor
        )
        action.status = status
        action.not_pursued_reason = reason if status == ActionStatus.NOT_PURSUED else ""
        if status == ActionStatus.DONE and action.done_on is None:
            action.done_on = timezone.localdate()
        action.save(update_fields=["status", "not_pursued_reason", "done_on", "updated_at"])
        audit_record(
            actor=actor,
            action=AuditEvent.Action.ACTION_STATUS_CHANGED,
            obj=action,
            detail={"from": update.status_from, "to": status, "update": update.pk},
        )
        transaction.on_commit(lambda: action_update_notify(update))
    return update


def action_answerers(action: Action) -> QuerySet:
    """Members who submitted an answer to a task of a period whose report has a finding of this action."""
    return (
        User.objects.filter(
            role=Role.MEMBER,
            is_active=True,
            responses__submitted_at__isnull=False,
            responses__task__period__report__findings__actions=action,
        )
        .select_related("member")
        .distinct()
    )


def action_update_notify(update: ActionUpdate) -> int:
    """Tell the members who answered, once per update however many times this runs."""
    action = update.action
    return notify(
        kind=Kind.ACTION_UPDATED,
        key=f"action-{action.pk}-update-{update.pk}",
        recipients=action_answerers(action),
        message=lambda user: (
            _("“%(title)s”, an action your answers contributed to, is now: %(status)s.")
            % {"title": action.title, "status": ActionStatus(update.status_to).label}
        ),
        url=route_path("impact:my_impact"),
        email_template="impact/email/action_updated",
        email_context=lambda user: {
            "pseudonym": user.display_name,
            "action_title": action.title,
            "status": str(ActionStatus(update.status_to).label),
            "text": update.text,
        },
    )


@transaction.atomic
def target_save(*, actor, target: DevelopmentTarget | None = None, actions=(), **fields) -> DevelopmentTarget:
    """Create a development target, or change one, with the actions it follows."""
    created = target is None
    target = target or DevelopmentTarget()
    for name, value in fields.items():
        setattr(target, name, value)
    target.save()
    target.actions.set(actions)
    _audit_edit(actor, target, AuditEvent.Action.TARGET_EDITED, change="created" if created else "edited")
    return target


@transaction.atomic
def measurement_add(*, target: DevelopmentTarget, actor, date: date, value: Decimal, note: str = "") -> Measurement:
    if Measurement.objects.filter(target=target, date=date).exists():
        raise ImpactError(_("There is already a measurement for this date."))
    measurement = Measurement.objects.create(target=target, date=date, value=value, note=note)
    _audit_edit(actor, target, AuditEvent.Action.TARGET_EDITED, change="measurement", date=date.isoformat())
    return measurement
