"""What members do in a period: drafts that are never lost, answers, posts, votes, diary entries, replies.

Every write goes through one function here, in a transaction. Drafts are stored before anything is
validated, so that a refused or invalid form still keeps every word the member typed.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from django.core import signing
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import (
    HELSINKI,
    Answer,
    DiaryEntry,
    Like,
    PendingDraft,
    Post,
    Probe,
    Response,
    Statement,
    StatementStatus,
    Task,
    Vote,
)
from ..signals import survey_submitted
from ..uploads import CheckedUpload

DRAFT_KEY_SALT = "periods.pending-draft"
# A form left open longer than this cannot be kept as a pending draft any more.
DRAFT_KEY_MAX_AGE = timedelta(days=7)
# Fields of a posted form that are not the member's words.
NOT_DRAFT_FIELDS = {"csrfmiddlewaretoken", "draft_key", "version", "action"}
# Keys of side drafts (a reply, an edit) in Response.draft start with this; form fields never do.
SIDE = "_"
# Pending drafts kept per member and task: enough for a few retries, not a flood.
PENDING_DRAFTS_KEPT = 5


class VersionConflict(Exception):
    """A save named an older version than the stored one: nothing was overwritten."""

    def __init__(self, response: Response):
        super().__init__("version conflict")
        self.response = response


class PeriodClosed(Exception):
    """The period is not open: answers are read-only."""


def draft_data(post) -> dict[str, list[str]]:
    """The member's fields of a posted form, every value as a list (as typed, unvalidated)."""
    return {key: [str(v) for v in values] for key, values in post.lists() if key not in NOT_DRAFT_FIELDS}


def draft_key_make(*, member_id: int, task_id: int) -> str:
    return signing.dumps({"m": member_id, "t": task_id}, salt=DRAFT_KEY_SALT)


def draft_key_read(key: str) -> tuple[int, int] | None:
    """(member id, task id) of a signed draft key, or None if it is forged, broken or too old."""
    try:
        value = signing.loads(key, salt=DRAFT_KEY_SALT, max_age=DRAFT_KEY_MAX_AGE)
    except (signing.BadSignature, TypeError, ValueError):
        return None
    if not isinstance(value, dict) or not isinstance(value.get("m"), int) or not isinstance(value.get("t"), int):
        return None
    return value["m"], value["t"]


def response_obtain(*, task: Task, member) -> Response:
    """The member's one response to the task, created if needed; a racing double submit gets the same row."""
    try:
        with transaction.atomic():
            response, _created = Response.objects.get_or_create(task=task, member=member)
    except IntegrityError:
        response = Response.objects.get(task=task, member=member)
    return response


def _locked(*, task: Task, member) -> Response:
    """The member's response, locked until the transaction ends; created first only when there is none."""
    response = Response.objects.select_for_update().filter(task=task, member=member).first()
    if response is None:
        response = Response.objects.select_for_update().get(pk=response_obtain(task=task, member=member).pk)
    return response


def _main(draft: dict) -> dict:
    """The draft of the page's main form, without the side drafts of replies and edits (keys starting "_")."""
    return {k: v for k, v in (draft or {}).items() if not k.startswith(SIDE)}


def _side(draft: dict) -> dict:
    return {k: v for k, v in (draft or {}).items() if k.startswith(SIDE)}


def draft_save(*, task: Task, member, data: dict, version: int | None) -> Response:
    """Store the main form as typed and bump the version; refuse a save based on an older version.

    A replay of exactly the stored text is not a conflict (a double click, a resent form). Side
    drafts (replies, edits) are kept as they are.
    """
    data = _main(data)
    with transaction.atomic():
        response = _locked(task=task, member=member)
        if version is not None and version < response.version and data != _main(response.draft):
            raise VersionConflict(response)
        response.draft = {**_side(response.draft), **data}
        response.draft_saved_at = timezone.now()
        response.version += 1
        response.save(update_fields=["draft", "draft_saved_at", "version", "updated_at"])
    return response


def draft_side_save(*, task: Task, member, key: str, data: dict) -> Response:
    """Keep the text of a reply or an edit beside the main draft, without touching the main form's version."""
    with transaction.atomic():
        response = _locked(task=task, member=member)
        response.draft = {**(response.draft or {}), f"{SIDE}{key}": data}
        response.draft_saved_at = timezone.now()
        response.save(update_fields=["draft", "draft_saved_at", "updated_at"])
    return response


