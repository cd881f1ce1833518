import logging

from django.apps import AppConfig
from django.conf import settings
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "core"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from .access import is_manager
        from .navigation import register_staff_link

        # Python warnings go to stderr as plain text unless logged: in JSON mode, every line is JSON.
        if settings.LOG_FORMAT == "json":
            logging.captureWarnings(True)

        register_staff_link(
            url_name="core:statutory_page_list",
            label=_("Privacy notice and accessibility statement"),
            allowed=is_manager,
            order=95,
        )

        from .background import job_kind_register
        from .emails import deliver_email

        job_kind_register(task=deliver_email, label=_("sending an email"))
