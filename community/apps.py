"""Community: announcements, members' theme suggestions and the free discussion area."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommunityConfig(AppConfig):
    name = "community"
    verbose_name = _("community")
    default_auto_field = "django.db.models.BigAutoField"
    demo_seeder = "community.demo.seed_community"

    def ready(self) -> None:
        from core import member_data
        from core.navigation import register_member_panel

        from . import member_data as contributions
        from .views.member import member_home_panel
        from .views.staff import register_staff_links

        member_data.register(key="community", export=contributions.export, erase=contributions.erase)
        register_member_panel(template="community/_member_home_panel.html", context=member_home_panel, order=30)
        register_staff_links()

        from core.todos import register_todo_provider

        from .todos import reported_posts

        register_todo_provider(key="community_reported_posts", provider=reported_posts, order=20)
