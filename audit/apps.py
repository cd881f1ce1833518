from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "audit"
    verbose_name = _("audit log")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from core.audit import register_recorder

        from .services import core_event_record

        register_recorder(core_event_record)
