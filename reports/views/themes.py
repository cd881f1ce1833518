"""Themes of the open answers, found by the automatic reading: staff accept, rename, drop or restore them.

The themes are computed on this server (reports.text_service); this page only shows and changes them.
Its quotes are members' own words, so every view writes an ANSWERS_VIEWED audit record.
"""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from audit.models import AuditEvent
from audit.services import audit_denied, audit_record
from periods.models import Answer, Question, QuestionKind

from .. import services
from ..forms import ThemeEditForm
from ..models import Theme, ThemeStatus
from ..permissions import reports_staff_required
from .common import report_of


def _keywords(theme: Theme) -> list[str]:
    """Keywords are stored as words or as [word, weight] pairs; show the words."""
    words = []
    for keyword in theme.keywords if isinstance(theme.keywords, list) else []:
        word = keyword[0] if isinstance(keyword, list | tuple) and keyword else keyword
        if isinstance(word, str) and word:
            words.append(word)
    return words


def _ids(values) -> list[int]:
    return [v for v in values if isinstance(v, int)] if isinstance(values, list) else []


@never_cache
@require_GET
@reports_staff_required
def report_themes(request: HttpRequest, period_id: int) -> HttpResponse:
    report = report_of(request, period_id)
    period = report.period
    questions = list(Question.objects.open_text_of(period).select_related("task"))
    themes = list(Theme.objects.filter(question__task__period=period, question__kind=QuestionKind.TEXT))
    # Only quotes that still exist, of submitted responses, to the theme's own question.
    quote_ids = {i for theme in themes for i in _ids(theme.quote_answer_ids)}
    quotes = {
        (answer_id, question_id): value
        for answer_id, question_id, value in Answer.objects.filter(
            pk__in=quote_ids, question__task__period=period, response__submitted_at__isnull=False
        ).values_list("pk", "question_id", "value")
        if isinstance(value, str) and value.strip()
    }
    by_question: dict[int, list[dict]] = {}
    for theme in themes:
        by_question.setdefault(theme.question_id, []).append(
            {
                "theme": theme,
                "keywords": _keywords(theme),
                "count": len(_ids(theme.answer_ids)),
                "quotes": [
                    quotes[(i, theme.question_id)]
                    for i in _ids(theme.quote_answer_ids)
                    if (i, theme.question_id) in quotes
                ],
            }
        )
    rank = {ThemeStatus.SUGGESTED: 0, ThemeStatus.ACCEPTED: 1}
    sections = []
    for question in questions:
        items = sorted(
            by_question.get(question.pk, []),
            key=lambda item: (rank.get(item["theme"].status, 2), item["theme"].order, item["theme"].pk),
        )
        sections.append(
            {
                "question": question,
                "shown": [i for i in items if i["theme"].status != ThemeStatus.DROPPED],
                "dropped": [i for i in items if i["theme"].status == ThemeStatus.DROPPED],
            }
        )
    audit_record(actor=request.user, action=AuditEvent.Action.ANSWERS_VIEWED, obj=report, detail={"view": "themes"})
    return render(
        request,
        "reports/report_themes.html",
        {"period": period, "report": report, "sections": sections, "can_change": not report.is_delivered},
    )


@require_POST
@reports_staff_required
def theme_edit(request: HttpRequest, period_id: int) -> HttpResponse:
    report = report_of(request, period_id)
    url = reverse("reports:themes", args=[report.period_id])
    form = ThemeEditForm(request.POST)
    if not form.is_valid():
        if "label" in form.errors:
            messages.error(request, _("The name of a theme must be 1 to 200 characters long. Nothing was changed."))
        else:
            messages.error(request, _("That change could not be read. Nothing was changed."))
        theme_id = request.POST.get("theme", "")
        return redirect(url + (f"#theme-{theme_id}" if theme_id.isdigit() else ""))
    theme = (
        Theme.objects.filter(pk=form.cleaned_data["theme"], question__task__period=report.period)
        .select_related("question__task")
        .first()
    )
    if theme is None:
        raise audit_denied(request, what=f"theme {form.cleaned_data['theme']}")
    try:
        services.theme_edit(
            report=report,
            theme=theme,
            actor=request.user,
            action=form.cleaned_data["action"],
            label=form.cleaned_data["label"],
        )
    except services.ReportError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("The theme was changed."))
    return redirect(f"{url}#theme-{theme.pk}")
