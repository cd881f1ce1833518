"""Announcements and news, members' theme suggestions, and the free discussion area (*kahvihuone*)."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.i18n import localized

TITLE_MAX = 150
TEXT_MAX = 2000
REASON_MAX = 500


class Audience(models.TextChoices):
    MEMBERS = "members", _("members only")
    PUBLIC = "public", _("public news")


class AnnouncementQuerySet(models.QuerySet):
    def published(self) -> "AnnouncementQuerySet":
        return self.filter(published_at__isnull=False, published_at__lte=timezone.now())

    def public(self) -> "AnnouncementQuerySet":
        return self.published().filter(audience=Audience.PUBLIC)


class Announcement(models.Model):
    """A message from staff: to members only, or public news that anyone can read."""

    title_fi = models.CharField(_("title (Finnish)"), max_length=200)
    title_sv = models.CharField(_("title (Swedish)"), max_length=200, blank=True)
    title_en = models.CharField(_("title (English)"), max_length=200, blank=True)
    body_fi = models.TextField(_("text (Finnish)"), help_text=_("Markdown"))
    body_sv = models.TextField(_("text (Swedish)"), blank=True, help_text=_("Markdown"))
    body_en = models.TextField(_("text (English)"), blank=True, help_text=_("Markdown"))
    audience = models.CharField(_("audience"), max_length=10, choices=Audience.choices, default=Audience.MEMBERS)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated"), default=timezone.now)

    objects = AnnouncementQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-pk"]
        verbose_name = _("announcement")
        verbose_name_plural = _("announcements")

    def __str__(self) -> str:
        return self.title_fi

    @property
    def title(self) -> str:
        return localized(self, "title")

    @property
    def body(self) -> str:
        return localized(self, "body")

    @property
    def is_published(self) -> bool:
        return self.published_at is not None

    @property
    def is_public(self) -> bool:
        return self.audience == Audience.PUBLIC


class SuggestionStatus(models.TextChoices):
    REVIEW = "review", _("in review")
    ACCEPTED = "accepted", _("accepted")
    DECLINED = "declined", _("declined")


class ThemeSuggestionQuerySet(models.QuerySet):
    def with_support(self, member) -> "ThemeSuggestionQuerySet":
        """Newest first, each with its support count and whether this member supports it."""
        return (
            self.select_related("member__member", "period")
            .annotate(
                support_count=models.Count("supports", distinct=True),
                supported=models.Exists(Support.objects.filter(suggestion=models.OuterRef("pk"), member=member)),
            )
            .order_by("-created_at", "-pk")
        )


class ThemeSuggestion(models.Model):
    """A member's suggestion for the theme of a future active period (*teemaehdotus*)."""

    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="theme_suggestions")
    title = models.CharField(_("theme"), max_length=TITLE_MAX)
    description = models.TextField(_("description"), max_length=TEXT_MAX)
    status = models.CharField(
        _("status"), max_length=10, choices=SuggestionStatus.choices, default=SuggestionStatus.REVIEW
    )
    period = models.ForeignKey(
        "periods.Period",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="theme_suggestions",
        verbose_name=_("active period that takes it up"),
    )
    decline_reason = models.CharField(_("reason for declining"), max_length=REASON_MAX, blank=True)
    reviewed_at = models.DateTimeField(_("reviewed"), null=True, blank=True)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(_("suggested"), default=timezone.now)

    objects = ThemeSuggestionQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("theme suggestion")
        verbose_name_plural = _("theme suggestions")
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(status="declined") | ~models.Q(decline_reason=""),
                name="declined_suggestion_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def in_review(self) -> bool:
        return self.status == SuggestionStatus.REVIEW


class Support(models.Model):
    """A member's support for someone's theme suggestion; one per member and suggestion."""

    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    suggestion = models.ForeignKey(ThemeSuggestion, on_delete=models.CASCADE, related_name="supports")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("support")
        verbose_name_plural = _("supports")
        constraints = [
            models.UniqueConstraint(fields=["member", "suggestion"], name="one_support_per_member_and_suggestion")
        ]

    def __str__(self) -> str:
        return f"{self.suggestion_id}/{self.member_id}"


class CafeTopic(models.Model):
    """A discussion thread of the free discussion area, started by a member."""

    title = models.CharField(_("topic"), max_length=TITLE_MAX)
    started_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="cafe_topics")
    created_at = models.DateTimeField(_("started"), default=timezone.now)
    last_post_at = models.DateTimeField(_("latest post"), default=timezone.now)

    class Meta:
        ordering = ["-last_post_at", "-pk"]
        verbose_name = _("discussion topic")
        verbose_name_plural = _("discussion topics")

    def __str__(self) -> str:
        return self.title


class CafePostQuerySet(models.QuerySet):
    def awaiting_moderation(self) -> "CafePostQuerySet":
        """Visible posts with a report that no moderator has handled yet: the moderation queue."""
        unhandled = Report.objects.filter(post=models.OuterRef("pk"), handled_at__isnull=True)
        return self.filter(models.Exists(unhandled), hidden_at__isnull=True)


class CafePost(models.Model):
    """A post in a topic: a post of its own (no parent) or a reply to another post."""

    topic = models.ForeignKey(CafeTopic, on_delete=models.CASCADE, related_name="posts")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="cafe_posts")
    parent = models.ForeignKey("self", on_delete=models.CASCADE, null=True, blank=True, related_name="replies")
    text = models.TextField(_("text"), max_length=TEXT_MAX)
    created_at = models.DateTimeField(_("written"), default=timezone.now)
    hidden_at = models.DateTimeField(_("hidden"), null=True, blank=True)
    hidden_reason = models.CharField(_("reason for hiding"), max_length=REASON_MAX, blank=True)
    hidden_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")

    objects = CafePostQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("discussion post")
        verbose_name_plural = _("discussion posts")

    def __str__(self) -> str:
        return f"{self.topic_id}/{self.pk}"

    @property
    def is_hidden(self) -> bool:
        return self.hidden_at is not None


class Report(models.Model):
    """A member's report of a post to the moderators; one per member and post."""

    reporter = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="cafe_reports")
    post = models.ForeignKey(CafePost, on_delete=models.CASCADE, related_name="reports")
    reason = models.CharField(_("reason"), max_length=REASON_MAX)
    created_at = models.DateTimeField(_("reported"), default=timezone.now)
    handled_at = models.DateTimeField(_("handled"), null=True, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("report of a post")
        verbose_name_plural = _("reports of posts")
        constraints = [models.UniqueConstraint(fields=["reporter", "post"], name="one_report_per_member_and_post")]

    def __str__(self) -> str:
        return f"{self.post_id}/{self.reporter_id}"
