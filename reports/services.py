"""Writes to reports: staff-written parts, delivery with its snapshot, and coding of open answers."""

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.background import BACKGROUND_VARIABLES
from accounts.models import Role, User
from audit.models import AuditEvent
from audit.services import audit_record
from notifications.models import Kind
from notifications.services import notify, route_path
from periods.models import Answer, Period
from periods.respondents import respondents_number

from .models import (
    AnswerCoding,
    BuildStatus,
    Code,
    CodeSuggestion,
    Finding,
    Report,
    ReportStatus,
    Theme,
    ThemeStatus,
)
from .quotes import quotes_snapshot, quotes_unchecked
from .rules import ReportError


def report_for(period: Period) -> Report:
    report, _created = Report.objects.get_or_create(period=period)
    report.period = period  # already read: spares every report page a second read of it
    return report


@transaction.atomic
def report_update(*, report: Report, actor, summary: str, recommendations: str) -> Report:
    if report.is_delivered:
        raise ReportError(_("A delivered report cannot be changed."))
    report.summary = summary
    report.recommendations = recommendations
    report.save(update_fields=["summary", "recommendations", "updated_at"])
    audit_record(actor=actor, action=AuditEvent.Action.REPORT_EDITED, obj=report)
    return report


@transaction.atomic
def report_answer_filter_set(*, report: Report, actor, variable: str) -> Report:
    """Choose the one background variable by which the report's open answers may be filtered ("" for none).

    Once answers have been shown by a variable, only it or none may be chosen: a second variable
    could be joined to what the first showed, answer by answer (see figures.open_answers).
    """
    report = Report.objects.select_for_update().get(pk=report.pk)
    if variable and variable not in BACKGROUND_VARIABLES:
        raise ReportError(_("Choose one of the background variables."))
    if variable and report.answer_filter_used and variable != report.answer_filter_used:
        raise ReportError(_("Open answers of this report have already been shown by another background variable."))
    previous = report.answer_filter_variable
    report.answer_filter_variable = variable
    report.save(update_fields=["answer_filter_variable", "updated_at"])
    audit_record(
        actor=actor,
        action=AuditEvent.Action.REPORT_EDITED,
        obj=report,
        detail={"answer_filter_variable": variable, "previous": previous},
    )
    return report


def report_answer_filter_use(*, report: Report, variable: str) -> bool:
    """Record that open answers are being shown by `variable`, the only one allowed from now on.

    False when another variable was used first (a change raced with this request): then nothing
    may be shown by this one. Two queries the first time, none after.
    """
    if report.answer_filter_used != variable:
        Report.objects.filter(pk=report.pk, answer_filter_used="").update(answer_filter_used=variable)
        report.answer_filter_used = Report.objects.values_list("answer_filter_used", flat=True).get(pk=report.pk)
    return report.answer_filter_used == variable


@transaction.atomic
def finding_create(*, report: Report, actor, title: str, text: str) -> Finding:
    if report.is_delivered:
        raise ReportError(_("A delivered report cannot be changed."))
    order = report.findings.count()
    finding = Finding.objects.create(report=report, order=order, title=title, text=text)
    audit_record(actor=actor, action=AuditEvent.Action.REPORT_EDITED, obj=report, detail={"finding": finding.pk})
    return finding


def report_deliver(*, report: Report, actor, built_at: str) -> Report:
    """Freeze the build staff reviewed into the snapshot, mark the report delivered and tell the team.

    `built_at` is the build the page showed (Report.build_marker, a hidden field of the delivery
    form). Nothing is counted again: the snapshot is that build's figures, with the accepted themes
    and the quotes. If another build has landed since, or the figures are being counted, failed or
    were never counted, delivery is refused and nothing changes.
    """
    _build_check(Report.objects.get(pk=report.pk), built_at)
    themes = themes_snapshot(report.period)
    # Every respondent's label is given by now, so the delivered report's labels stay as they are.
    respondents_number(report.period)
    with transaction.atomic():
        report = Report.objects.select_for_update().get(pk=report.pk)
        _build_check(report, built_at)
        quotes = list(report.quotes.select_related("finding"))
        if quotes_unchecked(quotes):
            raise ReportError(_("Check the flagged quotes before delivering the report."))
        report.snapshot = {**report.figures, "themes": themes, "quotes": quotes_snapshot(quotes)}
        report.status = ReportStatus.DELIVERED
        report.delivered_at = timezone.now()
        report.delivered_by = actor
        report.save()
        audit_record(actor=actor, action=AuditEvent.Action.REPORT_DELIVERED, obj=report)
        transaction.on_commit(lambda: report_delivered_notify(report))
    return report


def _build_check(report: Report, built_at: str) -> None:
    """Refuse delivery unless the report's last finished build is the one named by `built_at`."""
    if report.is_delivered:
        raise ReportError(_("The report has already been delivered."))
    if report.build_status != BuildStatus.DONE or not report.figures:
        raise ReportError(_("The figures are not ready: deliver once they have been counted."))
    if not built_at or built_at != report.build_marker:
        raise ReportError(_("The figures changed since you opened the page; review them and deliver again."))


