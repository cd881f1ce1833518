"""The open answers of a report: search and filters (respecting k), the codebook, coding and suggestions.

Answers carry the report's respondent labels, never pseudonyms (reports.respondents). Every view of
the answers writes an ANSWERS_VIEWED audit record. The platform only suggests codes:
each coding is made by a person, one click per answer. Every action redirects back to the same
filtered page and page number.
"""

from django.contrib import messages
from django.db.models import Exists, OuterRef
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from audit.models import AuditEvent
from audit.services import audit_denied, audit_record
from core.pagination import paginate
from periods.models import Answer, Question, QuestionKind

from .. import services
from ..figures import code_counts, open_answers
from ..forms import SUGGESTED, UNCODED, CodeForm, CodingForm, OpenAnswerFilterForm
from ..models import AnswerCoding, Code, CodeSuggestion, Report
from ..respondents import respondent_labels
from .common import report_of, reports_staff_required

ANSWERS_PER_PAGE = 20


def _filter_by_coding(answers, *, period, coding: str, code: int | None):
    codings = AnswerCoding.objects.filter(answer=OuterRef("pk"))
    if coding in (UNCODED, SUGGESTED):
        answers = answers.filter(~Exists(codings))
    if coding == SUGGESTED:
        answers = answers.filter(
            Exists(CodeSuggestion.objects.filter(answer=OuterRef("pk"), code__period=period)),
        )
    if code:
        answers = answers.filter(Exists(codings.filter(code_id=code)))
    return answers


@never_cache
@require_GET
@reports_staff_required
def report_answers(request: HttpRequest, period_id: int) -> HttpResponse:
    report = report_of(request, period_id)
    period = report.period
    tasks = list(period.tasks.order_by("order", "pk"))
    questions = list(
        Question.objects.filter(task__period=period, kind=QuestionKind.TEXT).order_by("task__order", "order", "pk")
    )
    codes = list(period.codes.all())
    form = OpenAnswerFilterForm(request.GET or None, tasks=tasks, questions=questions, codes=codes)
    filters = form.cleaned_data if form.is_bound and form.is_valid() else {}
    result = open_answers(
        period,
        task=filters.get("task"),
        question=filters.get("question"),
        search=filters.get("search", ""),
        segment=form.segment() if filters else {},
    )
    answers = result["answers"]
    if not result["too_few"]:
        answers = _filter_by_coding(answers, period=period, coding=filters.get("coding", ""), code=filters.get("code"))
    page = paginate(request, answers, ANSWERS_PER_PAGE)
    ids = [row["id"] for row in page.object_list]
    coded: dict[int, list[dict]] = {}
    for answer_id, code_id, code_name in (
        AnswerCoding.objects.filter(answer_id__in=ids)
        .order_by("code__name")
        .values_list("answer_id", "code_id", "code__name")
    ):
        coded.setdefault(answer_id, []).append({"id": code_id, "name": code_name})
    suggestions = {
        answer_id: {"code_id": code_id, "code": code_name, "percent": round(100 * confidence)}
        for answer_id, code_id, code_name, confidence in CodeSuggestion.objects.filter(
            answer_id__in=ids, code__period=period
        ).values_list("answer_id", "code_id", "code__name", "confidence")
    }
    labels = respondent_labels(report, [row["response__member_id"] for row in page.object_list])
    titles = {t.pk: t.title for t in tasks}
    texts = {q.pk: q.text for q in questions}
    rows = [
        {
            "id": row["id"],
            "text": row["value"] if isinstance(row["value"], str) else "",
            "question": texts.get(row["question_id"], ""),
            "task": titles.get(row["question__task_id"], ""),
            "respondent": labels.get(row["response__member_id"]) or _("deleted member"),
            "codes": coded.get(row["id"], []),
            # A suggestion is only offered while no person has coded the answer.
            "suggestion": None if row["id"] in coded else suggestions.get(row["id"]),
        }
        for row in page.object_list
    ]
    audit_record(
        actor=request.user, action=AuditEvent.Action.ANSWERS_VIEWED, obj=report, detail={"view": "open_answers"}
    )
    return render(
        request,
        "reports/report_answers.html",
        {
            "period": period,
            "report": report,
            "form": form,
            "page": page,
            "rows": rows,
            "too_few": result["too_few"],
            "codes": codes,
            "findings": list(report.findings.all()) if not report.is_delivered else [],
            "code_form": CodeForm(),
            "code_counts": code_counts(period),
            "back": "?" + request.GET.urlencode(),
        },
    )


