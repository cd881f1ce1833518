"""The public developer-type quiz (*kehittäjätyyppitesti*): questions, options and result types."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from core.i18n import localized


class DeveloperType(models.Model):
    """One quiz result, with its own shareable page."""

    slug = models.SlugField(_("address name"), unique=True)
    order = models.PositiveIntegerField(_("order"), default=0)
    name_fi = models.CharField(_("name (Finnish)"), max_length=100)
    name_sv = models.CharField(_("name (Swedish)"), max_length=100, blank=True)
    name_en = models.CharField(_("name (English)"), max_length=100, blank=True)
    description_fi = models.TextField(_("description (Finnish)"))
    description_sv = models.TextField(_("description (Swedish)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("developer type")
        verbose_name_plural = _("developer types")

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return localized(self, "name")

    @property
    def description(self) -> str:
        return localized(self, "description")


class QuizQuestion(models.Model):
    order = models.PositiveIntegerField(_("order"), default=0)
    text_fi = models.CharField(_("question (Finnish)"), max_length=300)
    text_sv = models.CharField(_("question (Swedish)"), max_length=300, blank=True)
    text_en = models.CharField(_("question (English)"), max_length=300, blank=True)

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("quiz question")
        verbose_name_plural = _("quiz questions")

    def __str__(self) -> str:
        return self.text

    @property
    def text(self) -> str:
        return localized(self, "text")


class QuizOption(models.Model):
    """An answer option; choosing it gives a point to one developer type."""

    question = models.ForeignKey(QuizQuestion, on_delete=models.CASCADE, related_name="options")
    order = models.PositiveIntegerField(_("order"), default=0)
    text_fi = models.CharField(_("option (Finnish)"), max_length=300)
    text_sv = models.CharField(_("option (Swedish)"), max_length=300, blank=True)
    text_en = models.CharField(_("option (English)"), max_length=300, blank=True)
    developer_type = models.ForeignKey(DeveloperType, on_delete=models.CASCADE, related_name="+")

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("quiz option")
        verbose_name_plural = _("quiz options")

    def __str__(self) -> str:
        return self.text

    @property
    def text(self) -> str:
        return localized(self, "text")
