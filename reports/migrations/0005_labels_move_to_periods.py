"""Report labels become the period's labels (periods.PeriodRespondent), numbers unchanged.

A report belongs to exactly one period, so each report's labels are copied as they are: delivered
reports keep the labels frozen at delivery, drafts keep theirs, and nobody is relabelled.
"""

from django.db import migrations


def labels_copy(apps, schema_editor):
    ReportRespondent = apps.get_model("reports", "ReportRespondent")
    PeriodRespondent = apps.get_model("periods", "PeriodRespondent")
    PeriodRespondent.objects.bulk_create(
        (
            PeriodRespondent(period_id=period_id, member_id=member_id, number=number)
            for period_id, member_id, number in ReportRespondent.objects.values_list(
                "report__period_id", "member_id", "number"
            ).iterator(chunk_size=5000)
        ),
        batch_size=5000,
    )


def labels_copy_back(apps, schema_editor):
    ReportRespondent = apps.get_model("reports", "ReportRespondent")
    PeriodRespondent = apps.get_model("periods", "PeriodRespondent")
    Report = apps.get_model("reports", "Report")
    reports = dict(Report.objects.values_list("period_id", "pk"))
    ReportRespondent.objects.bulk_create(
        (
            ReportRespondent(report_id=reports[period_id], member_id=member_id, number=number)
            for period_id, member_id, number in PeriodRespondent.objects.filter(
                period_id__in=list(reports)
            ).values_list("period_id", "member_id", "number")
        ),
        batch_size=5000,
    )


class Migration(migrations.Migration):
    dependencies = [
        ("periods", "0002_period_respondent"),
        ("reports", "0004_report_answer_filter"),
    ]

    operations = [
        migrations.RunPython(labels_copy, labels_copy_back),
        migrations.DeleteModel(name="ReportRespondent"),
    ]
