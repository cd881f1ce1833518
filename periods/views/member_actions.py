"""What members do on a task page besides the main form: autosave, replies, likes, votes, edits, files."""

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.http import FileResponse, HttpRequest, HttpResponse, HttpResponseBase, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.formats import time_format
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from accounts.services import session_renew, session_seconds_left
from audit.models import AuditEvent
from audit.services import audit_denied, audit_record
from core.access import SignedInRequest, member_required

from ..access import member_task_or_404
from ..forms_member import DiaryForm, PostForm, ProbeReplyForm, ReplyForm, StatementForm, VoteForm, votes_from_post
from ..models import Answer, DiaryEntry, Post, Probe, Response, StatementStatus, Task
from ..permissions import periods_visible_to_staff
from ..services.answers import (
    PeriodClosed,
    VersionConflict,
    diary_write,
    draft_data,
    draft_save,
    draft_side,
    draft_side_clear,
    draft_side_save,
    like_toggle,
    post_create,
    post_edit,
    probe_reply,
    statement_propose,
    votes_save,
)
from .member_task import has_posted, keeps_expired_posts, task_page_render, task_url


def _closed() -> str:
    return _("The period has closed, so answers can no longer be changed.")


@never_cache
@require_POST
@keeps_expired_posts
@member_required
def autosave(request: HttpRequest, period_id: int, task_id: int) -> JsonResponse:
    """Store the form as typed (JavaScript calls this every few seconds); answers JSON."""
    task = member_task_or_404(request, period_id, task_id)
    try:
        version = max(0, int(request.POST.get("version", "0")))
    except ValueError:
        version = 0
    try:
        response = draft_save(task=task, member=request.user, data=draft_data(request.POST), version=version)
    except VersionConflict as conflict:
        return JsonResponse(
            {
                "conflict": True,
                "version": conflict.response.version,
                "message": _("A newer version was saved in another window. Save the form to see both versions."),
            },
            status=409,
        )
    saved_at = time_format(timezone.localtime(response.draft_saved_at), "TIME_FORMAT")
    return JsonResponse(
        {
            "version": response.version,
            "saved_at": saved_at,
            "closed": not task.period.is_open,
            "message": _("Draft saved at %(time)s") % {"time": saved_at},
        }
    )


@require_POST
@member_required
def keepalive(request: HttpRequest) -> JsonResponse:
    """Keep the session alive for another full session age."""
    session_renew(request.session, force=True)
    return JsonResponse({"ok": True, "seconds": session_seconds_left(request.session)})


def _post_or_404(request: HttpRequest, task: Task, post_id: int) -> Post:
    """A post this member may see, by the same rules as the page (so no URL reveals a hidden one)."""
    posts = Post.objects.visible_to(request.user, task=task, has_posted=has_posted(task, request.user))
    post = posts.filter(pk=post_id).select_related("task__period", "author__member").first()
    if post is None:
        raise audit_denied(request, what=f"post {post_id}")
    return post


def _text_page(request, *, title, form, action, task, quote=None, read_only=False, status=200, button=None):
    return render(
        request,
        "periods/text_form.html",
        {
            "title": title,
            "form": form,
            "action": action,
            "task": task,
            "period": task.period,
            "quote": quote,
            "read_only": read_only,
            "button": button or _("Save"),
        },
        status=status,
    )


@never_cache
@require_POST
@member_required
def post_reply(request: HttpRequest, period_id: int, task_id: int, post_id: int) -> HttpResponse:
    task = member_task_or_404(request, period_id, task_id)
    parent = _post_or_404(request, task, post_id)
    form = ReplyForm(request.POST)
    title = _("Reply to %(name)s") % {"name": parent.author.display_name}
    action = request.path
    draft_side_save(task=task, member=request.user, key=f"reply-{parent.pk}", data=draft_data(request.POST))
    if form.is_valid():
        try:
            post_create(task=task, member=request.user, text=form.cleaned_data["text"], parent=parent)
        except PeriodClosed:
            messages.error(request, _closed())
            return _text_page(
                request,
                title=title,
                form=_disabled(form),
                action=action,
                task=task,
                quote=parent,
                read_only=True,
                status=409,
            )
        draft_side_clear(task=task, member=request.user, key=f"reply-{parent.pk}")
        messages.success(request, _("Your reply has been posted."))
        return redirect(f"{task_url(task)}#post-{parent.pk}")
    return _text_page(request, title=title, form=form, action=action, task=task, quote=parent, status=400)


