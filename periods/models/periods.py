"""Active periods (*aktiivijakso*): a theme, its tasks, who takes part and when."""

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.i18n import localized
from organisations.models import Organisation

HELSINKI = ZoneInfo("Europe/Helsinki")
PERIOD_DAYS = 10


def default_times(start_day) -> tuple[datetime, datetime]:
    """Opens at 9:00 on the start day, closes at 23:59 on the tenth calendar day, Helsinki time."""
    opens = datetime.combine(start_day, time(9, 0), tzinfo=HELSINKI)
    closes = datetime.combine(start_day + timedelta(days=PERIOD_DAYS - 1), time(23, 59), tzinfo=HELSINKI)
    return opens, closes


class Approval(models.TextChoices):
    """A developer's proposal waits for a community manager; a manager's own work is approved."""

    PROPOSED = "proposed", _("waiting for approval")
    RETURNED = "returned", _("returned with a comment")
    APPROVED = "approved", _("approved")


class Status(models.TextChoices):
    DRAFT = "draft", _("draft")
    SCHEDULED = "scheduled", _("scheduled")
    OPEN = "open", _("open")
    CLOSED = "closed", _("closed")


class Audience(models.TextChoices):
    ALL = "all", _("all members")
    SEGMENT = "segment", _("a segment by background")


class PeriodQuerySet(models.QuerySet):
    # --- the staff list's status filter ---

    def with_status(self, status: str) -> "PeriodQuerySet":
        """Periods whose computed `Period.status` is `status`, filtered in the database (any other value: all)."""
        if status == Status.DRAFT:
            return self.exclude(published_at__isnull=False, approval=Approval.APPROVED)
        if status == Status.SCHEDULED:
            return self.published().filter(starts_at__gt=timezone.now())
        if status == Status.OPEN:
            return self.open()
        if status == Status.CLOSED:
            return self.closed()
        return self

    # --- published, open, closed ---

    def published(self) -> "PeriodQuerySet":
        return self.filter(published_at__isnull=False, approval=Approval.APPROVED)

    def open(self) -> "PeriodQuerySet":
        now = timezone.now()
        return self.published().filter(starts_at__lte=now, ends_at__gt=now)

    def closed(self, now: datetime | None = None) -> "PeriodQuerySet":
        return self.published().filter(ends_at__lte=now or timezone.now())

    def started(self) -> "PeriodQuerySet":
        return self.published().filter(starts_at__lte=timezone.now())

    def for_member(self, user) -> "PeriodQuerySet":
        """Periods a member takes part in and may see: published, approved and started."""
        return self.started().filter(participants__member=user)


class Period(models.Model):
    title_fi = models.CharField(_("title (Finnish)"), max_length=200)
    title_sv = models.CharField(_("title (Swedish)"), max_length=200, blank=True)
    title_en = models.CharField(_("title (English)"), max_length=200, blank=True)
    theme_fi = models.CharField(_("theme (Finnish)"), max_length=200, blank=True)
    theme_sv = models.CharField(_("theme (Swedish)"), max_length=200, blank=True)
    theme_en = models.CharField(_("theme (English)"), max_length=200, blank=True)
    description_fi = models.TextField(_("description (Finnish)"), blank=True, help_text=_("Markdown"))
    description_sv = models.TextField(_("description (Swedish)"), blank=True, help_text=_("Markdown"))
    description_en = models.TextField(_("description (English)"), blank=True, help_text=_("Markdown"))
    organisations = models.ManyToManyField(
        Organisation, related_name="periods", verbose_name=_("organisations that asked")
    )
    starts_at = models.DateTimeField(_("opens"))
    ends_at = models.DateTimeField(_("closes"))
    audience = models.CharField(_("who takes part"), max_length=10, choices=Audience.choices, default=Audience.ALL)
    segment = models.JSONField(_("segment"), default=dict, blank=True)
    reminder_days = models.PositiveSmallIntegerField(_("reminder, days before closing"), default=2)
    approval = models.CharField(_("approval"), max_length=10, choices=Approval.choices, default=Approval.APPROVED)
    review_comment = models.TextField(_("comment from the community manager"), blank=True)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    copied_from = models.ForeignKey("self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = PeriodQuerySet.as_manager()

    class Meta:
        ordering = ["-starts_at"]
        verbose_name = _("active period")
        verbose_name_plural = _("active periods")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")), name="period_ends_after_start"
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def title(self) -> str:
        return localized(self, "title")

    @property
    def theme(self) -> str:
        return localized(self, "theme")

    @property
    def description(self) -> str:
        return localized(self, "description")

    @property
    def status(self) -> str:
        if self.published_at is None or self.approval != Approval.APPROVED:
            return Status.DRAFT
        now = timezone.now()
        if now < self.starts_at:
            return Status.SCHEDULED
        if now < self.ends_at:
            return Status.OPEN
        return Status.CLOSED

    def get_status_display(self) -> str:
        return str(Status(self.status).label)

    @property
    def is_open(self) -> bool:
        return self.status == Status.OPEN

    @property
    def is_closed(self) -> bool:
        return self.status == Status.CLOSED


class Participant(models.Model):
    """A member invited to a period: set when the period is published, from its audience."""

    period = models.ForeignKey(Period, on_delete=models.CASCADE, related_name="participants")
    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="participations")
    added_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        constraints = [models.UniqueConstraint(fields=["period", "member"], name="one_participation_per_period")]

    def __str__(self) -> str:
        return f"{self.period_id}/{self.member_id}"


class PeriodRespondent(models.Model):
    """A member's label in one period ("Respondent 7"), numbered in an order drawn at random.

    Developers see this label on the period's staff pages and in its report, never the community
    pseudonym, so that what they learn of a member in one period (the report's background segment,
    say) cannot be joined to the same member in another period or to the community's discussions.
    Rows are never renumbered; erasure deletes the member's rows (periods.respondents).
    """

    period = models.ForeignKey(Period, on_delete=models.CASCADE, related_name="respondents")
    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    number = models.PositiveIntegerField()

    class Meta:
        verbose_name = _("respondent label")
        verbose_name_plural = _("respondent labels")
        constraints = [
            models.UniqueConstraint(fields=["period", "member"], name="one_label_per_period_and_member"),
            models.UniqueConstraint(fields=["period", "number"], name="one_member_per_period_label"),
        ]

    def __str__(self) -> str:
        return f"{self.period_id}/{self.number}"
