"""The report of a period: staff-written parts, the delivered snapshot, and the codebook for open answers."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from periods.models import Answer, Period, Post


class ReportStatus(models.TextChoices):
    DRAFT = "draft", _("draft")
    DELIVERED = "delivered", _("delivered")
    PUBLISHED = "published", _("published")


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
