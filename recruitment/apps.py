from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RecruitmentConfig(AppConfig):
    name = "recruitment"
    verbose_name = _("recruitment")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from core import retention
        from core.navigation import register_staff_link

        from .services import applicants_purge

        retention.register("recruitment", applicants_purge)

        from .permissions import can_manage_recruitment

        register_staff_link(
            url_name="recruitment:round_list",
            label=_("Recruitment and selection"),
            allowed=can_manage_recruitment,
            order=30,
        )
