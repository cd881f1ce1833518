"""What staff do with periods: propose, review, publish, duplicate, build tasks, moderate and probe."""

from datetime import date, datetime, timedelta

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Member, Role
from audit.models import AuditEvent
from audit.services import audit_record

from ..models import (
    HELSINKI,
    Approval,
    Audience,
    Participant,
    Period,
    Post,
    Probe,
    Question,
    Response,
    Statement,
    StatementStatus,
    Status,
    Task,
    TeamNote,
)
from ..permissions import can_manage_periods

# What staff write on a period and a task: the staff forms show these, the services save and copy them.
PERIOD_TEXT_FIELDS = [
    "title_fi",
    "title_sv",
    "title_en",
    "theme_fi",
    "theme_sv",
    "theme_en",
    "description_fi",
    "description_sv",
    "description_en",
]
PERIOD_FIELDS = [*PERIOD_TEXT_FIELDS, "starts_at", "ends_at", "audience", "segment", "reminder_days"]
TASK_FIELDS = [
    "kind",
    "title_fi",
    "title_sv",
    "title_en",
    "instructions_fi",
    "instructions_sv",
    "instructions_en",
    "others_after_answering",
    "members_add_statements",
]
TASK_COPY_FIELDS = [*TASK_FIELDS, "attachment", "attachment_name"]
QUESTION_COPY_FIELDS = [
    f.name for f in Question._meta.concrete_fields if f.name not in {"id", "task", "order", "show_if_question"}
]


class StaffActionError(ValueError):
    """A staff action that the rules refuse; the message is shown to the user as it is."""


def _approval_for(user) -> str:
    """A community manager's own work is approved; a developer's waits for a manager."""
    return Approval.APPROVED if can_manage_periods(user) else Approval.PROPOSED


# Periods ---------------------------------------------------------------------------------------


@transaction.atomic
def period_create(*, by, data: dict, organisations) -> Period:
    period = Period(**{name: data[name] for name in PERIOD_FIELDS if name in data})
    period.approval = _approval_for(by)
    period.created_by = by
    period.save()
    period.organisations.set(organisations)
    audit_record(actor=by, action=AuditEvent.Action.PERIOD_CREATED, obj=period, detail={"approval": period.approval})
    return period


@transaction.atomic
def period_update(*, by, period: Period, data: dict, organisations=None) -> Period:
    """Save edits; a developer's edit of their proposal sends it back for approval."""
    for name in PERIOD_FIELDS:
        if name in data:
            setattr(period, name, data[name])
    if not can_manage_periods(by):
        period.approval = Approval.PROPOSED
    period.save()
    if organisations is not None:
        period.organisations.set(organisations)
    return period


def _review(*, obj, by, decision: str, comment: str) -> None:
    if not can_manage_periods(by):
        raise StaffActionError(_("Only a community manager can review proposals."))
    comment = (comment or "").strip()
    if decision == "return" and not comment:
        raise StaffActionError(_("Write a comment that tells what to change."))
    if decision not in ("approve", "return"):
        raise StaffActionError(_("Choose approve or return."))
    if obj.approval != Approval.PROPOSED:
        raise StaffActionError(_("This is not waiting for approval."))
    obj.approval = Approval.APPROVED if decision == "approve" else Approval.RETURNED
    obj.review_comment = comment
    obj.save(update_fields=["approval", "review_comment"])
    audit_record(
        actor=by,
        action=AuditEvent.Action.PERIOD_REVIEWED,
        obj=obj,
        reason=comment,
        detail={"decision": decision},
    )


@transaction.atomic
def period_review(*, period: Period, by, decision: str, comment: str = "") -> Period:
    """Approve a developer's proposed period, or return it with a comment."""
    _review(obj=period, by=by, decision=decision, comment=comment)
    return period


@transaction.atomic
def task_review(*, task: Task, by, decision: str, comment: str = "") -> Task:
    _review(obj=task, by=by, decision=decision, comment=comment)
    return task


def matching_members(period: Period):
    """Active members whose background matches the period's audience."""
    members = Member.objects.active().filter(user__role=Role.MEMBER)
    if period.audience == Audience.SEGMENT:
        for field, values in (period.segment or {}).items():
            if values:
                members = members.filter(**{f"{field}__in": values})
    return members


@transaction.atomic
def period_publish(*, period: Period, by) -> int:
    """Publish (or publish again) and invite matching members; returns how many were added.

    Publishing again adds members who match now and never removes anyone already invited.
    """
    if not can_manage_periods(by):
        raise StaffActionError(_("Only a community manager can publish a period."))
    if period.approval != Approval.APPROVED:
        raise StaffActionError(_("The period must be approved before publishing."))
    if period.ends_at <= timezone.now():
        raise StaffActionError(_("The period has already closed."))
    if not period.tasks.filter(approval=Approval.APPROVED).exists():
        raise StaffActionError(_("Add at least one approved task before publishing."))
    if period.audience == Audience.SEGMENT and not any((period.segment or {}).values()):
        raise StaffActionError(_("Choose the segment of members first."))
    already = Participant.objects.filter(period=period).values("member_id")
    new_ids = list(matching_members(period).exclude(user_id__in=already).values_list("user_id", flat=True))
    Participant.objects.bulk_create(
        [Participant(period=period, member_id=user_id) for user_id in new_ids], ignore_conflicts=True
    )
    if period.published_at is None:
        period.published_at = timezone.now()
        period.save(update_fields=["published_at"])
    audit_record(actor=by, action=AuditEvent.Action.PERIOD_PUBLISHED, obj=period, detail={"added": len(new_ids)})
    return len(new_ids)


