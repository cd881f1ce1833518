from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = _("reports")
    default_auto_field = "django.db.models.BigAutoField"
    demo_seeder = "reports.demo.seed_reports"

    def ready(self) -> None:
        from core.navigation import register_staff_link

        from .permissions import can_use_reports

        register_staff_link(url_name="reports:list", label=_("Reports"), allowed=can_use_reports, order=50)

        from core.todos import register_todo_provider

        from .todos import reports_waiting

        register_todo_provider(key="reports_waiting", provider=reports_waiting, order=40)

        from core import scheduled

        from .build import reports_due

        scheduled.register("reports", reports_due)

        from core.background import job_kind_register

        from .build import report_build
        from .text_service import answers_analyse

        job_kind_register(task=report_build, label=_("counting a report's figures"))
        job_kind_register(task=answers_analyse, label=_("analysing open answers"))

        from core import member_data

        from . import member_data as report_data

        member_data.register(key="reports", export=report_data.export, erase=report_data.erase)

        from .signals import connect

        connect()
