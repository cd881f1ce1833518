"""What members write: responses and answers, drafts, posts, votes, diary entries, probes, notes."""

from django.conf import settings
from django.db import models
from django.forms import BaseForm
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.i18n import localized

from .tasks import Question, Task


class Response(models.Model):
    """A member's response (*vastaus*) to one task: the draft while typing, the answers once sent.

    There is one per member and task (a database constraint, so a double submit cannot make two).
    `draft` holds the form exactly as typed, unvalidated, so nothing is lost; `version` goes up on
    every save, and a save that names an older version is refused instead of overwriting.
    """

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="responses")
    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="responses")
    draft = models.JSONField(default=dict, blank=True)
    draft_saved_at = models.DateTimeField(_("draft saved"), null=True, blank=True)
    version = models.PositiveIntegerField(default=0)
    started_at = models.DateTimeField(_("started"), default=timezone.now)
    submitted_at = models.DateTimeField(_("finished"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("response")
        verbose_name_plural = _("responses")
        constraints = [models.UniqueConstraint(fields=["task", "member"], name="one_response_per_task_and_member")]

    def __str__(self) -> str:
        return f"{self.task_id}/{self.member_id}"

    @property
    def is_finished(self) -> bool:
        return self.submitted_at is not None


class Answer(models.Model):
    """The submitted answer to one question; `value` is text, a number, or a list of option values."""

    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="answers")
    value = models.JSONField(null=True, blank=True)
    other_text = models.CharField(_("other, what?"), max_length=500, blank=True)
    file = models.FileField(upload_to="answers/%Y/%m/", blank=True)
    file_name = models.CharField(_("file name"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        constraints = [models.UniqueConstraint(fields=["response", "question"], name="one_answer_per_question")]

    def __str__(self) -> str:
        return f"{self.response_id}/{self.question_id}"


class PendingDraft(models.Model):
    """A form posted after the session expired, kept until the same member logs in again.

    The member is named by the signed form, not by the (missing) session; the draft is merged into
    their response only when that member opens the task again while logged in.
    """

    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="pending_drafts")
    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="+")
    data = models.JSONField(default=dict)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("pending draft")
        verbose_name_plural = _("pending drafts")

    def __str__(self) -> str:
        return f"{self.task_id}/{self.member_id}"


class HiddenMixin(models.Model):
    hidden_at = models.DateTimeField(_("hidden"), null=True, blank=True)
    hidden_reason = models.CharField(_("reason for hiding"), max_length=300, blank=True)
    hidden_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")

    class Meta:
        abstract = True

    @property
    def is_hidden(self) -> bool:
        return self.hidden_at is not None


class PostQuerySet(models.QuerySet):
    def visible_to(self, member, *, task: Task, has_posted: bool) -> "PostQuerySet":
        """Posts of `task` this member may see: own ones always; others' once allowed and unless hidden by a moderator."""
        posts = self.filter(task=task)
        if task.others_after_answering and not has_posted:
            return posts.filter(author=member)
        posts = posts.filter(models.Q(hidden_at__isnull=True) | models.Q(author=member))
        # A reply under someone's hidden post would reveal where the hidden post was.
        return posts.filter(
            models.Q(parent__isnull=True) | models.Q(parent__hidden_at__isnull=True) | models.Q(parent__author=member)
        )


class Post(HiddenMixin):
    """A discussion post: an answer to the prompt (no parent) or a reply to another post."""

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="posts")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="posts")
    parent = models.ForeignKey("self", on_delete=models.CASCADE, null=True, blank=True, related_name="replies")
    text = models.TextField(_("text"))
    created_at = models.DateTimeField(default=timezone.now)
    edited_at = models.DateTimeField(null=True, blank=True)
    # Set by the task page for its template (the replies shown under a post, the member's unsent reply); not stored.
    reply_list: list["Post"]
    reply_draft: str

    objects = PostQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("post")
        verbose_name_plural = _("posts")

    def __str__(self) -> str:
        return f"{self.task_id}/{self.pk}"


class Like(models.Model):
    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="likes")
    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["post", "member"], name="one_like_per_post_and_member")]

    def __str__(self) -> str:
        return f"{self.post_id}/{self.member_id}"


class StatementStatus(models.TextChoices):
    PENDING = "pending", _("waiting for approval")
    APPROVED = "approved", _("approved")
    REJECTED = "rejected", _("rejected")


class Statement(models.Model):
    """A short statement to vote on; members' own statements wait for staff approval."""

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="statements")
    text_fi = models.CharField(_("statement (Finnish)"), max_length=300)
    text_sv = models.CharField(_("statement (Swedish)"), max_length=300, blank=True)
    text_en = models.CharField(_("statement (English)"), max_length=300, blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="statements"
    )
    status = models.CharField(
        _("status"), max_length=10, choices=StatementStatus.choices, default=StatementStatus.APPROVED
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["task", "created_at", "pk"]
        verbose_name = _("statement")
        verbose_name_plural = _("statements")

    def __str__(self) -> str:
        return self.text

    @property
    def text(self) -> str:
        return localized(self, "text")


class VoteChoice(models.IntegerChoices):
    AGREE = 1, _("agree")
    DISAGREE = -1, _("disagree")
    PASS = 0, _("pass")


class Vote(models.Model):
    statement = models.ForeignKey(Statement, on_delete=models.CASCADE, related_name="votes")
    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="votes")
    value = models.SmallIntegerField(_("vote"), choices=VoteChoice.choices)
    voted_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["statement", "member"], name="one_vote_per_statement_and_member")
        ]

    def __str__(self) -> str:
        return f"{self.statement_id}/{self.member_id}: {self.value}"


class DiaryEntry(models.Model):
    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="diary_entries")
    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="diary_entries")
    day = models.DateField(_("day"))
    text = models.TextField(_("entry"))
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["day", "created_at"]
        verbose_name = _("diary entry")
        verbose_name_plural = _("diary entries")

    def __str__(self) -> str:
        return f"{self.task_id}/{self.member_id} {self.day}"


class Probe(models.Model):
    """A moderator's follow-up question to one member about one response or post."""

    response = models.ForeignKey(Response, on_delete=models.CASCADE, null=True, blank=True, related_name="probes")
    post = models.ForeignKey(Post, on_delete=models.CASCADE, null=True, blank=True, related_name="probes")
    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="probes")
    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="probes")
    question = models.TextField(_("follow-up question"))
    asked_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    asked_at = models.DateTimeField(default=timezone.now)
    reply = models.TextField(_("reply"), blank=True)
    replied_at = models.DateTimeField(_("replied"), null=True, blank=True)
    # Set by the member's pages for their templates (the task's address, the reply form); not stored.
    url: str
    form: BaseForm

    class Meta:
        ordering = ["-asked_at"]
        verbose_name = _("follow-up question")
        verbose_name_plural = _("follow-up questions")

    def __str__(self) -> str:
        return f"{self.task_id}/{self.member_id}"

    @property
    def is_answered(self) -> bool:
        return self.replied_at is not None


class TeamNote(models.Model):
    """A note on a response or post that only staff see."""

    response = models.ForeignKey(Response, on_delete=models.CASCADE, null=True, blank=True, related_name="notes")
    post = models.ForeignKey(Post, on_delete=models.CASCADE, null=True, blank=True, related_name="notes")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    text = models.TextField(_("note"))
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at"]
        verbose_name = _("team note")
        verbose_name_plural = _("team notes")

    def __str__(self) -> str:
        return f"{self.pk}"
