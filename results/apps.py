"""The public results site: published period summaries, actions, statistics, feed and open data."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ResultsConfig(AppConfig):
    name = "results"
    verbose_name = _("results")
    default_auto_field = "django.db.models.BigAutoField"
    # Runs after the reports and impact seeders (INSTALLED_APPS order), whose report and actions it publishes.
    demo_seeder = "results.demo.seed"

    def ready(self) -> None:
        from django.db.models.signals import post_save

        from reports.models import Report

        from .statistics import statistics_forget

        # A report published or withdrawn shows in the list at once; the figures beside it must agree.
        post_save.connect(statistics_forget, sender=Report, dispatch_uid="results-statistics-forget")