def draft_side_clear(*, task: Task, member, key: str) -> None:
    with transaction.atomic():
        response = Response.objects.select_for_update().filter(task=task, member=member).first()
        if response is not None and f"{SIDE}{key}" in (response.draft or {}):
            response.draft = {k: v for k, v in response.draft.items() if k != f"{SIDE}{key}"}
            response.save(update_fields=["draft", "updated_at"])


def draft_side(response: Response | None, key: str) -> dict:
    if response is None:
        return {}
    value = (response.draft or {}).get(f"{SIDE}{key}")
    return value if isinstance(value, dict) else {}


def draft_clear(*, response: Response) -> None:
    """Forget the main draft whose words now live in a post or diary entry; side drafts stay."""
    response.draft = _side(response.draft)
    Response.objects.filter(pk=response.pk).update(draft=response.draft)


def pending_draft_store(*, key: str, data: dict) -> PendingDraft | None:
    """Keep a form posted after the session expired, for the member named by the signed key."""
    from django.contrib.auth import get_user_model

    ids = draft_key_read(key)
    if ids is None:
        return None
    member_id, task_id = ids
    member = get_user_model().objects.filter(pk=member_id, is_active=True).first()
    task = Task.objects.filter(pk=task_id).first()
    if member is None or task is None or not member.is_member:
        return None
    with transaction.atomic():
        pending = PendingDraft.objects.create(member=member, task=task, data=data)
        stale = PendingDraft.objects.filter(member=member, task=task).order_by("-created_at", "-pk")
        stale_ids = list(stale.values_list("pk", flat=True)[PENDING_DRAFTS_KEPT:])
        PendingDraft.objects.filter(pk__in=stale_ids).delete()
    return pending


def pending_draft_apply(*, task: Task, member) -> Response | None:
    """Move the newest pending draft of this member and task into their response; None if there is none."""
    # Every opening of a task page asks: the common answer "none" needs no transaction.
    if not PendingDraft.objects.filter(task=task, member=member).exists():
        return None
    with transaction.atomic():
        pending = PendingDraft.objects.filter(task=task, member=member).order_by("-created_at", "-pk").first()
        if pending is None:
            return None
        response = draft_save(task=task, member=member, data=pending.data, version=None)
        PendingDraft.objects.filter(task=task, member=member).delete()
    return response


def _require_open(task: Task) -> None:
    if not task.period.is_open:
        raise PeriodClosed


@dataclass
class AnswerValue:
    value: object
    other_text: str = ""
    upload: CheckedUpload | None = None


def survey_submit(*, task: Task, member, answers: dict[int, AnswerValue | None]) -> Response:
    """Store one answer per question (None drops it) and mark the response finished; safe to repeat."""
    _require_open(task)
    with transaction.atomic():
        response = _locked(task=task, member=member)
        existing = {a.question_id: a for a in response.answers.all()}
        created: list[Answer] = []
        updated: list[Answer] = []
        dropped: list[Answer] = []
        for question_id, item in answers.items():
            answer = existing.get(question_id)
            if item is None:
                if answer is not None:
                    dropped.append(answer)
                continue
            is_new = answer is None
            if answer is None:
                answer = Answer(response=response, question_id=question_id)
            answer.value = item.value
            answer.other_text = item.other_text
            if item.upload is not None:
                if answer.file:
                    answer.file.delete(save=False)
                answer.file.save(item.upload.stored_name, item.upload.content, save=False)
                answer.file_name = item.upload.file_name
            (created if is_new else updated).append(answer)
        # A fixed number of queries however many questions the survey has.
        for answer in dropped:
            if answer.file:
                answer.file.delete(save=False)
        if dropped:
            Answer.objects.filter(pk__in=[a.pk for a in dropped]).delete()
        Answer.objects.bulk_create(created)
        if updated:
            Answer.objects.bulk_update(updated, ["value", "other_text", "file", "file_name"])
        if response.submitted_at is None:
            response.submitted_at = timezone.now()
            response.save(update_fields=["submitted_at", "updated_at"])
        survey_submitted.send(sender=Response, response=response)
    return response


