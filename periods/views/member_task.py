"""The member's page of one task: answer a survey, post in a discussion, vote, keep a diary.

Every post is first stored as the member's draft, so that nothing typed is lost to a validation
error, a closed period, a version conflict in another tab or an expired session.
"""

from collections import defaultdict
from collections.abc import Callable
from functools import wraps

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db.models import Count, Exists, OuterRef
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from accounts.services import session_renew, session_seconds_left
from core.access import SignedInRequest, member_required

from ..access import member_task_or_404
from ..forms_member import DiaryForm, PostForm, ProbeReplyForm, ReplyForm, StatementForm, SurveyForm, survey_initial
from ..models import DiaryEntry, Like, Post, Probe, Response, StatementStatus, Task, TaskKind, Vote, VoteChoice
from ..services.answers import (
    PeriodClosed,
    VersionConflict,
    diary_default_day,
    diary_write,
    draft_clear,
    draft_data,
    draft_key_make,
    draft_key_read,
    draft_save,
    draft_side,
    pending_draft_apply,
    pending_draft_store,
    post_create,
    survey_submit,
)
from ..uploads import file_name_clean


def task_url(task: Task) -> str:
    return reverse("periods:member_task", kwargs={"period_id": task.period_id, "task_id": task.pk})


def keeps_expired_posts(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Before the login check: keep a form posted after the session expired as a pending draft.

    The signed `draft_key` of the form names the member and the task; the text waits on the server
    until that member logs in again and opens the task.
    """

    @wraps(view)
    def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if request.method != "POST" or "draft_key" not in request.POST:
            return view(request, *args, **kwargs)
        ids = draft_key_read(request.POST["draft_key"])
        if ids is None or ids[1] != kwargs.get("task_id"):
            return view(request, *args, **kwargs)
        wants_json = request.headers.get("accept", "").startswith("application/json")
        if request.user.is_authenticated and request.user.pk == ids[0]:
            return view(request, *args, **kwargs)
        # The session has expired, or someone else has logged in on this browser since the form
        # was opened: the text goes to the member who wrote it, never into another's answer.
        pending = pending_draft_store(key=request.POST["draft_key"], data=draft_data(request.POST))
        if pending is None:
            return view(request, *args, **kwargs)
        next_url = reverse("periods:member_task", kwargs={"period_id": kwargs["period_id"], "task_id": ids[1]})
        if wants_json:
            return JsonResponse({"expired": True, "kept": True}, status=401)
        if request.user.is_authenticated:
            messages.info(
                request, _("This form was opened by another login. Its text was kept for the person who wrote it.")
            )
            return redirect(next_url)
        messages.info(request, _("Your text is saved; log in to continue."))
        return redirect_to_login(next_url)

    return wrapped


def _files_not_kept(request: HttpRequest) -> None:
    """Files are stored only with sent answers, never in a draft: name those the member must attach again."""
    # A field whose list of files is empty reads as [], not as a file.
    names = [
        file_name_clean(upload.name or "") for upload in request.FILES.values() if isinstance(upload, UploadedFile)
    ]
    if names:
        messages.warning(
            request,
            ngettext(
                "The file “%(names)s” was not saved with this form. Attach it again when you send your answers.",
                "The files “%(names)s” were not saved with this form. Attach them again when you send your answers.",
                len(names),
            )
            % {"names": ", ".join(names)},
        )


def _version(post) -> int:
    try:
        return max(0, int(post.get("version", "0")))
    except ValueError:
        return 0


def _questions(task: Task) -> list:
    return list(task.questions.all())


# --- the page ---


@never_cache
@require_http_methods(["GET", "POST"])
@keeps_expired_posts
@member_required
def task_page(request: SignedInRequest, period_id: int, task_id: int) -> HttpResponse:
    task = member_task_or_404(request, period_id, task_id)
    if request.method == "POST":
        return _answer_post(request, task)
    session_renew(request.session)
    if pending_draft_apply(task=task, member=request.user) is not None:
        messages.info(request, _("We kept the text you wrote before your session ended. Check it and send it."))
    return task_page_render(request, task, preview=False)


def _answer_post(request: SignedInRequest, task: Task) -> HttpResponse:
    if task.kind == TaskKind.STATEMENTS:
        return redirect(task_url(task))
    data = draft_data(request.POST)
    try:
        response = draft_save(task=task, member=request.user, data=data, version=_version(request.POST))
    except VersionConflict as conflict:
        messages.error(
            request,
            _(
                "This answer was changed in another window or tab after you opened this page. Nothing was "
                "overwritten: your text is in the form and the newer saved version is shown beside it. "
                "Combine them and save again."
            ),
        )
        _files_not_kept(request)
        return task_page_render(request, task, preview=False, conflict=conflict.response, posted=data, status=409)
    if not task.period.is_open:
        messages.error(
            request, _("The period has closed, so answers can no longer be changed. The text you sent is kept below.")
        )
        _files_not_kept(request)
        return task_page_render(request, task, preview=False, response=response, closed_text=data, status=409)
    if request.POST.get("action") == "draft":
        messages.success(request, _("Your draft has been saved."))
        _files_not_kept(request)
        return redirect(task_url(task))
    try:
        if task.kind == TaskKind.SURVEY:
            return _survey_post(request, task, response)
        if task.kind == TaskKind.DISCUSSION:
            return _discussion_post(request, task, response)
        return _diary_post(request, task, response)
    except PeriodClosed:
        messages.error(request, _("The period has closed, so answers can no longer be changed."))
        _files_not_kept(request)
        return task_page_render(request, task, preview=False, response=response, closed_text=data, status=409)


def _survey_post(request: SignedInRequest, task: Task, response: Response) -> HttpResponse:
    questions = _questions(task)
    form = SurveyForm(request.POST, request.FILES, questions=questions, existing_files=_existing_files(response))
    if not form.is_valid():
        _files_not_kept(request)
        return task_page_render(request, task, preview=False, response=response, form=form, status=400)
    survey_submit(task=task, member=request.user, answers=form.answers())
    messages.success(
        request, _("Thank you! Your answers have been saved. You can change them until the period closes.")
    )
    return redirect(task_url(task))


def _discussion_post(request: SignedInRequest, task: Task, response: Response) -> HttpResponse:
    form = PostForm(request.POST)
    if not form.is_valid():
        return task_page_render(request, task, preview=False, response=response, form=form, status=400)
    post_create(task=task, member=request.user, text=form.cleaned_data["text"])
    draft_clear(response=response)
    messages.success(request, _("Your answer has been posted."))
    return redirect(task_url(task))


def _diary_post(request: SignedInRequest, task: Task, response: Response) -> HttpResponse:
    form = DiaryForm(request.POST)
    if form.is_valid():
        try:
            diary_write(task=task, member=request.user, day=form.cleaned_data["day"], text=form.cleaned_data["text"])
        except ValidationError as error:
            form.add_error("day", error)
        else:
            draft_clear(response=response)
            messages.success(request, _("Your diary entry has been saved."))
            return redirect(task_url(task))
    return task_page_render(request, task, preview=False, response=response, form=form, status=400)


def _existing_files(response: Response | None) -> dict[int, str]:
    if response is None or response.pk is None:
        return {}
    return {a.question_id: a.file_name for a in response.answers.exclude(file="")}


# --- rendering, shared with the staff preview ---


def task_page_render(
    request: SignedInRequest,
    task: Task,
    *,
    preview: bool,
    response: Response | None = None,
    form=None,
    conflict: Response | None = None,
    posted: dict | None = None,
    closed_text: dict | None = None,
    status: int = 200,
) -> HttpResponse:
    """The task as a member sees it; with `preview`, for staff: a banner, nothing saved or sent."""
    member = None if preview else request.user
    if member is not None and response is None:
        response = Response.objects.filter(task=task, member=member).first()
    if conflict is not None:
        response = conflict
    read_only = preview or not task.period.is_open
    context = {
        "task": task,
        "period": task.period,
        "preview": preview,
        "read_only": read_only,
        "answer_page": not read_only,
        "response": response,
        "version": response.version if response else 0,
        "draft_key": draft_key_make(member_id=member.pk, task_id=task.pk) if member else "",
        "session_seconds": session_seconds_left(request.session) if member else 0,
        "closed_text": _readable(task, closed_text) if closed_text else None,
        "conflict_theirs": _readable(task, conflict.draft) if conflict is not None else None,
        "conflict_saved_at": conflict.draft_saved_at if conflict is not None else None,
        "probes": _probes(task, member),
    }
    builder = {
        TaskKind.SURVEY: _survey_context,
        TaskKind.DISCUSSION: _discussion_context,
        TaskKind.STATEMENTS: _statements_context,
        TaskKind.DIARY: _diary_context,
    }[TaskKind(task.kind)]
    context.update(builder(task, member, response, form=form, posted=posted, read_only=read_only))
    return render(request, "periods/task.html", context, status=status)


def _draft(response: Response | None, posted: dict | None) -> dict:
    if posted is not None:
        return posted
    return response.draft if response is not None else {}


def _survey_context(task, member, response, *, form, posted, read_only) -> dict:
    questions = _questions(task)
    existing = {}
    if form is None:
        answers = {}
        if response is not None:
            answers = {a.question_id: a for a in response.answers.all()}
            existing = {pk: a.file_name for pk, a in answers.items() if a.file}
        initial = survey_initial(questions, _draft(response, posted), answers)
        # The staff preview (no member) keeps its inputs usable, so that conditional questions can be
        # tried; its buttons stay disabled and its form posts nowhere.
        disabled = read_only and member is not None
        form = SurveyForm(initial=initial, questions=questions, existing_files=existing, disabled=disabled)
        files = [a for a in answers.values() if a.file]
    else:
        files = list(response.answers.exclude(file="")) if response is not None else []
    return {"form": form, "blocks": form.blocks(), "files": files}


def _discussion_context(task, member, response, *, form, posted, read_only) -> dict:
    if form is None:
        draft = _draft(response, posted)
        form = PostForm(initial={"text": _last(draft.get("text"))})
    if read_only:
        _disable(form)
    if member is None:
        return {"form": form, "posts": [], "has_posted": False, "others_hidden": task.others_after_answering}
    member_posted = has_posted(task, member)
    posts = Post.objects.visible_to(member, task=task, has_posted=member_posted).select_related("author__member")
    posts = posts.annotate(
        like_count=Count("likes"), liked=Exists(Like.objects.filter(post=OuterRef("pk"), member=member))
    )
    replies: defaultdict[int, list[Post]] = defaultdict(list)
    top: list[Post] = []
    for post in posts:
        (replies[post.parent_id] if post.parent_id else top).append(post)
    for post in top:
        post.reply_list = replies.get(post.pk, [])
        post.reply_draft = _last(draft_side(response, f"reply-{post.pk}").get("text"))
    return {
        "form": form,
        "posts": top,
        "has_posted": member_posted,
        "others_hidden": task.others_after_answering and not member_posted,
        "reply_form": ReplyForm(),
    }


def has_posted(task: Task, member) -> bool:
    return Post.objects.filter(task=task, author=member, parent=None).exists()


def _statements_context(task, member, response, *, form, posted, read_only) -> dict:
    statements = list(task.statements.filter(status=StatementStatus.APPROVED))
    mine = {}
    own = []
    if member is not None:
        mine = dict(Vote.objects.filter(member=member, statement__task=task).values_list("statement_id", "value"))
        own = list(task.statements.filter(author=member).exclude(status=StatementStatus.APPROVED))
    for statement in statements:
        statement.my_vote = mine.get(statement.pk)
    if form is None:
        draft = _draft(response, posted)
        form = StatementForm(initial={"text": _last(draft.get("text"))})
    if read_only:
        _disable(form)
    return {
        "statements": statements,
        "own_statements": own,
        "statement_form": form,
        "vote_choices": VoteChoice.choices,
        "voted": len(mine),
    }


def _diary_context(task, member, response, *, form, posted, read_only) -> dict:
    if form is None:
        draft = _draft(response, posted)
        form = DiaryForm(
            initial={"day": _last(draft.get("day")) or diary_default_day(task), "text": _last(draft.get("text"))}
        )
    if read_only:
        _disable(form)
    entries = list(DiaryEntry.objects.filter(task=task, member=member)) if member else []
    return {"form": form, "entries": entries}


def _probes(task: Task, member) -> list:
    if member is None:
        return []
    probes = list(Probe.objects.filter(task=task, member=member).order_by("asked_at"))
    for probe in probes:
        probe.form = ProbeReplyForm(prefix=f"probe{probe.pk}")
    return probes


def _last(values) -> str:
    if isinstance(values, list):
        return values[-1] if values else ""
    return values or ""


def _disable(form) -> None:
    for field in form.fields.values():
        field.disabled = True


def _readable(task: Task, data: dict) -> list[tuple[str, str]]:
    """A stored draft as (label, text) pairs, to show it beside the form or read-only."""
    labels = {"text": _("Text"), "day": _("Day")}
    if task.kind == TaskKind.SURVEY:
        form = SurveyForm(questions=_questions(task))
        labels = {name: str(field.label) for name, field in form.fields.items()}
        choices = {name: dict(getattr(field, "choices", [])) for name, field in form.fields.items()}
    else:
        choices = {}
    pairs = []
    for key, values in (data or {}).items():
        if key not in labels:
            continue
        values = values if isinstance(values, list) else [values]
        shown = [str(choices.get(key, {}).get(v, v)) for v in values if v != ""]
        if shown:
            pairs.append((labels[key], ", ".join(shown)))
    return pairs
