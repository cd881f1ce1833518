"""Fetch actions, targets and submitted ids for the staff user asking, or raise a logged 404."""

from django.http import HttpRequest

from audit.services import audit_denied

from .models import Action, DevelopmentTarget
from .permissions import actions_visible_to_staff, findings_pickable_by, targets_visible_to_staff


def action_or_404(request: HttpRequest, action_id: int) -> Action:
    action = actions_visible_to_staff(request.user).select_related("organisation").filter(pk=action_id).first()
    if action is None:
        raise audit_denied(request, what=f"action {action_id}")
    return action


def target_or_404(request: HttpRequest, target_id: int) -> DevelopmentTarget:
    target = targets_visible_to_staff(request.user).select_related("organisation").filter(pk=target_id).first()
    if target is None:
        raise audit_denied(request, what=f"development target {target_id}")
    return target


def _ids(values: list[str]) -> set[int]:
    return {int(value) for value in values if value.isdigit()}


def posted_ids_in_reach_or_404(request: HttpRequest) -> None:
    """A finding or action id posted from outside the user's reach is a guess: logged 404, not a form error."""
    findings = _ids(request.POST.getlist("findings"))
    if findings and findings_pickable_by(request.user).filter(pk__in=findings).count() != len(findings):
        raise audit_denied(request, what=f"findings {sorted(findings)}")
    actions = _ids(request.POST.getlist("actions"))
    if actions and actions_visible_to_staff(request.user).filter(pk__in=actions).count() != len(actions):
        raise audit_denied(request, what=f"actions {sorted(actions)}")
