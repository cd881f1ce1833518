"""Respondent labels: what reports show of a respondent instead of the community pseudonym.

Each report numbers its respondents 1, 2, 3… in an order drawn at random for that report alone, so
the same member is "Respondent 7" in one report and "Respondent 15" in the next. Whatever a reader
learns of a label (a background segment, say) stays inside that report: it cannot be joined to the
same member in another report or to their posts in the discussions, where the pseudonym is shown.

Labels are given the first time a report needs them and at delivery (so a delivered report's
labels are fixed with its snapshot); they are never renumbered. A member erased from the platform
loses their labels and shows as "deleted member", as their pseudonym did before.
"""

import secrets
from collections.abc import Iterable

from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from accounts.models import User
from periods.models import Response

from .models import Report, ReportRespondent

# Not seeded: nobody, not even with the database, can recompute the order from the member ids.
_random = secrets.SystemRandom()


def respondent_label(number: int | None) -> str:
    return _("Respondent %(number)s") % {"number": number} if number else _("deleted member")


def respondents_number(report: Report) -> int:
    """Give each respondent of the report's period without a label the next numbers, in random order.

    Respondents are members with a submitted response, not erased. The report row is locked so that
    two requests cannot hand out the same numbers. Returns how many labels were added.
    """
    with transaction.atomic():
        Report.objects.select_for_update().filter(pk=report.pk).values_list("pk").first()
        labelled = ReportRespondent.objects.filter(report=report).values("member_id")
        new = list(
            Response.objects.filter(task__period_id=report.period_id, submitted_at__isnull=False)
            .filter(member__erased_at__isnull=True)
            .exclude(member_id__in=labelled)
            .order_by()
            .values_list("member_id", flat=True)
            .distinct()
        )
        if not new:
            return 0
        _random.shuffle(new)
        last = ReportRespondent.objects.filter(report=report).aggregate(last=Max("number"))["last"] or 0
        ReportRespondent.objects.bulk_create(
            ReportRespondent(report=report, member_id=member_id, number=last + i)
            for i, member_id in enumerate(new, start=1)
        )
    return len(new)


def respondent_labels(report: Report, member_ids: Iterable[int | None]) -> dict[int, str]:
    """user id -> the label of that respondent in this report ("deleted member" for an erased one)."""
    return {member_id: respondent_label(number) for member_id, number in respondent_numbers(report, member_ids).items()}


def respondent_numbers(report: Report, member_ids: Iterable[int | None]) -> dict[int, int | None]:
    """user id -> the number of that respondent in this report, numbering new respondents first.

    One query when everyone has a number; an erased member has none.
    """
    wanted = {member_id for member_id in member_ids if member_id is not None}
    numbers = dict(
        ReportRespondent.objects.filter(report=report, member_id__in=wanted).values_list("member_id", "number")
    )
    missing = wanted - numbers.keys()
    if missing and User.objects.filter(pk__in=missing, erased_at__isnull=True).exists():
        respondents_number(report)
        numbers = dict(
            ReportRespondent.objects.filter(report=report, member_id__in=wanted).values_list("member_id", "number")
        )
    return {member_id: numbers.get(member_id) for member_id in wanted}


def respondents_export(user) -> list[dict]:
    """The member's own labels, for their data export: which report called them what."""
    return [
        {"period": row.report.period.title, "label": respondent_label(row.number)}
        for row in ReportRespondent.objects.filter(member=user)
        .select_related("report__period")
        .order_by("report__period__starts_at", "report_id")
    ]


def respondents_erase(user) -> int:
    """Delete the member's labels in every report: their answers then show as "deleted member"."""
    deleted, _counts = ReportRespondent.objects.filter(member=user).delete()
    return deleted