@require_POST
@reports_staff_required
def code_create(request: HttpRequest, period_id: int) -> HttpResponse:
    report = report_of(request, period_id)
    form = CodeForm(request.POST)
    if form.is_valid():
        services.code_create(period=report.period, name=form.cleaned_data["name"])
        messages.success(request, _("The code was added to the codebook."))
    else:
        messages.error(request, _("Give the code a name."))
    return redirect("reports:answers", report.period_id)


def _back(request: HttpRequest, report: Report) -> HttpResponse:
    """Back to the answers page with the filters and page number the person came from.

    Only a query string is accepted, so the redirect cannot leave this page.
    """
    url = reverse("reports:answers", args=[report.period_id])
    back = request.POST.get("next", "")
    if back.startswith("?") and len(back) <= 2000 and "\n" not in back and "\r" not in back:
        url += back
    return redirect(url)


def _answer_and_code_or_404(request: HttpRequest, report: Report, form: CodingForm) -> tuple[Answer, Code]:
    """The open answer and the code of this report's period, or a logged 404."""
    answer = (
        Answer.objects.filter(
            pk=form.cleaned_data["answer"], question__task__period=report.period, question__kind=QuestionKind.TEXT
        )
        .select_related("question__task")
        .first()
    )
    code = report.period.codes.filter(pk=form.cleaned_data["code"]).first()
    if answer is None or code is None:
        raise audit_denied(request, what=f"answer {form.cleaned_data['answer']} code {form.cleaned_data['code']}")
    return answer, code


@require_POST
@reports_staff_required
def answer_code(request: HttpRequest, period_id: int) -> HttpResponse:
    """A person codes an answer with a code they chose (which settles any suggestion for it)."""
    report = report_of(request, period_id)
    form = CodingForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a code from the codebook. Nothing was coded."))
        return _back(request, report)
    answer, code = _answer_and_code_or_404(request, report, form)
    services.answer_code_by_choice(answer=answer, code=code, actor=request.user)
    messages.success(request, _("The answer was coded."))
    return _back(request, report)


@require_POST
@reports_staff_required
def suggestion_accept(request: HttpRequest, period_id: int) -> HttpResponse:
    """A person accepts the code the platform suggested, as it was shown to them."""
    report = report_of(request, period_id)
    form = CodingForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("That suggestion could not be read. Nothing was coded."))
        return _back(request, report)
    answer, code = _answer_and_code_or_404(request, report, form)
    suggestion = CodeSuggestion.objects.filter(answer=answer, code=code).select_related("answer", "code").first()
    if suggestion is None:
        # Already handled, or rebuilt with another code since the page was shown.
        messages.error(request, _("That suggestion is no longer there. Nothing was coded; check the answer again."))
        return _back(request, report)
    services.suggestion_accept(suggestion=suggestion, actor=request.user)
    messages.success(request, _("The suggested code was accepted."))
    return _back(request, report)


@require_POST
@reports_staff_required
def answer_uncode(request: HttpRequest, period_id: int) -> HttpResponse:
    report = report_of(request, period_id)
    form = CodingForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("That coding could not be read. Nothing was removed."))
        return _back(request, report)
    answer, code = _answer_and_code_or_404(request, report, form)
    if services.answer_uncode(answer=answer, code=code, actor=request.user):
        messages.success(request, _("The code was removed from the answer."))
    else:
        messages.info(request, _("The answer did not have that code."))
    return _back(request, report)
