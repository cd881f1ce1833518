"""Staff pages for the tasks of a period: build, order, review, duplicate, preview, statements."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from audit.services import audit_denied
from core.access import SignedInRequest

from ..access import staff_period_or_404, staff_task_or_404
from ..forms_staff import DuplicateTaskForm, ReviewForm, StatementForm, TaskForm
from ..models import Statement, Task, TaskKind
from ..permissions import (
    can_edit_period,
    can_edit_task,
    can_manage_periods,
    periods_staff_required,
    periods_visible_to_staff,
)
from ..question_kinds import AnswerReader
from ..respondents import respondent_names
from ..services.staff import (
    statement_create,
    statement_review,
    task_delete,
    task_duplicate,
    task_has_answers,
    task_move,
    task_review,
    task_save,
)
from .staff import back_to_approvals, require_manager, run


def _task_url(task: Task) -> HttpResponse:
    return redirect("periods:staff_task_detail", period_id=task.period_id, task_id=task.pk)


@require_http_methods(["GET", "POST"])
@periods_staff_required
def task_create(request: HttpRequest, period_id: int) -> HttpResponse:
    """Managers add tasks; a developer proposes one for a period of their organisation."""
    period = staff_period_or_404(request, period_id)
    if period.is_closed:
        messages.error(request, _("The period has closed: no new tasks."))
        return redirect("periods:staff_period_detail", period_id=period.pk)
    form = TaskForm(request.POST or None, request.FILES or None, instance=Task(period=period))
    if request.method == "POST" and form.is_valid():
        task = task_save(by=request.user, task=form.save(commit=False))
        messages.success(request, _("The task has been saved."))
        return _task_url(task)
    return render(request, "periods/staff/task_form.html", {"form": form, "period": period, "task": None})


@require_http_methods(["GET", "POST"])
@periods_staff_required
def task_edit(request: HttpRequest, period_id: int, task_id: int) -> HttpResponse:
    task = staff_task_or_404(request, period_id, task_id)
    if not can_edit_task(request.user, task):
        raise PermissionDenied
    form = TaskForm(request.POST or None, request.FILES or None, instance=task, has_answers=task_has_answers(task))
    if request.method == "POST" and form.is_valid():
        task_save(by=request.user, task=form.save(commit=False))
        messages.success(request, _("The task has been saved."))
        return _task_url(task)
    return render(request, "periods/staff/task_form.html", {"form": form, "period": task.period, "task": task})


@require_GET
@periods_staff_required
def task_detail(request: HttpRequest, period_id: int, task_id: int) -> HttpResponse:
    task = staff_task_or_404(request, period_id, task_id)
    questions = list(task.questions.select_related("show_if_question").order_by("order", "pk"))
    # A condition names the option's words ("kyllä"), not its stored value ("yes").
    conditions = {q.pk: AnswerReader(q.show_if_question).text(q.show_if_value) for q in questions if q.show_if_question}
    statements = list(
        task.statements.select_related("author__member")
        .annotate(
            agree=Count("votes", filter=Q(votes__value=1)),
            disagree=Count("votes", filter=Q(votes__value=-1)),
            passed=Count("votes", filter=Q(votes__value=0)),
        )
        .order_by("status", "created_at", "pk")
        if task.kind == TaskKind.STATEMENTS
        else []
    )
    return render(
        request,
        "periods/staff/task_detail.html",
        {
            "period": task.period,
            "task": task,
            "questions": questions,
            "conditions": conditions,
            "statements": statements,
            "names": respondent_names(request.user, task.period, (s.author for s in statements)),
            "can_edit": can_edit_task(request.user, task),
            "can_manage": can_manage_periods(request.user),
            "can_order": can_edit_period(request.user, task.period),
            "statement_form": StatementForm(),
            "review_form": ReviewForm(),
        },
    )


@require_POST
@periods_staff_required
def task_delete_view(request: HttpRequest, period_id: int, task_id: int) -> HttpResponse:
    task = staff_task_or_404(request, period_id, task_id)
    if not can_edit_task(request.user, task):
        raise PermissionDenied
    if run(request, lambda: task_delete(task=task, by=request.user), _("The task has been deleted.")):
        return redirect("periods:staff_period_detail", period_id=period_id)
    return _task_url(task)


@require_POST
@periods_staff_required
def task_move_view(request: HttpRequest, period_id: int, task_id: int) -> HttpResponse:
    task = staff_task_or_404(request, period_id, task_id)
    if not can_edit_period(request.user, task.period):
        raise PermissionDenied
    if not task_move(task=task, direction=request.POST.get("direction", "")):
        messages.error(request, _("The task cannot move that way."))
    return redirect("periods:staff_period_detail", period_id=period_id)


@require_POST
@periods_staff_required
def task_review_view(request: HttpRequest, period_id: int, task_id: int) -> HttpResponse:
    task = staff_task_or_404(request, period_id, task_id)
    require_manager(request)
    form = ReviewForm(request.POST)
    if form.is_valid():
        decision = form.cleaned_data["decision"]
        run(
            request,
            lambda: task_review(task=task, by=request.user, decision=decision, comment=form.cleaned_data["comment"]),
            _("The task has been approved.") if decision == "approve" else _("The task has been returned."),
        )
    else:
        messages.error(request, _("Choose approve or return; returning needs a comment."))
    return back_to_approvals(request) or redirect("periods:staff_period_detail", period_id=period_id)


@require_http_methods(["GET", "POST"])
@periods_staff_required
def task_duplicate_view(request: HttpRequest, period_id: int, task_id: int) -> HttpResponse:
    task = staff_task_or_404(request, period_id, task_id)
    # Into any period that has not closed yet, the task's own included.
    periods = periods_visible_to_staff(request.user).filter(ends_at__gt=timezone.now()).order_by("-starts_at", "-pk")
    form = DuplicateTaskForm(request.POST or None, periods=periods, initial={"period": task.period_id})
    if request.method == "GET" and not periods.exists():
        messages.error(request, _("There is no period that has not closed to copy the task into."))
    if request.method == "POST" and form.is_valid():
        copy = task_duplicate(task=task, period=form.cleaned_data["period"], by=request.user)
        messages.success(request, _("The task has been copied."))
        return _task_url(copy)
    return render(request, "periods/staff/task_duplicate.html", {"form": form, "period": task.period, "task": task})


@never_cache
@require_GET
@periods_staff_required
def task_preview(request: SignedInRequest, period_id: int, task_id: int) -> HttpResponse:
    """The member's page of the task, with a preview banner; nothing is saved."""
    task = staff_task_or_404(request, period_id, task_id)
    from .member import task_page_render

    return task_page_render(request, task, preview=True)


