from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = _("reports")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from core.navigation import register_staff_link

        from .permissions import can_use_reports

        register_staff_link(url_name="reports:list", label=_("Reports"), allowed=can_use_reports, order=50)
