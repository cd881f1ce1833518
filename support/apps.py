"""Support (etätuki): requests from members and visitors, the staff inbox, and help pages."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SupportConfig(AppConfig):
    name = "support"
    verbose_name = _("support")
    default_auto_field = "django.db.models.BigAutoField"
    demo_seeder = "support.demo.seed_support"

    def ready(self) -> None:
        from core import member_data, retention
        from core.navigation import register_member_panel, register_staff_link

        from . import member_data as requests
        from .permissions import can_edit_help, can_use_inbox
        from .retention import closed_requests_purge
        from .views import member_home_panel

        member_data.register(key="support", export=requests.export, erase=requests.erase)
        retention.register("support", closed_requests_purge)
        register_staff_link(url_name="support:inbox", label=_("Support requests"), allowed=can_use_inbox, order=80)
        register_staff_link(url_name="support:staff_help_list", label=_("Help pages"), allowed=can_edit_help, order=81)
        register_member_panel(template="support/_member_home_panel.html", context=member_home_panel, order=90)

        from core.todos import register_todo_provider

        from .todos import new_requests

        register_todo_provider(key="support_new_requests", provider=new_requests, order=30)
