"""What reports put on the staff home's to-do list: closed periods whose report is not delivered yet."""

from django.urls import reverse
from django.utils.translation import ngettext

from core.todos import TodoItem
from periods.permissions import periods_visible_to_staff

from .models import ReportStatus
from .permissions import can_use_reports


def reports_waiting(user) -> list[TodoItem]:
    """Closed periods the staff member may see whose report is still to code or deliver (one query).

    A developer counts only their own organisation's periods; a period nobody has opened the report
    of yet has no report row, and waits too.
    """
    if not can_use_reports(user):
        return []
    count = periods_visible_to_staff(user).closed().exclude(report__status=ReportStatus.DELIVERED).count()
    label = ngettext(
        "%(count)s closed period's report waits to be coded or delivered",
        "%(count)s closed periods' reports wait to be coded or delivered",
        count,
    )
    return [TodoItem(label=label % {"count": count}, count=count, url=reverse("reports:list"))]
