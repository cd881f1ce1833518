"""What members are told, in the platform and by email, and the proof that each was sent only once."""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    """The kinds of notification a member can turn on or off one by one."""

    PERIOD_OPEN = "period_open", _("an active period opens")
    REMINDER = "reminder", _("reminder before a period closes")
    REPLY = "reply", _("a reply to my post")
    PROBE = "probe", _("a follow-up question to my answer")
    PERIOD_CLOSED = "period_closed", _("a period closes, with thanks")
    MODERATION = "moderation", _("my post was hidden")
    ACTION_UPDATED = "action_updated", _("something my answers led to moved forward")
    ANNOUNCEMENT = "announcement", _("an announcement from the community")
    SUGGESTION_REVIEWED = "suggestion_reviewed", _("my theme suggestion was reviewed")
    SUPPORT_REPLY = "support_reply", _("a reply to my support request")
    MEMBERSHIP_TERM = "membership_term", _("my membership term is ending")
    REPORT_DELIVERED = "report_delivered", _("a report for my organisation is delivered")


# What members choose on their settings page; the rest go to staff only.
MEMBER_KINDS = [kind for kind in Kind if kind != Kind.REPORT_DELIVERED]


class Preference(models.Model):
    """One member's choice for one kind; a missing row means both channels are on."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preferences"
    )
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    email = models.BooleanField(_("by email"), default=True)
    in_app = models.BooleanField(_("in the platform"), default=True)

    class Meta:
        verbose_name = _("notification preference")
        verbose_name_plural = _("notification preferences")
        constraints = [models.UniqueConstraint(fields=["user", "kind"], name="one_preference_per_kind")]

    def __str__(self) -> str:
        return f"{self.user_id} {self.kind}"


class NotificationQuerySet(models.QuerySet):
    def unread(self) -> "NotificationQuerySet":
        return self.filter(read_at__isnull=True)


class Notification(models.Model):
    """An in-app notification, written in the recipient's language when it was created."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    message = models.CharField(_("message"), max_length=300)
    url = models.CharField(_("address"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        indexes = [models.Index(fields=["user", "read_at"])]

    def __str__(self) -> str:
        return self.message


class DeliveryStatus(models.TextChoices):
    CLAIMED = "claimed", _("waiting to be sent")
    IN_APP_ONLY = "in_app_only", _("not emailed (member's choice)")
    SENDING = "sending", _("being sent")
    SENT = "sent", _("sent")
    FAILED = "failed", _("failed, will be retried")
    GAVE_UP = "gave_up", _("failed, no more retries")
    UNKNOWN = "unknown", _("outcome unknown")
    RESOLVED = "resolved", _("checked by staff")


class Delivery(models.Model):
    """The claim on one email to one recipient: the unique key makes a second send impossible.

    A row moves claimed → sending → sent. A send that raised goes to failed and is retried; one
    still "sending" long after it started may or may not have gone out (the process died), so it
    becomes "unknown" and is shown to staff instead of being sent again.
    """

    key = models.CharField(_("notification"), max_length=100)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="deliveries")
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    # Rendered in the recipient's language when claimed, so a retry sends exactly the same email.
    subject = models.CharField(max_length=300)
    text = models.TextField()
    html = models.TextField()
    status = models.CharField(
        _("status"), max_length=12, choices=DeliveryStatus.choices, default=DeliveryStatus.CLAIMED
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.CharField(_("last error"), max_length=300, blank=True)
    claimed_at = models.DateTimeField(_("claimed"), default=timezone.now)
    # The notify() call that claimed the row: rows claimed in bulk are found again by it.
    batch = models.UUIDField(default=uuid.uuid4, editable=False)
    started_at = models.DateTimeField(_("send started"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)

    class Meta:
        ordering = ["-claimed_at"]
        verbose_name = _("email delivery")
        verbose_name_plural = _("email deliveries")
        constraints = [
            models.UniqueConstraint(fields=["key", "user"], name="one_delivery_per_notification_and_recipient")
        ]
        indexes = [models.Index(fields=["status"])]

    def __str__(self) -> str:
        return f"{self.key} → {self.user_id}: {self.status}"
