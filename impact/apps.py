"""Impact: actions linked to report findings, their updates, and development targets."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ImpactConfig(AppConfig):
    name = "impact"
    verbose_name = _("impact")
    default_auto_field = "django.db.models.BigAutoField"
    demo_seeder = "impact.demo.seed_impact"

    def ready(self) -> None:
        from core import member_data
        from core.navigation import register_member_panel, register_next_step_link, register_staff_link

        from . import member_data as impact_data
        from .permissions import can_use_impact
        from .views import has_impact_updates, member_home_panel

        member_data.register(key="impact", export=impact_data.export, erase=impact_data.erase)
        register_staff_link(url_name="impact:action_list", label=_("Impact"), allowed=can_use_impact, order=55)
        register_member_panel(template="impact/_member_home_panel.html", context=member_home_panel, order=20)
        register_next_step_link(
            url_name="impact:my_impact", label=_("What your answers led to"), shown=has_impact_updates
        )
