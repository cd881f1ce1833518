"""Aggregates of membership for the community manager: counts only, no one singled out.

Exit reasons are counts with every group under the anonymity threshold k hidden (and a partner, so
that the total does not give a hidden one away); free texts are listed only once there are at least
k feedbacks, without reason or date, so that no text can be matched to the member who left that month.
"""

from datetime import date

from django.conf import settings
from django.db.models import Count
from django.db.models.functions import TruncMonth

from accounts.models import Member
from reports.analysis.suppression import suppress_groups

from .models import ExitFeedback, ExitReason, MembershipTerm
from .services import RENEWAL_WINDOW_DAYS, add_months, terms_ensure

MONTHS_SHOWN = 12
NOT_GIVEN = ""


def _month_starts(today: date, count: int) -> list[date]:
    first = today.replace(day=1)
    return [add_months(first, -offset) for offset in reversed(range(count))]


def left_per_month(today: date) -> list[tuple[date, int]]:
    months = _month_starts(today, MONTHS_SHOWN)
    counts = {
        row["month"].date() if hasattr(row["month"], "date") else row["month"]: row["count"]
        for row in Member.objects.filter(left_at__date__gte=months[0])
        .annotate(month=TruncMonth("left_at"))
        .values("month")
        .annotate(count=Count("pk"))
    }
    return [(month, counts.get(month, 0)) for month in months]


def exit_reasons(k: int) -> tuple[list[dict], int, bool]:
    """One row per reason with its count, or None where hidden; the total; whether the total is hidden."""
    counts = dict.fromkeys([*ExitReason.values, NOT_GIVEN], 0)
    for row in ExitFeedback.objects.values("reason").annotate(count=Count("pk")):
        counts[row["reason"]] = counts.get(row["reason"], 0) + row["count"]
    total = sum(counts.values())
    hidden = suppress_groups(counts, k)
    labels = dict(ExitReason.choices)
    rows = [
        {"label": labels.get(key, ""), "not_given": key == NOT_GIVEN, "count": None if key in hidden else count}
        for key, count in counts.items()
    ]
    return rows, total, total < k


def overview(*, today: date) -> dict:
    k = settings.ANONYMITY_THRESHOLD
    terms_ensure(today=today)
    ending = MembershipTerm.objects.of_active_members().ending_unrenewed(today=today, days=RENEWAL_WINDOW_DAYS).count()
    reasons, total, total_hidden = exit_reasons(k)
    texts = []
    if total >= k:
        # The random primary key gives an order that says nothing of when each was written.
        texts = list(ExitFeedback.objects.exclude(text="").order_by("pk").values_list("text", flat=True))
    return {
        "k": k,
        "window_days": RENEWAL_WINDOW_DAYS,
        "ending_soon": ending,
        "left_per_month": left_per_month(today),
        "reasons": reasons,
        "feedback_total": total,
        "feedback_total_hidden": total_hidden,
        "texts": texts,
    }
