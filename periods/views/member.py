"""Member pages of periods: my periods, one period, my answers, and the panel on the member's home."""

from django.db.models import Exists, OuterRef, Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from core.access import SignedInRequest, member_required
from core.navigation import next_step_links_for
from core.pagination import paginate
from notifications.context_processors import unread_count

from ..access import member_period_or_404
from ..models import (
    Answer,
    Approval,
    DiaryEntry,
    Period,
    Post,
    Probe,
    Response,
    TaskKind,
    Vote,
)
from ..question_kinds import answer_text
from ..services.next_step import NextStepState, member_next_step, periods_with_progress
from .member_task import task_page_render  # noqa: F401  (the staff preview imports it from here)

ANSWERS_PER_PAGE = 10


@never_cache
@require_GET
@member_required
def my_periods(request: HttpRequest) -> HttpResponse:
    periods = list(periods_with_progress(Period.objects.for_member(request.user), request.user))
    return render(
        request,
        "periods/my_periods.html",
        {
            "open_periods": [p for p in periods if p.is_open],
            "closed_periods": [p for p in periods if p.is_closed],
        },
    )


@never_cache
@require_GET
@member_required
def period_detail(request: SignedInRequest, period_id: int) -> HttpResponse:
    period = member_period_or_404(request, period_id)
    mine = Response.objects.filter(task=OuterRef("pk"), member=request.user)
    tasks = list(
        period.tasks.filter(approval=Approval.APPROVED).annotate(
            started=Exists(mine), finished=Exists(mine.filter(submitted_at__isnull=False))
        )
    )
    return render(
        request,
        "periods/period_detail.html",
        {"period": period, "tasks": tasks, "done": sum(1 for t in tasks if t.finished)},
    )


def member_home_panel(request: SignedInRequest) -> dict:
    """The member's home: open periods with progress, unread notifications and follow-up questions to answer."""
    user = request.user
    if not getattr(user, "is_member", False):
        return {"periods": [], "unread": 0, "probes": []}
    periods = list(periods_with_progress(Period.objects.open().filter(participants__member=user), user))
    probes = list(
        Probe.objects.filter(
            member=user,
            replied_at__isnull=True,
            task__approval=Approval.APPROVED,
            task__period__in=Period.objects.for_member(user),
        )
        .select_related("task__period")
        .order_by("asked_at")[:20]
    )
    for probe in probes:
        probe.url = reverse("periods:member_task", kwargs={"period_id": probe.task.period_id, "task_id": probe.task_id})
    return {
        "periods": periods,
        "unread": unread_count(request),
        "probes": probes,
    }


def next_step_panel(request: SignedInRequest) -> dict:
    """The card at the top of the member's home: continue with the tasks, or what happens next."""
    if not getattr(request.user, "is_member", False):
        return {"step": None}
    step = member_next_step(member=request.user, now=timezone.now())
    links = next_step_links_for(request) if step.state == NextStepState.WAIT else []
    return {"step": step, "links": links}


@never_cache
@require_GET
@member_required
def my_answers(request: SignedInRequest) -> HttpResponse:
    """All of the member's own answers, posts, votes and diary entries, newest task first, read-only."""
    user = request.user
    responses = (
        Response.objects.filter(member=user)
        .select_related("task__period")
        .prefetch_related(Prefetch("answers", queryset=Answer.objects.select_related("question")))
        .order_by("-started_at", "-pk")
    )
    page = paginate(request, responses, per_page=ANSWERS_PER_PAGE)
    items = list(page.object_list)
    task_ids = [r.task_id for r in items]
    posts: dict[int, list] = {}
    for post in Post.objects.filter(author=user, task_id__in=task_ids):
        posts.setdefault(post.task_id, []).append(post)
    votes: dict[int, list] = {}
    for vote in Vote.objects.filter(member=user, statement__task_id__in=task_ids).select_related("statement"):
        votes.setdefault(vote.statement.task_id, []).append(vote)
    entries: dict[int, list] = {}
    for entry in DiaryEntry.objects.filter(member=user, task_id__in=task_ids):
        entries.setdefault(entry.task_id, []).append(entry)
    for response in items:
        task = response.task
        response.rows = []
        if task.kind == TaskKind.SURVEY:
            answers = sorted(response.answers.all(), key=lambda a: (a.question.order, a.question.pk))
            response.rows = [
                (a.question.text, answer_text(a.question, a.value, other=a.other_text, file_name=a.file_name), a)
                for a in answers
            ]
        elif task.kind == TaskKind.DISCUSSION:
            response.rows = [(_("Reply") if p.parent_id else _("Answer"), p.text, None) for p in posts.get(task.pk, [])]
        elif task.kind == TaskKind.STATEMENTS:
            response.rows = [(v.statement.text, str(v.get_value_display()), None) for v in votes.get(task.pk, [])]
        elif task.kind == TaskKind.DIARY:
            response.rows = [(e.day, e.text, None) for e in entries.get(task.pk, [])]
    return render(request, "periods/my_answers.html", {"page": page, "responses": items})
