"""The statutory pages staff may edit: the privacy notice and the accessibility statement."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .i18n import localized


class StatutoryPage(models.Model):
    """A staff-written version of a statutory page; without one (or an empty text) the built-in text shows.

    The accessibility statement's feedback channel is not part of the text: the page always adds the
    link to the support form, so editing cannot remove the route the law requires.
    """

    class Kind(models.TextChoices):
        PRIVACY = "privacy", _("privacy notice")
        ACCESSIBILITY = "accessibility", _("accessibility statement")

    kind = models.CharField(_("page"), max_length=20, choices=Kind.choices, unique=True)
    body_fi = models.TextField(_("text (Finnish)"), blank=True, help_text=_("Markdown"))
    body_sv = models.TextField(_("text (Swedish)"), blank=True, help_text=_("Markdown"))
    body_en = models.TextField(_("text (English)"), blank=True, help_text=_("Markdown"))
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")

    class Meta:
        verbose_name = _("statutory page")
        verbose_name_plural = _("statutory pages")

    def __str__(self) -> str:
        return self.get_kind_display()

    @property
    def body(self) -> str:
        return localized(self, "body")


class WorkerHeartbeat(models.Model):
    """The last sign of life of one background worker process (`manage.py worker`).

    A worker that stops writing this has died or hung, whatever its process table says: /healthz,
    the staff home and the pages of background work read it to tell a stalled job from a slow one.
    """

    worker_id = models.CharField(max_length=64, unique=True)
    hostname = models.CharField(max_length=255)
    pid = models.PositiveIntegerField()
    started_at = models.DateTimeField()
    beat_at = models.DateTimeField(db_index=True)
    task_name = models.CharField(max_length=200, blank=True)
    task_started_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("worker heartbeat")
        verbose_name_plural = _("worker heartbeats")

    def __str__(self) -> str:
        return f"{self.worker_id} ({self.hostname}:{self.pid})"