def _finish(response: Response) -> None:
    if response.submitted_at is None:
        response.submitted_at = timezone.now()
        response.save(update_fields=["submitted_at", "updated_at"])


def post_create(*, task: Task, member, text: str, parent: Post | None = None) -> Post:
    """Post an answer to the prompt or a reply; the same text posted again (a double submit) is one post."""
    _require_open(task)
    with transaction.atomic():
        response = _locked(task=task, member=member)
        post = Post.objects.filter(task=task, author=member, parent=parent, text=text).first()
        created = post is None
        if post is None:
            post = Post.objects.create(task=task, author=member, parent=parent, text=text)
        if parent is None:
            _finish(response)
        if created and parent is not None and parent.author_id != member.pk:
            transaction.on_commit(lambda: _reply_notify(post))
    return post


def _reply_notify(post: Post) -> None:
    from .notify import reply_notify

    reply_notify(post)


def post_edit(*, post: Post, member, text: str) -> Post:
    _require_open(post.task)
    if post.author_id != member.pk:
        raise Http404
    post.text = text
    post.edited_at = timezone.now()
    post.save(update_fields=["text", "edited_at"])
    return post


def like_toggle(*, post: Post, member) -> bool:
    """Like a post, or take the like back; True if it is now liked."""
    _require_open(post.task)
    with transaction.atomic():
        deleted, _rows = Like.objects.filter(post=post, member=member).delete()
        if deleted:
            return False
        try:
            with transaction.atomic():
                Like.objects.create(post=post, member=member)
        except IntegrityError:
            pass
    return True


def votes_save(*, task: Task, member, votes: dict[int, int]) -> Response:
    """Store or change votes on approved statements; finished once every approved statement has a vote."""
    _require_open(task)
    with transaction.atomic():
        response = _locked(task=task, member=member)
        approved = set(task.statements.filter(status=StatementStatus.APPROVED).values_list("pk", flat=True))
        for statement_id, value in votes.items():
            if statement_id not in approved:
                raise Http404
            Vote.objects.update_or_create(
                statement_id=statement_id, member=member, defaults={"value": value, "voted_at": timezone.now()}
            )
        voted = Vote.objects.filter(member=member, statement_id__in=approved).count()
        if approved and voted >= len(approved):
            _finish(response)
    return response


def statement_propose(*, task: Task, member, text: str) -> Statement:
    _require_open(task)
    if not task.members_add_statements:
        raise Http404
    with transaction.atomic():
        response_obtain(task=task, member=member)
        statement = Statement.objects.filter(task=task, author=member, text_fi=text).first()
        if statement is None:
            statement = Statement.objects.create(task=task, author=member, text_fi=text, status=StatementStatus.PENDING)
    return statement


def diary_days(task: Task) -> tuple[date, date]:
    period = task.period
    return period.starts_at.astimezone(HELSINKI).date(), period.ends_at.astimezone(HELSINKI).date()


def diary_default_day(task: Task) -> date:
    first, last = diary_days(task)
    today = timezone.now().astimezone(HELSINKI).date()
    return min(max(today, first), last)


def diary_write(*, task: Task, member, day: date, text: str, entry: DiaryEntry | None = None) -> DiaryEntry:
    """Add a dated entry (or change one); the first entry finishes the diary."""
    _require_open(task)
    first, last = diary_days(task)
    if not first <= day <= last:
        raise ValidationError(_("Choose a day within the period."))
    with transaction.atomic():
        response = _locked(task=task, member=member)
        if entry is not None:
            if entry.member_id != member.pk or entry.task_id != task.pk:
                raise Http404
            entry.day, entry.text = day, text
            entry.save(update_fields=["day", "text", "updated_at"])
        else:
            entry = DiaryEntry.objects.filter(task=task, member=member, day=day, text=text).first()
            if entry is None:
                entry = DiaryEntry.objects.create(task=task, member=member, day=day, text=text)
        _finish(response)
    return entry


def probe_reply(*, probe: Probe, member, reply: str) -> Probe:
    """The member's reply to a follow-up question; only the member it was asked of."""
    if probe.member_id != member.pk:
        raise Http404
    probe.reply = reply
    probe.replied_at = timezone.now()
    probe.save(update_fields=["reply", "replied_at"])
    return probe