def themes_snapshot(period: Period) -> list[dict]:
    """The themes staff accepted, with their representative quotes ({"text", "author"}: erasable)."""
    themes = list(
        Theme.objects.filter(question__task__period=period, status=ThemeStatus.ACCEPTED)
        .select_related("question")
        .order_by("question__task__order", "question__order", "order", "pk")
    )
    wanted = {pk for theme in themes for pk in theme.quote_answer_ids}
    quotes = {
        pk: {"text": value, "author": author}
        for pk, value, author in Answer.objects.filter(pk__in=wanted, response__submitted_at__isnull=False).values_list(
            "pk", "value", "response__member_id"
        )
        if isinstance(value, str)
    }
    return [
        {
            "question": theme.question.text,
            "label": theme.label,
            "keywords": [word[0] if isinstance(word, list) else word for word in theme.keywords][:8],
            "answers": len(theme.answer_ids),
            "quotes": [quotes[pk] for pk in theme.quote_answer_ids if pk in quotes],
        }
        for theme in themes
    ]


def report_delivered_notify(report: Report) -> int:
    """Email the development team of the period's organisation, once per person."""
    period = report.period
    team = User.objects.filter(role=Role.DEVELOPER, organisation__in=period.organisations.all(), is_active=True)
    return notify(
        kind=Kind.REPORT_DELIVERED,
        key=f"report-delivered-{report.pk}",
        recipients=team,
        message=lambda user: _("The report of “%(title)s” has been delivered.") % {"title": period.title},
        url=route_path("reports:detail", period.pk),
        email_template="reports/email/report_delivered",
        email_context=lambda user: {"pseudonym": user.display_name, "period_title": period.title},
    )


@transaction.atomic
def report_publish(*, report: Report, actor, public_summary: str) -> Report:
    """Publish the public summary of a delivered report (the impact pages show it)."""
    report = Report.objects.select_for_update().get(pk=report.pk)
    if report.status == ReportStatus.DRAFT:
        raise ReportError(_("Deliver the report before publishing its summary."))
    public_summary = public_summary.strip()
    if not public_summary:
        raise ReportError(_("Write the public summary first."))
    report.public_summary = public_summary
    report.status = ReportStatus.PUBLISHED
    report.published_at = report.published_at or timezone.now()
    report.save(update_fields=["public_summary", "status", "published_at", "updated_at"])
    audit_record(actor=actor, action=AuditEvent.Action.REPORT_PUBLISHED, obj=report)
    return report


def code_create(*, period: Period, name: str) -> Code:
    name = name.strip()
    if not name:
        raise ReportError(_("Give the code a name."))
    code, _created = Code.objects.get_or_create(period=period, name=name)
    return code


@transaction.atomic
def answer_code(*, answer: Answer, code: Code, actor) -> AnswerCoding:
    """Tag an answer with a code of its own period's codebook; tagging twice keeps one."""
    if code.period_id != answer.question.task.period_id:
        raise ReportError(_("That code belongs to another period."))
    try:
        with transaction.atomic():
            coding = AnswerCoding.objects.create(answer=answer, code=code, coded_by=actor)
    except IntegrityError:
        return AnswerCoding.objects.get(answer=answer, code=code)
    audit_record(actor=actor, action=AuditEvent.Action.ANSWER_CODED, obj=answer, detail={"code": code.pk})
    return coding


# Suggestions, uncoding and themes: a person decides each one --------------------------------------


@transaction.atomic
def answer_code_by_choice(*, answer: Answer, code: Code, actor) -> AnswerCoding:
    """Code an answer as a person chose; the platform's suggestion for it is settled by that choice."""
    coding = answer_code(answer=answer, code=code, actor=actor)
    CodeSuggestion.objects.filter(answer=answer).delete()
    return coding


@transaction.atomic
def suggestion_accept(*, suggestion: CodeSuggestion, actor) -> AnswerCoding:
    """A person accepts the suggested code: it becomes their coding, and the suggestion goes."""
    return answer_code_by_choice(answer=suggestion.answer, code=suggestion.code, actor=actor)


@transaction.atomic
def answer_uncode(*, answer: Answer, code: Code, actor) -> bool:
    """Remove one code from an answer; False when the answer did not have it."""
    deleted, _counts = AnswerCoding.objects.filter(answer=answer, code=code).delete()
    if deleted:
        audit_record(actor=actor, action=AuditEvent.Action.ANSWER_UNCODED, obj=answer, detail={"code": code.pk})
    return bool(deleted)


THEME_STATUS_AFTER = {
    "accept": ThemeStatus.ACCEPTED,
    "drop": ThemeStatus.DROPPED,
    # A restored theme is a suggestion again, for a person to accept or rename.
    "restore": ThemeStatus.SUGGESTED,
}


@transaction.atomic
def theme_edit(*, report: Report, theme: Theme, actor, action: str, label: str = "") -> Theme:
    """Accept, rename, drop or restore a theme of the report's period while the report is a draft."""
    if report.is_delivered:
        raise ReportError(_("A delivered report cannot be changed."))
    if theme.question.task.period_id != report.period_id:
        raise ReportError(_("That theme belongs to another period."))
    if action == "rename":
        label = label.strip()
        if not 1 <= len(label) <= 200:
            raise ReportError(_("The name of a theme must be 1 to 200 characters long."))
        theme.label = label
    elif action in THEME_STATUS_AFTER:
        theme.status = THEME_STATUS_AFTER[action]
    else:
        raise ReportError(_("Unknown change of a theme."))
    theme.save(update_fields=["label", "status"])
    audit_record(
        actor=actor,
        action=AuditEvent.Action.THEME_EDITED,
        obj=theme,
        detail={"action": action, "report": report.pk, "question": theme.question_id},
    )
    return theme
