"""What the public results site may show: published reports and published actions, nothing else.

Every page, feed, image and download of this app reads through these functions, so that a draft,
a delivered-but-unpublished report or an unpublished action cannot reach a visitor by any path.
"""

from django.db.models import Prefetch, QuerySet
from django.http import Http404

from impact.models import Action, ActionUpdate, DevelopmentTarget, Measurement
from reports.models import Finding, Report, ReportStatus


def published_reports() -> QuerySet[Report]:
    """Reports whose public summary has been published, newest first."""
    return (
        Report.objects.filter(status=ReportStatus.PUBLISHED, published_at__isnull=False)
        .exclude(public_summary="")
        .select_related("period")
        .order_by("-published_at", "-pk")
    )


def published_actions() -> QuerySet[Action]:
    return Action.objects.filter(published=True).select_related("organisation").order_by("-updated_at", "-pk")


def public_findings() -> QuerySet[Finding]:
    """Findings of published reports only: an unpublished report's findings stay with its team."""
    return Finding.objects.filter(report__in=published_reports()).select_related("report__period")


def report_or_404(period_id: int) -> Report:
    """The published report of a period; anything else is a plain 404, whether it exists or not."""
    report = published_reports().prefetch_related("period__organisations").filter(period_id=period_id).first()
    if report is None:
        raise Http404
    return report


def action_or_404(action_id: int) -> Action:
    action = published_actions().filter(pk=action_id).first()
    if action is None:
        raise Http404
    return action


def with_timeline(actions: QuerySet[Action]) -> QuerySet[Action]:
    """Actions with their timeline prefetched, oldest entry first. Authors (staff) are never loaded."""
    return actions.prefetch_related(
        Prefetch("updates", queryset=ActionUpdate.objects.order_by("created_at", "pk").defer("author"))
    )


def actions_of_report(report: Report) -> QuerySet[Action]:
    return with_timeline(published_actions().filter(findings__report=report).distinct())


def targets_of_action(action: Action) -> list[DevelopmentTarget]:
    """Targets linked to a published action (which makes them public), with measurements and published actions."""
    return list(
        DevelopmentTarget.objects.filter(actions=action)
        .select_related("organisation")
        .prefetch_related(
            Prefetch("measurements", queryset=Measurement.objects.order_by("date", "pk")),
            Prefetch("actions", queryset=published_actions(), to_attr="public_actions"),
        )
        .distinct()
    )