@require_POST
@periods_staff_required
def statement_create_view(request: HttpRequest, period_id: int, task_id: int) -> HttpResponse:
    task = staff_task_or_404(request, period_id, task_id)
    if not can_edit_task(request.user, task) or task.kind != TaskKind.STATEMENTS:
        raise PermissionDenied
    form = StatementForm(request.POST)
    if form.is_valid():
        statement_create(task=task, **form.cleaned_data)
        messages.success(request, _("The statement has been added."))
    else:
        messages.error(request, _("Write the statement in Finnish, at most 300 characters."))
    return _task_url(task)


@require_POST
@periods_staff_required
def statement_review_view(request: HttpRequest, period_id: int, task_id: int, statement_id: int) -> HttpResponse:
    task = staff_task_or_404(request, period_id, task_id)
    statement = Statement.objects.filter(task=task, pk=statement_id).first()
    if statement is None:
        raise audit_denied(request, what=f"statement {statement_id}")
    require_manager(request)
    decision = request.POST.get("decision")
    if decision not in ("approve", "reject"):
        messages.error(request, _("Choose approve or reject."))
    else:
        run(
            request,
            lambda: statement_review(statement=statement, by=request.user, approve=decision == "approve"),
            _("The statement has been approved.") if decision == "approve" else _("The statement has been rejected."),
        )
    return _task_url(task)
