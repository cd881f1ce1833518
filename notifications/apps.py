from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "notifications"
    verbose_name = _("notifications")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from core import member_data, scheduled
        from core.navigation import register_member_panel

        from . import member_data as notification_data
        from .services import deliveries_sweep
        from .views import register_links

        register_links()
        register_member_panel(template="notifications/_member_home_panel.html", context=lambda request: {}, order=90)
        scheduled.register("notifications", deliveries_sweep)

        from core.background import job_kind_register

        from .services import delivery_send

        job_kind_register(task=delivery_send, label=_("sending a notification email"))
        member_data.register(key="notifications", export=notification_data.export, erase=notification_data.erase)
