"""The report of a period: staff-written parts, the delivered snapshot, and the codebook for open answers."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from periods.models import Answer, Period, Post, Question


class ReportStatus(models.TextChoices):
    DRAFT = "draft", _("draft")
    DELIVERED = "delivered", _("delivered")
    PUBLISHED = "published", _("published")


class BuildStatus(models.TextChoices):
    IDLE = "idle", _("not built")
    QUEUED = "queued", _("queued")
    RUNNING = "running", _("building")
    DONE = "done", _("built")
    FAILED = "failed", _("failed")


class Report(models.Model):
    """One per period; once delivered, its figures are read from `snapshot`, not from the answers."""

    period = models.OneToOneField(Period, on_delete=models.CASCADE, related_name="report")
    status = models.CharField(_("status"), max_length=10, choices=ReportStatus.choices, default=ReportStatus.DRAFT)
    summary = models.TextField(_("summary"), blank=True)
    recommendations = models.TextField(_("recommendations"), blank=True)
    snapshot = models.JSONField(default=dict, blank=True)
    delivered_at = models.DateTimeField(_("delivered"), null=True, blank=True)
    delivered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    public_summary = models.TextField(_("public summary"), blank=True)
    # The draft's figures, built in the background (reports.build) so that the page never counts
    # a large period while someone waits.
    figures = models.JSONField(default=dict, blank=True)
    build_status = models.CharField(max_length=10, choices=BuildStatus.choices, default=BuildStatus.IDLE)
    build_progress = models.PositiveSmallIntegerField(default=0)
    build_message = models.CharField(max_length=300, blank=True)
    built_at = models.DateTimeField(null=True, blank=True)
    # The one background variable by which open answers may be filtered (blank: none). Verbatim
    # answers are join keys: filters by two variables would let a reader combine them into profiles.
    # One of accounts.background.BACKGROUND_VARIABLES; the form that sets it (reports.forms.AnswerFilterForm) checks.
    answer_filter_variable = models.CharField(_("background variable for open answers"), max_length=20, blank=True)
    # The variable whose segments have been shown at least once: from then on it is the only one that
    # may be chosen (what was shown by it cannot be unseen, and a second one could be joined to it).
    answer_filter_used = models.CharField(max_length=20, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("report")
        verbose_name_plural = _("reports")

    def __str__(self) -> str:
        return f"{self.period_id}"

    @property
    def is_delivered(self) -> bool:
        return self.status != ReportStatus.DRAFT

    @property
    def build_marker(self) -> str:
        """Names the last build on the report page, so that delivery freezes the one staff reviewed."""
        return self.built_at.isoformat() if self.built_at else ""


class Finding(models.Model):
    """A finding (*havainto*) written by staff; actions of the impact stage link to these."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="findings")
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    title = models.CharField(_("title"), max_length=200)
    text = models.TextField(_("text"), blank=True)

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("finding")
        verbose_name_plural = _("findings")

    def __str__(self) -> str:
        return self.title


class Code(models.Model):
    """A tag of the period's codebook for open answers."""

    period = models.ForeignKey(Period, on_delete=models.CASCADE, related_name="codes")
    name = models.CharField(_("code"), max_length=100)

    class Meta:
        ordering = ["name"]
        verbose_name = _("code")
        verbose_name_plural = _("codes")
        constraints = [models.UniqueConstraint(fields=["period", "name"], name="one_code_name_per_period")]

    def __str__(self) -> str:
        return self.name


class AnswerCoding(models.Model):
    """One code given by a person to one open answer or discussion post."""

    answer = models.ForeignKey(Answer, on_delete=models.CASCADE, null=True, blank=True, related_name="codings")
    post = models.ForeignKey(Post, on_delete=models.CASCADE, null=True, blank=True, related_name="codings")
    code = models.ForeignKey(Code, on_delete=models.CASCADE, related_name="codings")
    coded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("coding")
        verbose_name_plural = _("codings")
        constraints = [
            models.UniqueConstraint(fields=["answer", "code"], name="one_coding_per_answer_and_code"),
            models.UniqueConstraint(fields=["post", "code"], name="one_coding_per_post_and_code"),
            models.CheckConstraint(
                condition=models.Q(answer__isnull=False, post__isnull=True)
                | models.Q(answer__isnull=True, post__isnull=False),
                name="coding_of_answer_or_post",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code_id}: {self.answer_id or self.post_id}"


class CodeSuggestion(models.Model):
    """A code the platform suggests for an uncoded open answer; a person accepts or changes it."""

    answer = models.OneToOneField(Answer, on_delete=models.CASCADE, related_name="code_suggestion")
    code = models.ForeignKey(Code, on_delete=models.CASCADE, related_name="suggestions")
    confidence = models.FloatField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("code suggestion")
        verbose_name_plural = _("code suggestions")

    def __str__(self) -> str:
        return f"{self.answer_id}: {self.code_id} ({self.confidence:.2f})"


class ThemeStatus(models.TextChoices):
    SUGGESTED = "suggested", _("suggested")
    ACCEPTED = "accepted", _("accepted")
    DROPPED = "dropped", _("dropped")


class Theme(models.Model):
    """A cluster of similar open answers to one question, found by the automatic reading.

    Staff accept, rename or drop it; a rebuild replaces only the themes still merely suggested.
    """

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="themes")
    label = models.CharField(_("name"), max_length=200)
    keywords = models.JSONField(default=list, blank=True)
    answer_ids = models.JSONField(default=list, blank=True)
    quote_answer_ids = models.JSONField(default=list, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=ThemeStatus.choices, default=ThemeStatus.SUGGESTED)
    order = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["question", "order", "pk"]
        verbose_name = _("theme")
        verbose_name_plural = _("themes")

    def __str__(self) -> str:
        return self.label


class Quote(models.Model):
    """A member's words quoted in a report, possibly redacted by staff.

    `author` is kept (never shown) so that erasing a member's contributions can replace their quotes
    with "[poistettu]" here and in delivered snapshots. `flags` lists what automatic review found
    (names, phone numbers, personal identity codes, emails) until a person has checked the quote.
    """

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="quotes")
    finding = models.ForeignKey(Finding, on_delete=models.SET_NULL, null=True, blank=True, related_name="quotes")
    answer = models.ForeignKey(Answer, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    post = models.ForeignKey(Post, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    text = models.TextField(_("quote"))
    flags = models.JSONField(default=list, blank=True)
    reviewed = models.BooleanField(_("checked"), default=False)
    erased = models.BooleanField(default=False)
    order = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("quote")
        verbose_name_plural = _("quotes")

    def __str__(self) -> str:
        return self.text[:50]


class AnswerAnalysis(models.Model):
    """What the text reading needs of one open answer, computed when it is saved (lemmas, vector)."""

    answer = models.OneToOneField(Answer, on_delete=models.CASCADE, related_name="analysis")
    lang = models.CharField(max_length=5)
    lemmas = models.TextField(blank=True)
    vector = models.BinaryField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"{self.answer_id}"
