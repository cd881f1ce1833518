"""Staff pages for running a period: live view and moderation, reading answers, probes and notes.

Members appear to developers by the period's respondent label and to community managers by pseudonym
(periods.respondents), never by name; every page of raw answers writes an audit record.
"""

from django.contrib import messages
from django.db.models import Count, IntegerField, OuterRef, Prefetch, Q, Subquery
from django.db.models.functions import Coalesce
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.models import User
from audit.models import AuditEvent
from audit.services import audit_denied, audit_record
from core.pagination import paginate

from ..access import staff_period_or_404, staff_task_or_404
from ..forms_staff import HideForm, NoteForm, ProbeFilterForm, ProbeForm
from ..models import DiaryEntry, Period, Post, Probe, Response, TaskKind, TeamNote
from ..permissions import periods_staff_required
from ..question_kinds import answer_text
from ..respondents import respondent_names
from ..services.staff import StaffActionError, note_create, post_hide, post_unhide, probe_create
from .staff import require_manager, run

ANSWERS_PER_PAGE = 10
LATEST_POSTS = 20


def _count(queryset, field: str = "pk", distinct: bool = False) -> Coalesce:
    """A per-task count as a subquery, so that one query counts every task of the page."""
    counted = queryset.filter(task=OuterRef("pk")).order_by().values("task").annotate(n=Count(field, distinct=distinct))
    return Coalesce(Subquery(counted.values("n"), output_field=IntegerField()), 0)


@never_cache
@require_GET
@periods_staff_required
def period_live(request: HttpRequest, period_id: int) -> HttpResponse:
    period = staff_period_or_404(request, period_id)
    tasks = period.tasks.order_by("order", "pk").annotate(
        started=_count(Response.objects.all()),
        finished=_count(Response.objects.filter(submitted_at__isnull=False)),
        posters=_count(Post.objects.filter(parent__isnull=True), "author", distinct=True),
    )
    posts = list(
        Post.objects.filter(task__period=period)
        .select_related("author__member", "task")
        .order_by("-created_at", "-pk")[:LATEST_POSTS]
    )
    # The latest posts are members' own words: reading them is logged like any page of answers.
    audit_record(actor=request.user, action=AuditEvent.Action.ANSWERS_VIEWED, obj=period, detail={"view": "live"})
    return render(
        request,
        "periods/staff/period_live.html",
        {
            "period": period,
            "tasks": tasks,
            "invited": period.participants.count(),
            "posts": posts,
            "names": respondent_names(request.user, period, (post.author for post in posts)),
            "hide_form": HideForm(),
            "discussion": TaskKind.DISCUSSION,
        },
    )


def _post(request: HttpRequest, period: Period, post_id: int) -> Post:
    post = Post.objects.filter(task__period=period, pk=post_id).select_related("task").first()
    if post is None:
        raise audit_denied(request, what=f"post {post_id}")
    return post


@require_POST
@periods_staff_required
def post_hide_view(request: HttpRequest, period_id: int, post_id: int) -> HttpResponse:
    period = staff_period_or_404(request, period_id)
    post = _post(request, period, post_id)
    require_manager(request)
    form = HideForm(request.POST)
    if form.is_valid():
        run(
            request,
            lambda: post_hide(post=post, by=request.user, reason=form.cleaned_data["reason"]),
            _("The post has been hidden and its author told why."),
        )
    else:
        messages.error(request, _("Give the reason for hiding the post (at most 300 characters)."))
    return redirect("periods:staff_period_live", period_id=period.pk)


@require_POST
@periods_staff_required
def post_unhide_view(request: HttpRequest, period_id: int, post_id: int) -> HttpResponse:
    period = staff_period_or_404(request, period_id)
    post = _post(request, period, post_id)
    require_manager(request)
    post_unhide(post=post, by=request.user)
    messages.success(request, _("The post is shown again."))
    return redirect("periods:staff_period_live", period_id=period.pk)


def _answer_rows(questions, response) -> list[tuple]:
    """(question, the answer as text, file address) for each question, from the prefetched answers."""
    answers = {answer.question_id: answer for answer in response.answers.all()}
    rows = []
    for question in questions:
        answer = answers.get(question.pk)
        file_url = reverse("periods:answer_file", args=[answer.pk]) if answer and answer.file else ""
        text = (
            answer_text(question, answer.value, other=answer.other_text, file_name=answer.file_name) if answer else ""
        )
        rows.append((question, text or "—", file_url))
    return rows


