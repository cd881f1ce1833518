"""The member's lifecycle: onboarding checklist, membership term and renewal, leaving, certificate."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MembershipConfig(AppConfig):
    name = "membership"
    verbose_name = _("membership")
    default_auto_field = "django.db.models.BigAutoField"
