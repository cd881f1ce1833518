"""Staff pages of period reports: the report, its open answers with coding, its exports.

Periods are fetched through periods.access, so another organisation's report answers a logged 404.
Every page that shows members' own words writes an ANSWERS_VIEWED audit record; every file an
ANSWERS_EXPORTED one.
"""

from collections.abc import Callable
from functools import wraps

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from audit.models import AuditEvent
from audit.services import audit_denied, audit_record
from core.access import staff_required
from core.pagination import paginate
from periods.access import staff_period_or_404
from periods.models import Answer, Question, QuestionKind
from periods.permissions import periods_visible_to_staff

from . import services
from .exports import report_csv, report_xlsx
from .figures import code_counts, open_answers, report_figures
from .forms import CodeForm, CodingForm, CrosstabForm, FindingForm, OpenAnswerFilterForm, ReportForm
from .models import Report
from .permissions import can_deliver_report, can_edit_report, can_use_reports

ANSWERS_PER_PAGE = 20


def reports_staff_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Signed-in staff with a verified second factor who may use reports (members get 403)."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not can_use_reports(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return staff_required(wrapped)


def _report(request: HttpRequest, period_id: int) -> Report:
    return services.report_for(staff_period_or_404(request, period_id))


def figures_of(report: Report) -> dict:
    """A delivered report reads its snapshot; a draft is counted afresh."""
    return report.snapshot if report.is_delivered and report.snapshot else report_figures(report.period)


def _to_report(report: Report, anchor: str = "") -> HttpResponse:
    return redirect(reverse("reports:detail", args=[report.period_id]) + anchor)


@never_cache
@require_GET
@reports_staff_required
def report_list(request: HttpRequest) -> HttpResponse:
    periods = periods_visible_to_staff(request.user).order_by("-starts_at").select_related("report")
    return render(request, "reports/report_list.html", {"page": paginate(request, periods)})


@never_cache
@require_GET
@reports_staff_required
def report_detail(request: HttpRequest, period_id: int) -> HttpResponse:
    report = _report(request, period_id)
    figures = figures_of(report)
    crosstab_form = CrosstabForm(request.GET or None, questions=figures["questions"])
    crosstab = None
    if crosstab_form.is_bound and crosstab_form.is_valid():
        question_id, variable = crosstab_form.cleaned_data["question"], crosstab_form.cleaned_data["variable"]
        if question_id and variable:
            crosstab = figures["crosstabs"].get(str(question_id), {}).get(variable)
    # "Other" answers on this page are members' own words.
    audit_record(actor=request.user, action=AuditEvent.Action.ANSWERS_VIEWED, obj=report, detail={"view": "report"})
    return render(
        request,
        "reports/report_detail.html",
        {
            "period": report.period,
            "report": report,
            "figures": figures,
            "findings": report.findings.all(),
            "crosstab_form": crosstab_form,
            "crosstab": crosstab,
            "crosstab_asked": crosstab_form.is_bound,
            "can_edit": can_edit_report(request.user, report),
            "can_deliver": can_deliver_report(request.user, report),
            "report_form": ReportForm(instance=report),
            "finding_form": FindingForm(),
        },
    )


@require_POST
@reports_staff_required
def report_edit(request: HttpRequest, period_id: int) -> HttpResponse:
    report = _report(request, period_id)
    if not can_edit_report(request.user, report):
        raise PermissionDenied
    form = ReportForm(request.POST, instance=report)
    if form.is_valid():
        services.report_update(
            report=report,
            actor=request.user,
            summary=form.cleaned_data["summary"],
            recommendations=form.cleaned_data["recommendations"],
        )
        messages.success(request, _("The report was saved."))
    else:
        messages.error(request, _("The report was not saved."))
    return _to_report(report, "#written")


@require_POST
@reports_staff_required
def finding_create(request: HttpRequest, period_id: int) -> HttpResponse:
    report = _report(request, period_id)
    if not can_edit_report(request.user, report):
        raise PermissionDenied
    form = FindingForm(request.POST)
    if form.is_valid():
        services.finding_create(report=report, actor=request.user, **form.cleaned_data)
        messages.success(request, _("The finding was added."))
    else:
        messages.error(request, _("Give the finding a title."))
    return _to_report(report, "#findings")


