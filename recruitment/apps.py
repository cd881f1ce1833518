from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RecruitmentConfig(AppConfig):
    name = "recruitment"
    verbose_name = _("recruitment")
    default_auto_field = "django.db.models.BigAutoField"
    demo_seeder = "recruitment.demo.seed_recruitment"

    def ready(self) -> None:
        from core import member_data, retention
        from core.navigation import register_front_panel, register_staff_link

        from . import member_data as applications
        from .services import applicants_purge
        from .views.public import front_page_panel

        retention.register("recruitment", applicants_purge)
        register_front_panel(template="recruitment/_front_round.html", context=front_page_panel, order=10)
        member_data.register(key="applications", export=applications.export, erase=applications.erase)

        from core.background import job_kind_register

        from .selection_service import selection_compute

        job_kind_register(task=selection_compute, label=_("computing a selection lottery"))

        from .permissions import can_manage_recruitment

        register_staff_link(
            url_name="recruitment:round_list",
            label=_("Recruitment and selection"),
            allowed=can_manage_recruitment,
            order=30,
        )