@transaction.atomic
def period_unpublish(*, period: Period, by) -> Period:
    """Take a scheduled period back to draft; once it has opened members may have answered."""
    if not can_manage_periods(by):
        raise StaffActionError(_("Only a community manager can unpublish a period."))
    if period.status != Status.SCHEDULED:
        raise StaffActionError(_("Only a scheduled period that has not opened can be unpublished."))
    period.published_at = None
    period.save(update_fields=["published_at"])
    # Nobody could answer yet: the audience is chosen again when it is published again.
    period.participants.all().delete()
    return period


def _moved(moment: datetime, delta: timedelta) -> datetime:
    """Move a moment by whole days keeping its Helsinki wall-clock time across daylight saving."""
    local = moment.astimezone(HELSINKI)
    return datetime.combine(local.date() + delta, local.time(), tzinfo=HELSINKI)


def _copy_task(*, source: Task, period: Period, by, order: int) -> Task:
    task = Task(period=period, order=order, created_by=by, approval=_approval_for(by))
    for name in TASK_COPY_FIELDS:
        setattr(task, name, getattr(source, name))
    task.save()
    questions = list(source.questions.order_by("order", "pk"))
    copies: dict[int, Question] = {}
    for question in questions:
        copy = Question(task=task, order=question.order)
        for name in QUESTION_COPY_FIELDS:
            setattr(copy, name, getattr(question, name))
        if question.show_if_question_id in copies:
            copy.show_if_question = copies[question.show_if_question_id]
        else:
            copy.show_if_value = "" if question.show_if_question_id else copy.show_if_value
        copy.save()
        copies[question.pk] = copy
    # Only statements written by staff are copied: members' statements belong to their period.
    Statement.objects.bulk_create(
        [
            Statement(task=task, text_fi=s.text_fi, text_sv=s.text_sv, text_en=s.text_en)
            for s in source.statements.filter(author__isnull=True, status=StatementStatus.APPROVED)
        ]
    )
    return task


@transaction.atomic
def period_duplicate(*, period: Period, by, start_day: date) -> Period:
    """A new draft with the same texts, audience, tasks and questions, moved to start on `start_day`."""
    delta = start_day - period.starts_at.astimezone(HELSINKI).date()
    copy = Period(**{name: getattr(period, name) for name in PERIOD_FIELDS})
    copy.starts_at = _moved(period.starts_at, delta)
    copy.ends_at = _moved(period.ends_at, delta)
    copy.copied_from = period
    copy.created_by = by
    copy.approval = _approval_for(by)
    copy.save()
    if can_manage_periods(by):
        copy.organisations.set(period.organisations.all())
    else:
        copy.organisations.set([by.organisation_id])
    for task in period.tasks.order_by("order", "pk"):
        _copy_task(source=task, period=copy, by=by, order=task.order)
    audit_record(
        actor=by,
        action=AuditEvent.Action.PERIOD_CREATED,
        obj=copy,
        detail={"approval": copy.approval, "copied_from": period.pk},
    )
    return copy


# Tasks -----------------------------------------------------------------------------------------


def _next_order(queryset) -> int:
    return (queryset.aggregate(m=Max("order"))["m"] or 0) + 1


@transaction.atomic
def task_save(*, by, task: Task) -> Task:
    """Create or update a task; a developer's task (new or edited) waits for approval."""
    if task.pk is None:
        task.order = _next_order(task.period.tasks.all())
        task.created_by = by
    if not can_manage_periods(by):
        task.approval = Approval.PROPOSED
    elif task.pk is None:
        task.approval = Approval.APPROVED
    task.save()
    return task


@transaction.atomic
def task_duplicate(*, task: Task, period: Period, by) -> Task:
    return _copy_task(source=task, period=period, by=by, order=_next_order(period.tasks.all()))


def task_has_answers(task: Task) -> bool:
    return (
        Response.objects.filter(task=task).exists()
        or task.posts.exists()
        or task.diary_entries.exists()
        or task.statements.filter(votes__isnull=False).exists()
    )


@transaction.atomic
def task_delete(*, task: Task, by) -> None:
    if task.period.status not in (Status.DRAFT, Status.SCHEDULED) and task_has_answers(task):
        raise StaffActionError(_("The task has answers and cannot be deleted."))
    task.delete()