@require_POST
@member_required
def post_like(request: HttpRequest, period_id: int, task_id: int, post_id: int) -> HttpResponse:
    task = member_task_or_404(request, period_id, task_id)
    post = _post_or_404(request, task, post_id)
    try:
        like_toggle(post=post, member=request.user)
    except PeriodClosed:
        messages.error(request, _closed())
    return redirect(f"{task_url(task)}#post-{post.pk}")


@never_cache
@require_http_methods(["GET", "POST"])
@member_required
def post_edit_view(request: SignedInRequest, period_id: int, task_id: int, post_id: int) -> HttpResponse:
    task = member_task_or_404(request, period_id, task_id)
    post = task.posts.filter(pk=post_id, author=request.user).select_related("task__period").first()
    if post is None:
        raise audit_denied(request, what=f"post {post_id}")
    form_class = ReplyForm if post.parent_id else PostForm
    title = _("Edit your post")
    key = f"post-{post.pk}"
    if request.method == "GET":
        kept = draft_side(Response.objects.filter(task=task, member=request.user).first(), key)
        form = form_class(initial={"text": (kept.get("text") or [post.text])[-1]})
        if not task.period.is_open:
            _disabled(form)
        return _text_page(
            request, title=title, form=form, action=request.path, task=task, read_only=not task.period.is_open
        )
    form = form_class(request.POST)
    draft_side_save(task=task, member=request.user, key=key, data=draft_data(request.POST))
    if form.is_valid():
        try:
            post_edit(post=post, member=request.user, text=form.cleaned_data["text"])
        except PeriodClosed:
            messages.error(request, _closed())
            return _text_page(
                request, title=title, form=_disabled(form), action=request.path, task=task, read_only=True, status=409
            )
        draft_side_clear(task=task, member=request.user, key=key)
        messages.success(request, _("Your post has been changed."))
        return redirect(f"{task_url(task)}#post-{post.pk}")
    return _text_page(request, title=title, form=form, action=request.path, task=task, status=400)


@require_POST
@member_required
def vote(request: HttpRequest, period_id: int, task_id: int) -> HttpResponse:
    """One vote (`statement` and `value`), or every vote of the whole-page form (`s<id>`)."""
    task = member_task_or_404(request, period_id, task_id)
    approved = list(task.statements.filter(status=StatementStatus.APPROVED).values_list("pk", flat=True))
    if "statement" in request.POST:
        form = VoteForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("Choose agree, disagree or pass."))
            return redirect(task_url(task))
        if form.cleaned_data["statement"] not in approved:
            raise audit_denied(request, what=f"statement {form.cleaned_data['statement']}")
        votes = {form.cleaned_data["statement"]: form.cleaned_data["value"]}
    else:
        votes = votes_from_post(request.POST, approved)
    if not votes:
        messages.error(request, _("Choose agree, disagree or pass for at least one statement."))
        return redirect(task_url(task))
    try:
        votes_save(task=task, member=request.user, votes=votes)
    except PeriodClosed:
        messages.error(request, _closed())
        return redirect(task_url(task))
    messages.success(request, _("Your votes have been saved. You can change them until the period closes."))
    return redirect(task_url(task))


@never_cache
@require_POST
@keeps_expired_posts
@member_required
def statement_add(request: SignedInRequest, period_id: int, task_id: int) -> HttpResponse:
    task = member_task_or_404(request, period_id, task_id)
    if not task.members_add_statements:
        raise audit_denied(request, what=f"statements of task {task_id}")
    data = draft_data(request.POST)
    response = draft_save(task=task, member=request.user, data=data, version=None)
    form = StatementForm(request.POST)
    if not form.is_valid():
        return task_page_render(request, task, preview=False, response=response, form=form, status=400)
    try:
        statement_propose(task=task, member=request.user, text=form.cleaned_data["text"])
    except PeriodClosed:
        messages.error(request, _closed())
        return task_page_render(request, task, preview=False, response=response, closed_text=data, status=409)
    messages.success(
        request, _("Thank you! Your statement waits for the moderator's approval before others vote on it.")
    )
    return redirect(task_url(task))


