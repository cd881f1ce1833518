"""Who may do what with actions and development targets. Views fetch objects only through these."""

from django.db.models import QuerySet

from core.access import staff_passes
from periods.permissions import can_use_periods, periods_visible_to_staff
from reports.models import Finding, ReportStatus

from .models import Action, DevelopmentTarget


def can_use_impact(user) -> bool:
    """Managers, and developers with an organisation (their own organisation's actions only)."""
    return can_use_periods(user)


impact_staff_required = staff_passes(can_use_impact)


def can_publish_actions(user) -> bool:
    return user.is_authenticated and user.is_community_manager


def actions_visible_to_staff(user) -> QuerySet[Action]:
    if not can_use_impact(user):
        return Action.objects.none()
    if user.is_community_manager:
        return Action.objects.all()
    return Action.objects.filter(organisation=user.organisation_id)


def targets_visible_to_staff(user) -> QuerySet[DevelopmentTarget]:
    if not can_use_impact(user):
        return DevelopmentTarget.objects.none()
    if user.is_community_manager:
        return DevelopmentTarget.objects.all()
    return DevelopmentTarget.objects.filter(organisation=user.organisation_id)


def findings_pickable_by(user) -> QuerySet[Finding]:
    """Findings of delivered reports of the periods this staff user may see."""
    return (
        Finding.objects.filter(
            report__status__in=[ReportStatus.DELIVERED, ReportStatus.PUBLISHED],
            report__period__in=periods_visible_to_staff(user),
        )
        .select_related("report__period")
        .order_by("-report__delivered_at", "report_id", "order", "pk")
    )
