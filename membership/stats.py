"""Aggregates of membership for the community manager: counts only, no one singled out.

Leavers and exit reasons cover the same months. Exit reasons are counts with every group under the
anonymity threshold k hidden (and a partner, so that the total does not give a hidden one away); free
texts are listed only once there are at least k feedbacks, only for reasons whose count is shown, and
without reason or date, so that no text can be matched to the member who left that month.
"""

from collections import Counter
from datetime import date

from django.conf import settings
from django.db.models import Count, QuerySet
from django.utils import timezone

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
    """Members who left in each of the shown months, by the local month of leaving.

    Only members who had joined count: erasing an invitation never taken up also sets left_at.
    """
    months = _month_starts(today, MONTHS_SHOWN)
    counts = Counter(
        timezone.localtime(left_at).date().replace(day=1)
        for left_at in Member.objects.filter(joined_at__isnull=False, left_at__date__gte=months[0]).values_list(
            "left_at", flat=True
        )
    )
    return [(month, counts.get(month, 0)) for month in months]


def _feedback_shown(today: date) -> QuerySet[ExitFeedback]:
    """The exit feedback of the shown months: the same months as the leavers beside it."""
    return ExitFeedback.objects.filter(created_on__gte=_month_starts(today, MONTHS_SHOWN)[0])


def exit_reasons(k: int, feedback: QuerySet[ExitFeedback] | None = None) -> tuple[list[dict], int, bool]:
    """One row per reason with its count, or None where hidden; the total; whether the total is hidden."""
    counts = dict.fromkeys([*ExitReason.values, NOT_GIVEN], 0)
    rows_of = ExitFeedback.objects.all() if feedback is None else feedback
    for row in rows_of.values("reason").annotate(count=Count("pk")).order_by():
        counts[row["reason"]] = counts.get(row["reason"], 0) + row["count"]
    total = sum(counts.values())
    hidden = suppress_groups(counts, k)
    labels = dict(ExitReason.choices)
    rows = [
        {
            "key": key,
            "label": labels.get(key, ""),
            "not_given": key == NOT_GIVEN,
            "count": None if key in hidden else count,
        }
        for key, count in counts.items()
    ]
    return rows, total, total < k


def overview(*, today: date) -> dict:
    k = settings.ANONYMITY_THRESHOLD
    terms_ensure(today=today)
    ending = MembershipTerm.objects.of_active_members().ending_unrenewed(today=today, days=RENEWAL_WINDOW_DAYS).count()
    feedback = _feedback_shown(today)
    reasons, total, total_hidden = exit_reasons(k, feedback)
    # A text is shown only where the count of its reason is: one that stands for fewer than k
    # members could be matched to the member who left.
    shown = [row["key"] for row in reasons if row["count"] is not None]
    texts, texts_held_back = [], False
    if not total_hidden:
        written = feedback.exclude(text="")
        # The random primary key gives an order that says nothing of when each was written.
        texts = list(written.filter(reason__in=shown).order_by("pk").values_list("text", flat=True))
        texts_held_back = written.exclude(reason__in=shown).exists()
    return {
        "k": k,
        "window_days": RENEWAL_WINDOW_DAYS,
        "ending_soon": ending,
        "left_per_month": left_per_month(today),
        "reasons": reasons,
        "feedback_total": total,
        "feedback_total_hidden": total_hidden,
        "texts": texts,
        "texts_held_back": texts_held_back,
        "months_shown": MONTHS_SHOWN,
    }
