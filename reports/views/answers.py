"""The open answers of a report: search and filters (respecting k), the codebook, coding and suggestions.

Answers carry the period's respondent labels, never pseudonyms (periods.respondents), and can be
filtered by the one background variable a community manager chose for the report, only into
segments that figures.open_answers allows after every other filter. Every view of the answers
writes an ANSWERS_VIEWED audit record, with the segment asked for. The platform only suggests codes:
each coding is made by a person, one click per answer. Every action redirects back to the same
filtered page and page number.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from audit.models import AuditEvent
from audit.services import audit_denied, audit_record
from core.access import SignedInRequest
from core.pagination import paginate
from periods.models import Answer, Question, QuestionKind
from periods.respondents import respondent_labels

from .. import services
from ..figures import code_counts, open_answers, variable_labels
from ..forms import NOT_GIVEN, AnswerFilterForm, CodeForm, CodingForm, OpenAnswerFilterForm
from ..models import AnswerCoding, Code, CodeSuggestion, Report
from ..permissions import can_manage_reports, reports_staff_required
from ..rules import threshold
from .common import report_of

ANSWERS_PER_PAGE = 20


def _segment_asked(request: HttpRequest, report: Report, form: OpenAnswerFilterForm) -> tuple[str | None, str]:
    """The segment asked for, of the report's own variable, or None; and why a request was refused.

    A segment of any other variable is ignored with a message: the whole list is shown, as it
    would be without the segment, never a part of it.
    """
    asked = request.GET.get("variable", "")
    if not asked:
        return None, ""
    variable = report.answer_filter_variable
    if asked != variable:
        if variable:
            message = _("Open answers of this report can be filtered by %(variable)s only. All answers are shown.")
            return None, message % {"variable": variable_labels()[variable]}
        return None, _("Open answers of this report are not filtered by background. All answers are shown.")
    if not form.is_valid():
        return None, ""
    value = form.cleaned_data.get("value", "")
    # "" is the choice "all respondents"; the group that did not give the background is "-".
    if value == "":
        return None, ""
    return ("" if value == NOT_GIVEN else value), ""


@never_cache
@require_GET
@reports_staff_required
def report_answers(request: SignedInRequest, period_id: int) -> HttpResponse:
    report = report_of(request, period_id)
    period = report.period
    tasks = list(period.tasks.order_by("order", "pk"))
    questions = list(Question.objects.open_text_of(period))
    codes = list(period.codes.all())
    variable = report.answer_filter_variable
    form = OpenAnswerFilterForm(request.GET or None, tasks=tasks, questions=questions, codes=codes, variable=variable)
    filters = form.cleaned_data if form.is_bound and form.is_valid() else {}
    value, refused = _segment_asked(request, report, form)
    result = open_answers(
        period,
        task=filters.get("task"),
        question=filters.get("question"),
        search=filters.get("search", ""),
        coding=filters.get("coding", ""),
        code=filters.get("code"),
        variable=variable,
        value=value,
    )
    too_few, answers = result["too_few"], result["answers"]
    if value is not None and not too_few and not services.report_answer_filter_use(report=report, variable=variable):
        too_few, answers = True, answers.none()
    if variable:
        form.segments_offered(result["segments"])
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
    labels = respondent_labels(period, [row["response__member_id"] for row in page.object_list])
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
    # Which segments were asked for, and whether they were shown, is what a reader combining
    # lists would leave behind: it goes into the record with the view itself.
    detail: dict = {"view": "open_answers"}
    if request.GET.get("variable"):
        detail["segment"] = {
            "variable": request.GET.get("variable", "")[:30],
            "value": request.GET.get("value", "")[:100],
        }
        detail["shown"] = value is not None and not too_few
    audit_record(actor=request.user, action=AuditEvent.Action.ANSWERS_VIEWED, obj=report, detail=detail)
    return render(
        request,
        "reports/report_answers.html",
        {
            "period": period,
            "report": report,
            "form": form,
            "variable": variable,
            "variable_label": variable_labels().get(variable, ""),
            "refused": refused,
            "page": page,
            "rows": rows,
            "too_few": too_few,
            "k": threshold(),
            "codes": codes,
            "findings": list(report.findings.all()) if not report.is_delivered else [],
            "code_form": CodeForm(),
            "code_counts": code_counts(period),
            "back": "?" + request.GET.urlencode(),
            "answer_filter_form": AnswerFilterForm(report=report) if can_manage_reports(request.user) else None,
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


@require_POST
@reports_staff_required
def answer_filter_set(request: SignedInRequest, period_id: int) -> HttpResponse:
    """A community manager chooses the one background variable by which open answers may be filtered."""
    report = report_of(request, period_id)
    if not can_manage_reports(request.user):
        raise PermissionDenied
    form = AnswerFilterForm(request.POST, report=report)
    if not form.is_valid():
        messages.error(
            request, " ".join(map(str, form.errors.get("variable", [_("Choose one of the background variables.")])))
        )
        return redirect(reverse("reports:answers", args=[report.period_id]) + "#answer-filter")
    try:
        services.report_answer_filter_set(report=report, actor=request.user, variable=form.cleaned_data["variable"])
    except services.ReportError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("The background variable for open answers was saved."))
    return redirect(reverse("reports:answers", args=[report.period_id]) + "#answer-filter")
