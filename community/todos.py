"""What the community puts on the staff home's to-do list: reported posts for the moderators."""

from django.urls import reverse
from django.utils.translation import ngettext

from core.todos import TodoItem

from .models import CafePost
from .permissions import can_manage_community


def reported_posts(user) -> list[TodoItem]:
    """Posts in the discussion area that members reported and no moderator has handled (one query)."""
    if not can_manage_community(user):
        return []
    count = CafePost.objects.awaiting_moderation().count()
    label = ngettext(
        "%(count)s reported post waits for moderation", "%(count)s reported posts wait for moderation", count
    )
    return [TodoItem(label=label % {"count": count}, count=count, url=reverse("community:staff_moderation"))]
