"""Who may do what with periods, tasks and answers. Views fetch objects only through these."""

from core.access import staff_passes

from .models import Period, Task
from .models.periods import PeriodQuerySet


def can_manage_periods(user) -> bool:
    """Community managers create, approve, publish and moderate every period."""
    return user.is_authenticated and user.is_community_manager


def can_use_periods(user) -> bool:
    """Staff who may open the periods pages: managers, and developers who propose for their organisation."""
    return user.is_authenticated and (user.is_community_manager or (user.is_developer and bool(user.organisation_id)))


periods_staff_required = staff_passes(can_use_periods)


def periods_visible_to_staff(user) -> PeriodQuerySet:
    """Managers see every period; a developer only those their own organisation asked for."""
    if user.is_community_manager:
        return Period.objects.all()
    if user.is_developer and user.organisation_id:
        return Period.objects.filter(organisations=user.organisation_id).distinct()
    return Period.objects.none()


def can_edit_period(user, period: Period) -> bool:
    """Managers edit any period; a developer edits only their own proposal until it is approved."""
    if user.is_community_manager:
        return True
    return (
        user.is_developer
        and period.created_by_id == user.pk
        and period.approval != "approved"
        and period.organisations.filter(pk=user.organisation_id).exists()
    )


def can_edit_task(user, task: Task) -> bool:
    if user.is_community_manager:
        return True
    return (
        user.is_developer
        and task.created_by_id == user.pk
        and task.approval != "approved"
        and task.period.organisations.filter(pk=user.organisation_id).exists()
    )
