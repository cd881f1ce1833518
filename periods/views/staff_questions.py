"""Staff pages for the questions of a survey task."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from audit.services import audit_denied

from ..access import staff_task_or_404
from ..forms_staff import QuestionForm
from ..models import Question, Task, TaskKind
from ..permissions import can_edit_task, periods_staff_required
from ..services.staff import StaffActionError, question_delete, question_move, question_save
from .staff import run


def _editable_task(request: HttpRequest, period_id: int, task_id: int) -> Task:
    task = staff_task_or_404(request, period_id, task_id)
    if not can_edit_task(request.user, task) or task.kind != TaskKind.SURVEY:
        raise PermissionDenied
    return task


def _question(request: HttpRequest, task: Task, question_id: int) -> Question:
    question = task.questions.filter(pk=question_id).first()
    if question is None:
        raise audit_denied(request, what=f"question {question_id}")
    return question


def _back(task: Task) -> HttpResponse:
    return redirect("periods:staff_task_detail", period_id=task.period_id, task_id=task.pk)


@require_http_methods(["GET", "POST"])
@periods_staff_required
def question_edit(request: HttpRequest, period_id: int, task_id: int, question_id: int | None = None) -> HttpResponse:
    task = _editable_task(request, period_id, task_id)
    question = _question(request, task, question_id) if question_id else Question(task=task)
    has_answers = bool(question.pk) and question.answers.exists()
    form = QuestionForm(request.POST or None, instance=question, task=task, has_answers=has_answers)
    if request.method == "POST" and form.is_valid():
        question_save(question=form.save(commit=False))
        messages.success(request, _("The question has been saved."))
        return _back(task)
    return render(
        request,
        "periods/staff/question_form.html",
        {"form": form, "period": task.period, "task": task, "question": question if question.pk else None},
    )


@require_POST
@periods_staff_required
def question_delete_view(request: HttpRequest, period_id: int, task_id: int, question_id: int) -> HttpResponse:
    task = _editable_task(request, period_id, task_id)
    question = _question(request, task, question_id)
    run(request, lambda: question_delete(question=question), _("The question has been deleted."))
    return _back(task)


@require_POST
@periods_staff_required
def question_move_view(request: HttpRequest, period_id: int, task_id: int, question_id: int) -> HttpResponse:
    task = _editable_task(request, period_id, task_id)
    question = _question(request, task, question_id)
    try:
        moved = question_move(question=question, direction=request.POST.get("direction", ""))
    except StaffActionError as error:
        messages.error(request, str(error))
    else:
        if not moved:
            messages.error(request, _("The question cannot move that way."))
    return _back(task)
