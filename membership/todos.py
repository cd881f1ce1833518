"""What membership puts on the staff home's to-do list: terms about to end without a renewal."""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import ngettext

from core.todos import TodoItem, Urgency

from .models import MembershipTerm
from .permissions import can_view_membership_overview
from .services import REMINDER_DAYS


def terms_ending(user) -> list[TodoItem]:
    """Active members whose term ends within the reminder window, not renewed yet (one query)."""
    if not can_view_membership_overview(user):
        return []
    today = timezone.localdate()
    count = MembershipTerm.objects.of_active_members().ending_unrenewed(today=today, days=REMINDER_DAYS).count()
    label = ngettext(
        "%(count)s member's term ends within %(days)s days",
        "%(count)s members' terms end within %(days)s days",
        count,
    )
    return [
        TodoItem(
            label=label % {"count": count, "days": REMINDER_DAYS},
            count=count,
            url=reverse("membership:staff_overview"),
            urgency=Urgency.INFO,
        )
    ]