@never_cache
@require_http_methods(["GET", "POST"])
@member_required
def diary_edit(request: SignedInRequest, period_id: int, task_id: int, entry_id: int) -> HttpResponse:
    task = member_task_or_404(request, period_id, task_id)
    entry = DiaryEntry.objects.filter(pk=entry_id, task=task, member=request.user).first()
    if entry is None:
        raise audit_denied(request, what=f"diary entry {entry_id}")
    title = _("Edit your diary entry")
    read_only = not task.period.is_open
    key = f"entry-{entry.pk}"
    if request.method == "GET":
        kept = draft_side(Response.objects.filter(task=task, member=request.user).first(), key)
        form = DiaryForm(
            initial={"day": (kept.get("day") or [entry.day])[-1], "text": (kept.get("text") or [entry.text])[-1]}
        )
        return _text_page(
            request,
            title=title,
            form=_disabled(form) if read_only else form,
            action=request.path,
            task=task,
            read_only=read_only,
        )
    form = DiaryForm(request.POST)
    draft_side_save(task=task, member=request.user, key=key, data=draft_data(request.POST))
    if form.is_valid():
        try:
            diary_write(
                task=task,
                member=request.user,
                day=form.cleaned_data["day"],
                text=form.cleaned_data["text"],
                entry=entry,
            )
        except PeriodClosed:
            messages.error(request, _closed())
            return _text_page(
                request, title=title, form=_disabled(form), action=request.path, task=task, read_only=True, status=409
            )
        except ValidationError as error:
            form.add_error("day", error)
        else:
            draft_side_clear(task=task, member=request.user, key=key)
            messages.success(request, _("Your diary entry has been saved."))
            return redirect(task_url(task))
    return _text_page(request, title=title, form=form, action=request.path, task=task, status=400)


@never_cache
@require_POST
@member_required
def probe_reply_view(request: SignedInRequest, probe_id: int) -> HttpResponse:
    """Reply to a moderator's follow-up question; only the member it was asked of."""
    probe = Probe.objects.filter(pk=probe_id, member=request.user).select_related("task").first()
    if probe is None:
        raise audit_denied(request, what=f"probe {probe_id}")
    task = member_task_or_404(request, probe.task.period_id, probe.task_id)
    form = ProbeReplyForm(request.POST, prefix=f"probe{probe.pk}")
    if form.is_valid():
        probe_reply(probe=probe, member=request.user, reply=form.cleaned_data["reply"])
        messages.success(request, _("Thank you for your reply."))
        return redirect(f"{task_url(task)}#probe-{probe.pk}")
    return _text_page(
        request,
        title=_("Reply to the follow-up question"),
        form=form,
        action=request.path,
        task=task,
        quote=probe,
        status=400,
    )


def _disabled(form):
    """The form read-only, still showing what was typed (a disabled bound field would show only its initial)."""
    if form.is_bound:
        form = form.__class__(
            initial={name: form.data.get(form.add_prefix(name)) for name in form.fields}, prefix=form.prefix
        )
    for field in form.fields.values():
        field.disabled = True
    return form


@require_http_methods(["GET"])
def answer_file(request: HttpRequest, answer_id: int) -> HttpResponseBase:
    """An uploaded file, as an attachment: to the member who sent it, or to staff of an organisation of the period."""
    user = request.user
    if not user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    answer = Answer.objects.filter(pk=answer_id).exclude(file="").select_related("response__task__period").first()
    if user.is_staff_user:
        if not user.is_verified():
            return redirect_to_login(request.get_full_path())
        if answer is None or not periods_visible_to_staff(user).filter(pk=answer.response.task.period.pk).exists():
            raise audit_denied(request, what=f"answer file {answer_id}")
        audit_record(
            actor=user,
            action=AuditEvent.Action.ANSWERS_VIEWED,
            obj=answer.response.task,
            detail={"file": answer.pk},
        )
    elif answer is None or answer.response.member_id != user.pk:
        raise audit_denied(request, what=f"answer file {answer_id}")
    response = FileResponse(
        answer.file.open("rb"),
        as_attachment=True,
        filename=answer.file_name or "file",
        content_type="application/octet-stream",
    )
    response["Cache-Control"] = "no-store"
    return response


@require_http_methods(["GET"])
@member_required
def task_attachment(request: HttpRequest, period_id: int, task_id: int) -> HttpResponseBase:
    """The task's image or attachment, to the members of its period only, as a download."""
    task = member_task_or_404(request, period_id, task_id)
    if not task.attachment:
        raise audit_denied(request, what=f"attachment of task {task_id}")
    name = task.attachment_name or (task.attachment.name or "").rsplit("/", 1)[-1]
    return FileResponse(
        task.attachment.open("rb"), as_attachment=True, filename=name, content_type="application/octet-stream"
    )
