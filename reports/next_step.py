"""Where a report stands: the period closes → figures counted → open answers coded → delivered → published → actions.

The actions live in the impact app, above reports: their page is reached by its URL name and the
findings' actions through the ORM's reverse relation, neither of which imports impact.
"""

from collections.abc import Mapping

from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils import formats
from django.utils.translation import gettext as _

from core.next_step import NextStep
from periods.models import Period

from .figures import _open_answers_of
from .models import AnswerCoding, Finding, Report
from .permissions import can_deliver_report, can_edit_report, can_manage_reports


def _state(report: Report) -> Mapping[str, object]:
    """Whether open answers wait for codes and whether a finding waits for an action, in one query."""
    period = report.period
    return (
        Period.objects.filter(pk=period.pk)
        .values(
            has_open_answers=Exists(_open_answers_of(period)),
            has_codings=Exists(AnswerCoding.objects.filter(code__period=OuterRef("pk"))),
            has_findings=Exists(Finding.objects.filter(report=report)),
            finding_without_action=Exists(Finding.objects.filter(report=report, actions__isnull=True)),
        )
        .get()
    )


def report_next_step(report: Report, user, *, built: bool, building: bool, build_failed: bool) -> NextStep:
    """The report's stage and the one action that moves it on, offered only to those who may take it."""
    period = report.period
    if not report.is_delivered:
        if not period.is_closed:
            return NextStep(
                "open",
                _("The period is open until %(closes)s. The report is counted again when it closes.")
                % {"closes": formats.date_format(period.ends_at, "j.n.Y H:i")},
            )
        if build_failed:
            return NextStep(
                "build",
                _("Counting the figures failed."),
                *(("#build-heading", _("Try again")) if can_edit_report(user, report) else ()),
            )
        if building or not built:
            return NextStep("build", _("The figures are being counted. Refresh the page in a moment."))
        state = _state(report)
        if state["has_open_answers"] and not state["has_codings"]:
            return NextStep(
                "code",
                _("The figures are ready. Code the open answers so that the report shows what members said."),
                reverse("reports:answers", args=[period.pk]),
                _("Code the open answers"),
            )
        if can_deliver_report(user, report):
            return NextStep(
                "deliver",
                _("Write the summary and findings, then deliver the report to the development team."),
                "#deliver",
                _("Deliver the report"),
            )
        return NextStep(
            "deliver",
            _("Write the summary and findings. The community manager delivers the report."),
            "#findings",
            _("Add findings"),
        )
    if not report.published_at:
        if can_manage_reports(user):
            return NextStep(
                "publish",
                _("The report has been delivered. Publish a summary for residents."),
                "#publish",
                _("Publish the public summary"),
            )
        return NextStep("publish", _("The report has been delivered. The community manager publishes its summary."))
    state = _state(report)
    if state["finding_without_action"] or not state["has_findings"]:
        return NextStep(
            "actions",
            _("The summary is public. Tell members what is done about the findings: plan an action."),
            reverse("impact:action_create"),
            _("Plan an action"),
        )
    return NextStep(
        "done",
        _("Every finding has an action. Keep members posted on their progress."),
        reverse("impact:action_list"),
        _("Follow the actions"),
    )