@never_cache
@require_GET
@periods_staff_required
def task_answers(request: HttpRequest, period_id: int, task_id: int) -> HttpResponse:
    """All responses to one task by respondent label (pseudonym for managers); each view is audit-logged."""
    task = staff_task_or_404(request, period_id, task_id)
    notes = Prefetch("notes", queryset=TeamNote.objects.select_related("author").order_by("created_at"))
    context: dict = {"period": task.period, "task": task, "note_form": NoteForm()}
    if task.kind == TaskKind.DISCUSSION:
        posts = (
            task.posts.select_related("author__member", "parent__author__member")
            .annotate(like_count=Count("likes"))
            .prefetch_related(notes)
            .order_by("created_at", "pk")
        )
        page = paginate(request, posts, ANSWERS_PER_PAGE)
        people = [person for post in page for person in (post.author, post.parent and post.parent.author)]
    else:
        questions = list(task.questions.order_by("order", "pk"))
        responses = (
            task.responses.select_related("member__member")
            .prefetch_related("answers", notes)
            .annotate(vote_count=Count("member__votes", filter=Q(member__votes__statement__task=task)))
            .order_by("pk")
        )
        page = paginate(request, responses, ANSWERS_PER_PAGE)
        people = [response.member for response in page]
        entries: dict[int, list] = {}
        if task.kind == TaskKind.DIARY:
            for entry in DiaryEntry.objects.filter(task=task, member_id__in=[r.member_id for r in page]):
                entries.setdefault(entry.member_id, []).append(entry)
        context["rows"] = [
            (response, _answer_rows(questions, response), entries.get(response.member_id, [])) for response in page
        ]
        if task.kind == TaskKind.STATEMENTS:
            context["statements"] = task.statements.annotate(
                agree=Count("votes", filter=Q(votes__value=1)),
                disagree=Count("votes", filter=Q(votes__value=-1)),
                passed=Count("votes", filter=Q(votes__value=0)),
            ).order_by("status", "pk")
    context["page"] = page
    context["names"] = respondent_names(request.user, task.period, people)
    audit_record(
        actor=request.user,
        action=AuditEvent.Action.ANSWERS_VIEWED,
        obj=task,
        detail={"page": page.number, "period": task.period_id},
    )
    return render(request, "periods/staff/task_answers.html", context)


def _source(request: HttpRequest, task, data) -> tuple[Response | None, Post | None, User]:
    """The response or post named in the request, of this task, and its member; or a logged 404."""
    response_id, post_id = data.get("response", ""), data.get("post", "")
    if response_id.isdigit() and not post_id:
        response = task.responses.filter(pk=response_id).select_related("member__member").first()
        if response is not None:
            return response, None, response.member
    elif post_id.isdigit() and not response_id:
        post = task.posts.filter(pk=post_id).select_related("author__member").first()
        if post is not None:
            return None, post, post.author
    raise audit_denied(request, what=f"response {response_id} / post {post_id}")


def _answers_url(task) -> str:
    return reverse("periods:staff_task_answers", kwargs={"period_id": task.period_id, "task_id": task.pk})


@never_cache
@require_http_methods(["GET", "POST"])
@periods_staff_required
def probe_create_view(request: HttpRequest, period_id: int, task_id: int) -> HttpResponse:
    """Ask the member behind one response or post a follow-up question."""
    task = staff_task_or_404(request, period_id, task_id)
    response, post, member = _source(request, task, request.POST if request.method == "POST" else request.GET)
    form = ProbeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            probe_create(
                by=request.user,
                member=member,
                task=task,
                response=response,
                post=post,
                question=form.cleaned_data["question"],
            )
        except StaffActionError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The follow-up question has been sent."))
            return redirect(_answers_url(task))
    if request.method == "GET":
        audit_record(
            actor=request.user,
            action=AuditEvent.Action.ANSWERS_VIEWED,
            obj=response or post,
            subject_user=member,
            detail={"view": "probe"},
        )
    return render(
        request,
        "periods/staff/probe_form.html",
        {
            "form": form,
            "period": task.period,
            "task": task,
            "response": response,
            "post": post,
            "name": respondent_names(request.user, task.period, [member])[member.pk],
        },
    )


@require_POST
@periods_staff_required
def note_create_view(request: HttpRequest, period_id: int, task_id: int) -> HttpResponse:
    task = staff_task_or_404(request, period_id, task_id)
    response, post, _member = _source(request, task, request.POST)
    form = NoteForm(request.POST)
    if form.is_valid():
        run(
            request,
            lambda: note_create(by=request.user, text=form.cleaned_data["text"], response=response, post=post),
            _("The note has been saved."),
        )
    else:
        messages.error(request, _("Write the note (at most 4000 characters)."))
    return redirect(_answers_url(task))


@require_GET
@periods_staff_required
def probe_list(request: HttpRequest, period_id: int) -> HttpResponse:
    period = staff_period_or_404(request, period_id)
    form = ProbeFilterForm(request.GET or None)
    probes = Probe.objects.filter(task__period=period).select_related("member__member", "task")
    state = form.cleaned_data["state"] if form.is_valid() else ""
    if state == "answered":
        probes = probes.filter(replied_at__isnull=False)
    elif state == "unanswered":
        probes = probes.filter(replied_at__isnull=True)
    page = paginate(request, probes.order_by("-asked_at", "-pk"))
    return render(
        request,
        "periods/staff/probe_list.html",
        {
            "period": period,
            "form": form,
            "page": page,
            "names": respondent_names(request.user, period, (probe.member for probe in page)),
        },
    )
