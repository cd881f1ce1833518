"""The member's lifecycle: onboarding checklist, membership term and renewal, leaving, certificate."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MembershipConfig(AppConfig):
    name = "membership"
    verbose_name = _("membership")
    default_auto_field = "django.db.models.BigAutoField"
    demo_seeder = "membership.demo.seed"

    def ready(self) -> None:
        from core import member_data, scheduled
        from core.navigation import register_member_panel, register_staff_link

        from . import member_data as membership_data
        from .permissions import can_view_membership_overview
        from .services import membership_reminders
        from .views import member_home_panel, membership_panel

        member_data.register(key="membership", export=membership_data.export, erase=membership_data.erase)
        scheduled.register("membership_reminders", membership_reminders)
        register_staff_link(
            url_name="membership:staff_overview", label=_("Membership"), allowed=can_view_membership_overview, order=60
        )
        register_member_panel(template="membership/_member_home_panel.html", context=member_home_panel, order=5)
        register_member_panel(template="membership/_membership_panel.html", context=membership_panel, order=85)

        from core.todos import register_todo_provider

        from .todos import terms_ending

        register_todo_provider(key="membership_terms_ending", provider=terms_ending, order=60)
