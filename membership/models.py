"""Membership terms, the onboarding state of new members, and anonymous exit feedback."""

import uuid
from datetime import date, timedelta

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class MembershipTermQuerySet(models.QuerySet):
    def of(self, user) -> "MembershipTermQuerySet":
        return self.filter(member=user)

    def containing(self, day) -> "MembershipTermQuerySet":
        return self.filter(starts_on__lte=day, ends_on__gte=day)

    def of_active_members(self) -> "MembershipTermQuerySet":
        return self.filter(member__is_active=True, member__member__left_at__isnull=True)

    def ending_unrenewed(self, *, today: date, days: int) -> "MembershipTermQuerySet":
        """Terms that end within `days` from `today` (both included) and have not been renewed."""
        return self.filter(renewed_at__isnull=True, ends_on__gte=today, ends_on__lte=today + timedelta(days=days))


class MembershipTerm(models.Model):
    """One term of a member's membership, from `starts_on` to `ends_on`, both days included.

    Renewing adds the next term rather than moving this one's end, so the history stays; the
    renewed term records when it was renewed, which also closes its renewal window.
    """

    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="membership_terms", verbose_name=_("member")
    )
    starts_on = models.DateField(_("starts"))
    ends_on = models.DateField(_("ends"))
    renewed_at = models.DateTimeField(_("renewed"), null=True, blank=True)
    reminder_sent_at = models.DateTimeField(_("reminder sent"), null=True, blank=True)

    objects = MembershipTermQuerySet.as_manager()

    class Meta:
        ordering = ["member_id", "starts_on"]
        verbose_name = _("membership term")
        verbose_name_plural = _("membership terms")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")), name="membership_term_ends_after_start"
            ),
            # A double-clicked renewal cannot add two terms that start on the same day.
            models.UniqueConstraint(fields=["member", "starts_on"], name="membership_one_term_per_start"),
        ]

    def __str__(self) -> str:
        return f"term #{self.pk}"


class ExitReason(models.TextChoices):
    TOO_LITTLE_TIME = "time", _("too little time")
    NOT_INTERESTING = "interest", _("the tasks were not interesting")
    TECHNICAL = "technical", _("technical problems")
    LIFE_SITUATION = "life", _("health or life situation")
    MOVED = "moved", _("moved away")
    OTHER = "other", _("other reason")


def _random_id() -> uuid.UUID:
    return uuid.uuid4()


class ExitFeedback(models.Model):
    """Why a member left, stored without any link to them.

    No foreign key, only the month (stored as its first day) and a random primary key: neither a date nor
    the order of ids ties a row to the "member left" audit record.
    """

    id = models.UUIDField(primary_key=True, default=_random_id, editable=False)
    reason = models.CharField(_("reason"), max_length=20, choices=ExitReason.choices, blank=True)
    text = models.TextField(_("in your own words"), max_length=2000, blank=True)
    language = models.CharField(_("language"), max_length=5, choices=settings.LANGUAGES, default="fi")
    created_on = models.DateField(_("month given"), help_text=_("The first day of the month: never the day."))

    class Meta:
        verbose_name = _("exit feedback")
        verbose_name_plural = _("exit feedback")

    def __str__(self) -> str:
        return f"exit feedback {self.created_on:%Y-%m}"


class OnboardingState(models.Model):
    """What a new member has told us about their start: that they checked their settings, or hid the list."""

    member = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="onboarding")
    notifications_checked_at = models.DateTimeField(_("notification settings checked"), null=True, blank=True)
    dismissed_at = models.DateTimeField(_("checklist hidden"), null=True, blank=True)

    class Meta:
        verbose_name = _("onboarding state")
        verbose_name_plural = _("onboarding states")

    def __str__(self) -> str:
        return f"onboarding #{self.pk}"
