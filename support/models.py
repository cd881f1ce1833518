"""Support requests from members and visitors, their conversation with staff, and help pages."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.i18n import localized

MESSAGE_MAX_LENGTH = 5000


class Category(models.TextChoices):
    LOGIN = "login", _("cannot log in")
    USING = "using", _("using the platform")
    ACCESSIBILITY = "accessibility", _("accessibility feedback")
    OTHER = "other", _("other")


class Status(models.TextChoices):
    NEW = "new", _("new")
    IN_PROGRESS = "in_progress", _("in progress")
    ANSWERED = "answered", _("answered")
    CLOSED = "closed", _("closed")


class SupportRequest(models.Model):
    """A member's request (tied to `user`) or a visitor's (only `email` and an optional `name`)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("member"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="support_requests",
    )
    name = models.CharField(_("name"), max_length=200, blank=True)
    email = models.EmailField(_("email"), blank=True)
    language = models.CharField(_("language"), max_length=5, choices=settings.LANGUAGES, default="fi")
    category = models.CharField(_("category"), max_length=20, choices=Category.choices, default=Category.OTHER)
    subject = models.CharField(_("subject"), max_length=200)
    message = models.TextField(_("message"), max_length=MESSAGE_MAX_LENGTH)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.NEW)
    created_at = models.DateTimeField(_("sent"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("support request")
        verbose_name_plural = _("support requests")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(user__isnull=False) | ~models.Q(email=""), name="support_request_has_requester"
            )
        ]
        indexes = [models.Index(fields=["status", "-created_at"])]

    def __str__(self) -> str:
        return f"#{self.pk}"

    @property
    def is_from_visitor(self) -> bool:
        return self.user_id is None


class SupportMessage(models.Model):
    """A reply in a request's conversation; `internal` notes are for staff only."""

    request = models.ForeignKey(
        SupportRequest, verbose_name=_("support request"), on_delete=models.CASCADE, related_name="messages"
    )
    # Empty for the requester's own replies when they are a visitor.
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("author"), on_delete=models.SET_NULL, null=True, related_name="+"
    )
    from_requester = models.BooleanField(_("from the requester"), default=False)
    internal = models.BooleanField(_("internal note"), default=False)
    text = models.TextField(_("text"), max_length=MESSAGE_MAX_LENGTH)
    created_at = models.DateTimeField(_("written"), auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("support message")
        verbose_name_plural = _("support messages")
        constraints = [
            models.CheckConstraint(
                condition=~(models.Q(internal=True) & models.Q(from_requester=True)),
                name="support_message_requester_never_internal",
            )
        ]

    def __str__(self) -> str:
        return f"#{self.pk}"


class HelpPageQuerySet(models.QuerySet):
    def published(self) -> "HelpPageQuerySet":
        return self.filter(published=True)


class HelpPage(models.Model):
    slug = models.SlugField(_("address"), max_length=80, unique=True)
    title_fi = models.CharField(_("title (Finnish)"), max_length=200)
    title_sv = models.CharField(_("title (Swedish)"), max_length=200, blank=True)
    title_en = models.CharField(_("title (English)"), max_length=200, blank=True)
    body_fi = models.TextField(_("text (Finnish)"), help_text=_("Markdown"))
    body_sv = models.TextField(_("text (Swedish)"), blank=True, help_text=_("Markdown"))
    body_en = models.TextField(_("text (English)"), blank=True, help_text=_("Markdown"))
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    published = models.BooleanField(_("published"), default=False)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = HelpPageQuerySet.as_manager()

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("help page")
        verbose_name_plural = _("help pages")

    def __str__(self) -> str:
        return self.title

    @property
    def title(self) -> str:
        return localized(self, "title")

    @property
    def body(self) -> str:
        return localized(self, "body")
