from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PeriodsConfig(AppConfig):
    name = "periods"
    verbose_name = _("active periods")
    default_auto_field = "django.db.models.BigAutoField"
    demo_seeder = "periods.demo.seed_periods"

    def ready(self) -> None:
        from core import member_data, retention, scheduled

        from . import member_data as contributions
        from .retention import drafts_purge

        member_data.register(key="periods", export=contributions.export, erase=contributions.erase)
        retention.register("periods", drafts_purge)

        from .services.notify import period_notifications_due

        scheduled.register("periods", period_notifications_due)

        from core.navigation import register_member_panel

        from .views.member import member_home_panel, next_step_panel
        from .views.staff import register_staff_links

        register_member_panel(template="periods/_next_step.html", context=next_step_panel, order=0)
        register_member_panel(template="periods/_member_home_panel.html", context=member_home_panel, order=10)

        register_staff_links()

        from core.todos import register_todo_provider

        from .todos import open_periods_answered, proposals_waiting

        register_todo_provider(key="periods_proposals", provider=proposals_waiting, order=10)
        register_todo_provider(key="periods_open", provider=open_periods_answered, order=50)

        from .uploads import image_limit_apply

        image_limit_apply()