@require_POST
@reports_staff_required
def report_deliver(request: HttpRequest, period_id: int) -> HttpResponse:
    report = _report(request, period_id)
    if not can_deliver_report(request.user, report):
        raise PermissionDenied
    services.report_deliver(report=report, actor=request.user)
    messages.success(request, _("The report was delivered. Its figures no longer change."))
    return _to_report(report)


@never_cache
@require_GET
@reports_staff_required
def report_answers(request: HttpRequest, period_id: int) -> HttpResponse:
    report = _report(request, period_id)
    period = report.period
    tasks = list(period.tasks.order_by("order", "pk"))
    questions = list(
        Question.objects.filter(task__period=period, kind=QuestionKind.TEXT).order_by("task__order", "order", "pk")
    )
    form = OpenAnswerFilterForm(request.GET or None, tasks=tasks, questions=questions)
    filters = form.cleaned_data if form.is_bound and form.is_valid() else {}
    result = open_answers(
        period,
        task=filters.get("task"),
        question=filters.get("question"),
        search=filters.get("search", ""),
        segment=form.segment() if filters else {},
    )
    page = paginate(request, result["answers"], ANSWERS_PER_PAGE)
    codes = list(period.codes.all())
    coded = {}
    for answer_id, code_name in Answer.objects.filter(
        pk__in=[row["id"] for row in page.object_list], codings__isnull=False
    ).values_list("pk", "codings__code__name"):
        coded.setdefault(answer_id, []).append(code_name)
    titles = {t.pk: t.title for t in tasks}
    texts = {q.pk: q.text for q in questions}
    rows = [
        {
            "id": row["id"],
            "text": row["value"] if isinstance(row["value"], str) else "",
            "question": texts.get(row["question_id"], ""),
            "task": titles.get(row["question__task_id"], ""),
            "pseudonym": row["response__member__member__pseudonym"] or _("deleted member"),
            "codes": coded.get(row["id"], []),
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
            "code_form": CodeForm(),
            "code_counts": code_counts(period),
        },
    )


@require_POST
@reports_staff_required
def code_create(request: HttpRequest, period_id: int) -> HttpResponse:
    report = _report(request, period_id)
    form = CodeForm(request.POST)
    if form.is_valid():
        services.code_create(period=report.period, name=form.cleaned_data["name"])
        messages.success(request, _("The code was added to the codebook."))
    else:
        messages.error(request, _("Give the code a name."))
    return redirect("reports:answers", report.period_id)


@require_POST
@reports_staff_required
def answer_code(request: HttpRequest, period_id: int) -> HttpResponse:
    report = _report(request, period_id)
    form = CodingForm(request.POST)
    if not form.is_valid():
        raise Http404
    answer = (
        Answer.objects.filter(pk=form.cleaned_data["answer"], question__task__period=report.period)
        .select_related("question__task")
        .first()
    )
    code = report.period.codes.filter(pk=form.cleaned_data["code"]).first()
    if answer is None or code is None:
        raise audit_denied(request, what=f"answer {form.cleaned_data['answer']}")
    services.answer_code(answer=answer, code=code, actor=request.user)
    messages.success(request, _("The answer was coded."))
    back = request.POST.get("next", "")
    if back.startswith("?"):
        return redirect(reverse("reports:answers", args=[report.period_id]) + back)
    return redirect("reports:answers", report.period_id)


@never_cache
@require_GET
@reports_staff_required
def report_export(request: HttpRequest, period_id: int, fmt: str) -> HttpResponse:
    report = _report(request, period_id)
    figures = figures_of(report)
    audit_record(actor=request.user, action=AuditEvent.Action.ANSWERS_EXPORTED, obj=report, detail={"format": fmt})
    filename = f"report-{report.period_id}.{fmt}"
    if fmt == "xlsx":
        return report_xlsx(figures, filename)
    return report_csv(figures, filename)
