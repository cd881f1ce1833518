"""Tasks (*tehtävä*) of a period and the questions of a survey task."""

from django.conf import settings
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from core.i18n import localized

from .periods import Approval, Period


class TaskKind(models.TextChoices):
    SURVEY = "survey", _("survey")
    DISCUSSION = "discussion", _("discussion")
    STATEMENTS = "statements", _("statement vote")
    DIARY = "diary", _("diary")


class Task(models.Model):
    period = models.ForeignKey(Period, on_delete=models.CASCADE, related_name="tasks", verbose_name=_("active period"))
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    kind = models.CharField(_("kind"), max_length=12, choices=TaskKind.choices, default=TaskKind.SURVEY)
    title_fi = models.CharField(_("title (Finnish)"), max_length=200)
    title_sv = models.CharField(_("title (Swedish)"), max_length=200, blank=True)
    title_en = models.CharField(_("title (English)"), max_length=200, blank=True)
    instructions_fi = models.TextField(_("instructions (Finnish)"), blank=True, help_text=_("Markdown"))
    instructions_sv = models.TextField(_("instructions (Swedish)"), blank=True, help_text=_("Markdown"))
    instructions_en = models.TextField(_("instructions (English)"), blank=True, help_text=_("Markdown"))
    attachment = models.FileField(_("image or attachment"), upload_to="tasks/", blank=True)
    attachment_name = models.CharField(_("attachment name"), max_length=200, blank=True)
    # Discussion: first answers stay uninfluenced unless staff turn this off.
    others_after_answering = models.BooleanField(_("show others' answers only after answering"), default=True)
    # Statement vote: members may add statements, which staff approve first.
    members_add_statements = models.BooleanField(_("members may add statements"), default=True)
    approval = models.CharField(_("approval"), max_length=10, choices=Approval.choices, default=Approval.APPROVED)
    review_comment = models.TextField(_("comment from the community manager"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["period", "order", "pk"]
        verbose_name = _("task")
        verbose_name_plural = _("tasks")

    def __str__(self) -> str:
        return self.title

    @property
    def title(self) -> str:
        return localized(self, "title")

    @property
    def instructions(self) -> str:
        return localized(self, "instructions")


class QuestionKind(models.TextChoices):
    TEXT = "text", _("open text")
    SINGLE = "single", _("single choice")
    MULTIPLE = "multiple", _("multiple choice")
    SCALE5 = "scale5", _("scale 1–5")
    SCALE10 = "scale10", _("scale 0–10")
    RANKING = "ranking", _("ranking")
    YESNO = "yesno", _("yes or no")
    LIKERT = "likert", _("Likert grid")
    UPLOAD = "upload", _("image or file upload")


class UploadType(models.TextChoices):
    IMAGE = "image", _("image (JPEG, PNG, WebP)")
    PDF = "pdf", _("PDF document")


# Question queries the reports share ----------------------------------------------------------------


class QuestionQuerySet(models.QuerySet):
    def open_text_of(self, period: Period) -> "QuestionQuerySet":
        """The open-text questions of a period, in the order its tasks show them."""
        return self.filter(task__period=period, kind=QuestionKind.TEXT).order_by(
            "task__order", "task__pk", "order", "pk"
        )


class Question(models.Model):
    """One question of a survey task.

    `choices` holds the options of single, multiple and ranking questions and the rows of a Likert
    grid, as `[{"value": "a", "fi": "…", "sv": "…", "en": "…"}, …]`; `value` never changes once
    answers exist, so answers survive edits of the wording.
    """

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="questions")
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    kind = models.CharField(_("kind"), max_length=10, choices=QuestionKind.choices, default=QuestionKind.TEXT)
    text_fi = models.CharField(_("question (Finnish)"), max_length=500)
    text_sv = models.CharField(_("question (Swedish)"), max_length=500, blank=True)
    text_en = models.CharField(_("question (English)"), max_length=500, blank=True)
    help_fi = models.CharField(_("help text (Finnish)"), max_length=500, blank=True)
    help_sv = models.CharField(_("help text (Swedish)"), max_length=500, blank=True)
    help_en = models.CharField(_("help text (English)"), max_length=500, blank=True)
    required = models.BooleanField(_("required"), default=False)
    min_length = models.PositiveIntegerField(_("minimum length"), null=True, blank=True)
    max_length = models.PositiveIntegerField(_("maximum length"), null=True, blank=True)
    min_picks = models.PositiveSmallIntegerField(_("fewest picks"), null=True, blank=True)
    max_picks = models.PositiveSmallIntegerField(_("most picks"), null=True, blank=True)
    allow_other = models.BooleanField(_("offer “other, what?”"), default=False)
    choices = models.JSONField(_("options"), default=list, blank=True)
    low_label_fi = models.CharField(_("label of the lowest value (Finnish)"), max_length=100, blank=True)
    low_label_sv = models.CharField(_("label of the lowest value (Swedish)"), max_length=100, blank=True)
    low_label_en = models.CharField(_("label of the lowest value (English)"), max_length=100, blank=True)
    high_label_fi = models.CharField(_("label of the highest value (Finnish)"), max_length=100, blank=True)
    high_label_sv = models.CharField(_("label of the highest value (Swedish)"), max_length=100, blank=True)
    high_label_en = models.CharField(_("label of the highest value (English)"), max_length=100, blank=True)
    upload_types = models.JSONField(_("accepted file types"), default=list, blank=True)
    max_size_mb = models.PositiveSmallIntegerField(_("largest file (MB)"), default=5)
    show_if_question = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("show only if")
    )
    show_if_value = models.CharField(_("has the answer"), max_length=100, blank=True)

    objects = QuestionQuerySet.as_manager()

    class Meta:
        ordering = ["task", "order", "pk"]
        verbose_name = _("question")
        verbose_name_plural = _("questions")

    def __str__(self) -> str:
        return self.text

    @property
    def text(self) -> str:
        return localized(self, "text")

    @property
    def help(self) -> str:
        return localized(self, "help")

    @property
    def low_label(self) -> str:
        return localized(self, "low_label")

    @property
    def high_label(self) -> str:
        return localized(self, "high_label")

    @property
    def field_name(self) -> str:
        return f"q{self.pk}"

    def options(self) -> list[tuple[str, str]]:
        """(value, label in the active language) of each option."""
        language = (get_language() or "fi")[:2]
        return [(str(c["value"]), c.get(language) or c.get("fi", "")) for c in self.choices]
