"""Quotas and selection runs: the fair lottery and its audit trail."""

import json

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .rounds import Application, RecruitmentRound

# The selection's steps as it reports them (recruitment.selection names a step and its figures),
# worded when the page is shown, in the reader's language.
PROGRESS_STEPS = {
    "types": _("%(people)d people in %(types)d background types"),
    "stage": _("stage %(stage)d: %(fixed)d of %(types)d types fixed"),
    "rounding": _("rounding to equally likely panels"),
    "greedy": _("estimating the greedy filler's chances"),
}


def progress_message_of(step: str, figures: dict[str, int]) -> str:
    """The step as stored on the run: its name and figures, worded only when shown."""
    return json.dumps({"step": step, **figures}) if step in PROGRESS_STEPS else ""


class Quota(models.Model):
    round = models.ForeignKey(RecruitmentRound, on_delete=models.CASCADE, related_name="quotas")
    feature = models.CharField(_("background variable"), max_length=30)
    value = models.CharField(_("value"), max_length=100)
    minimum = models.PositiveIntegerField(_("minimum"))
    maximum = models.PositiveIntegerField(_("maximum"))

    class Meta:
        ordering = ["feature", "value"]
        verbose_name = _("quota")
        verbose_name_plural = _("quotas")
        constraints = [
            models.UniqueConstraint(fields=["round", "feature", "value"], name="one_quota_per_value"),
            models.CheckConstraint(condition=models.Q(maximum__gte=models.F("minimum")), name="quota_max_at_least_min"),
        ]

    def __str__(self) -> str:
        return f"{self.feature}={self.value} [{self.minimum}, {self.maximum}]"


class SelectionRun(models.Model):
    """One run of the fair selection: the lottery of panels, its figures and the drawn panel.

    The stored panels and the seed reproduce the draw exactly; nobody needs to re-solve the LP.
    """

    class Status(models.TextChoices):
        QUEUED = "queued", _("queued")
        RUNNING = "running", _("running")
        DONE = "done", _("ready")
        FAILED = "failed", _("failed")

    round = models.ForeignKey(RecruitmentRound, on_delete=models.CASCADE, related_name="selection_runs")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    progress = models.PositiveSmallIntegerField(default=0)
    progress_message = models.CharField(max_length=300, blank=True)
    error = models.TextField(blank=True)
    size = models.PositiveIntegerField()
    quotas = models.JSONField(default=dict)
    pool = models.JSONField(default=list, help_text="Application ids in the pool, in order.")
    panels = models.JSONField(default=list, help_text="The equally likely panels, as lists of application ids.")
    probabilities = models.JSONField(default=dict)
    figures = models.JSONField(default=dict)
    seed = models.CharField(_("seed"), max_length=100, blank=True)
    drawn_index = models.PositiveIntegerField(null=True, blank=True)
    drawn_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("selection run")
        verbose_name_plural = _("selection runs")

    def __str__(self) -> str:
        return f"selection #{self.pk}"

    @property
    def is_finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)

    @property
    def progress_text(self) -> str:
        """The step the computation is at, in the active language."""
        try:
            figures = json.loads(self.progress_message)
            return str(PROGRESS_STEPS[figures.pop("step")] % figures)
        except (ValueError, TypeError, KeyError, AttributeError):
            return ""


class SelectionOverride(models.Model):
    """A manual include or exclude, with the reason, for the audit trail."""

    class Kind(models.TextChoices):
        INCLUDE = "include", _("include")
        EXCLUDE = "exclude", _("exclude")

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="overrides")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    reason = models.TextField(_("reason"), max_length=1000)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("selection override")
        verbose_name_plural = _("selection overrides")

    def __str__(self) -> str:
        return f"{self.kind} #{self.application_id}"