def _move(obj, siblings, direction: str) -> bool:
    """Swap `obj` with its neighbour in `siblings`; orders are renumbered 1…n on the way."""
    items = list(siblings)
    index = next(i for i, item in enumerate(items) if item.pk == obj.pk)
    target = index - 1 if direction == "up" else index + 1
    if direction not in ("up", "down") or not 0 <= target < len(items):
        return False
    items[index], items[target] = items[target], items[index]
    for number, item in enumerate(items, start=1):
        if item.order != number:
            item.order = number
            item.save(update_fields=["order"])
    return True


@transaction.atomic
def task_move(*, task: Task, direction: str) -> bool:
    return _move(task, task.period.tasks.order_by("order", "pk"), direction)


# Questions -------------------------------------------------------------------------------------


@transaction.atomic
def question_save(*, question: Question) -> Question:
    if question.pk is None:
        question.order = _next_order(question.task.questions.all())
    question.save()
    return question


@transaction.atomic
def question_delete(*, question: Question) -> None:
    task = question.task
    if task.period.status not in (Status.DRAFT, Status.SCHEDULED) and question.answers.exists():
        raise StaffActionError(_("The question has answers and cannot be deleted."))
    task.questions.filter(show_if_question=question).update(show_if_question=None, show_if_value="")
    question.delete()


@transaction.atomic
def question_move(*, question: Question, direction: str) -> bool:
    siblings = list(question.task.questions.order_by("order", "pk"))
    index = next(i for i, q in enumerate(siblings) if q.pk == question.pk)
    target = index - 1 if direction == "up" else index + 1
    if 0 <= target < len(siblings):
        other = siblings[target]
        upper, lower = (other, question) if direction == "up" else (question, other)
        if lower.show_if_question_id == upper.pk:
            raise StaffActionError(_("A question must stay after the question it depends on."))
    return _move(question, siblings, direction)


# Statements ------------------------------------------------------------------------------------


@transaction.atomic
def statement_create(*, task: Task, text_fi: str, text_sv: str = "", text_en: str = "") -> Statement:
    return Statement.objects.create(
        task=task, text_fi=text_fi, text_sv=text_sv, text_en=text_en, status=StatementStatus.APPROVED
    )


@transaction.atomic
def statement_review(*, statement: Statement, by, approve: bool) -> Statement:
    if not can_manage_periods(by):
        raise StaffActionError(_("Only a community manager can review statements."))
    if statement.status != StatementStatus.PENDING:
        raise StaffActionError(_("This statement has already been reviewed."))
    statement.status = StatementStatus.APPROVED if approve else StatementStatus.REJECTED
    statement.save(update_fields=["status"])
    audit_record(
        actor=by,
        action=AuditEvent.Action.STATEMENT_REVIEWED,
        obj=statement,
        subject_user=statement.author_id,
        detail={"status": statement.status},
    )
    return statement


# Moderation and probes -------------------------------------------------------------------------


@transaction.atomic
def post_hide(*, post: Post, by, reason: str) -> Post:
    """Hide a post with a reason; the author is told why."""
    reason = (reason or "").strip()
    if not reason:
        raise StaffActionError(_("Give the reason for hiding the post."))
    if len(reason) > 300:
        raise StaffActionError(_("Keep the reason under 300 characters."))
    post.hidden_at = timezone.now()
    post.hidden_reason = reason
    post.hidden_by = by
    post.save(update_fields=["hidden_at", "hidden_reason", "hidden_by"])
    audit_record(actor=by, action=AuditEvent.Action.POST_HIDDEN, obj=post, subject_user=post.author_id, reason=reason)
    from . import notify

    notify.post_hidden_notify(post)
    return post


@transaction.atomic
def post_unhide(*, post: Post, by) -> Post:
    post.hidden_at = None
    post.hidden_reason = ""
    post.hidden_by = None
    post.save(update_fields=["hidden_at", "hidden_reason", "hidden_by"])
    return post


@transaction.atomic
def probe_create(
    *, by, member, task: Task, question: str, response: Response | None = None, post: Post | None = None
) -> Probe:
    """Ask one member a follow-up question on their response or post."""
    question = (question or "").strip()
    if not question:
        raise StaffActionError(_("Write the follow-up question."))
    source: Response | Post
    if response is not None and post is None:
        source, owner_id = response, response.member_id
    elif post is not None and response is None:
        source, owner_id = post, post.author_id
    else:
        raise StaffActionError(_("A follow-up question is about one response or one post."))
    if source.task_id != task.pk or owner_id != member.pk or not member.is_member:
        raise StaffActionError(_("A follow-up question is about one response or one post."))
    probe = Probe.objects.create(response=response, post=post, member=member, task=task, question=question, asked_by=by)
    audit_record(actor=by, action=AuditEvent.Action.PROBE_SENT, obj=probe, subject_user=member)
    from . import notify

    notify.probe_notify(probe)
    return probe


@transaction.atomic
def note_create(*, by, text: str, response: Response | None = None, post: Post | None = None) -> TeamNote:
    text = (text or "").strip()
    if not text:
        raise StaffActionError(_("Write the note."))
    if (response is None) == (post is None):
        raise StaffActionError(_("A note is about one response or one post."))
    return TeamNote.objects.create(author=by, text=text, response=response, post=post)
