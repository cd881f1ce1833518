"""Actions taken on report findings ("you said, we did"), their timelines, and development targets."""

from dataclasses import dataclass

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from organisations.models import Organisation
from reports.models import Finding


class ActionStatus(models.TextChoices):
    IDEA = "idea", _("idea")
    PLANNED = "planned", _("planned")
    IN_PROGRESS = "in_progress", _("in progress")
    DONE = "done", _("done")
    NOT_PURSUED = "not_pursued", _("not pursued")


# The path an action normally walks; "not pursued" leaves it and has no step of its own.
STEPS = (ActionStatus.IDEA, ActionStatus.PLANNED, ActionStatus.IN_PROGRESS, ActionStatus.DONE)


@dataclass(frozen=True)
class Step:
    """One step of an action's status stepper; `state` is "done", "current" or "upcoming"."""

    status: ActionStatus
    state: str

    @property
    def label(self) -> str:
        return str(self.status.label)


class ActionQuerySet(models.QuerySet):
    def contributed_to_by(self, member) -> "ActionQuerySet":
        """Actions that the member's own submitted answers contributed to."""
        return self.filter(
            findings__report__period__tasks__responses__member=member,
            findings__report__period__tasks__responses__submitted_at__isnull=False,
        ).distinct()


class Action(models.Model):
    """What an organisation does about one or more findings (*toimenpide*)."""

    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="actions", verbose_name=_("responsible organisation")
    )
    team = models.CharField(_("responsible team"), max_length=200, blank=True)
    status = models.CharField(_("status"), max_length=12, choices=ActionStatus.choices, default=ActionStatus.IDEA)
    not_pursued_reason = models.TextField(_("reason for not pursuing"), blank=True)
    planned_for = models.DateField(_("planned date"), null=True, blank=True)
    done_on = models.DateField(_("date done"), null=True, blank=True)
    findings = models.ManyToManyField(Finding, related_name="actions", verbose_name=_("findings"))
    published = models.BooleanField(_("published"), default=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ActionQuerySet.as_manager()

    class Meta:
        ordering = ["-updated_at", "-pk"]
        verbose_name = pgettext_lazy("impact ledger", "action")
        verbose_name_plural = _("actions")

    def __str__(self) -> str:
        return self.title

    def steps(self) -> list[Step]:
        """Where the action is on its path from idea to done; empty once it is not pursued."""
        if self.status not in STEPS:
            return []
        current = STEPS.index(ActionStatus(self.status))
        return [
            Step(status, "done" if i < current else "current" if i == current else "upcoming")
            for i, status in enumerate(STEPS)
        ]


class ActionUpdate(models.Model):
    """One entry of an action's timeline: a status change and what staff wrote about it."""

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="updates")
    text = models.TextField(_("update"), blank=True)
    status_from = models.CharField(_("previous status"), max_length=12, choices=ActionStatus.choices, blank=True)
    status_to = models.CharField(_("new status"), max_length=12, choices=ActionStatus.choices)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("action update")
        verbose_name_plural = _("action updates")

    def __str__(self) -> str:
        return f"{self.action_id}: {self.status_from} → {self.status_to}"


class DevelopmentTarget(models.Model):
    """An indicator an organisation follows, e.g. satisfaction with the feedback service."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="development_targets", verbose_name=_("organisation")
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    unit = models.CharField(_("unit"), max_length=40, blank=True)
    higher_is_better = models.BooleanField(_("a higher value is better"), default=True)
    actions = models.ManyToManyField(Action, related_name="targets", blank=True, verbose_name=_("actions"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["title", "pk"]
        verbose_name = _("development target")
        verbose_name_plural = _("development targets")

    def __str__(self) -> str:
        return self.title


class Measurement(models.Model):
    target = models.ForeignKey(DevelopmentTarget, on_delete=models.CASCADE, related_name="measurements")
    date = models.DateField(_("date"))
    value = models.DecimalField(_("value"), max_digits=12, decimal_places=2)
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        ordering = ["date", "pk"]
        verbose_name = _("measurement")
        verbose_name_plural = _("measurements")
        constraints = [models.UniqueConstraint(fields=["target", "date"], name="one_measurement_per_target_and_date")]

    def __str__(self) -> str:
        return f"{self.target_id} {self.date}: {self.value}"
