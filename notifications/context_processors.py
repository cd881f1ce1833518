"""The member's count of unread notifications for the header: counted only on pages that show it."""

from django.http import HttpRequest

from .models import Notification


def unread_count(request: HttpRequest) -> int:
    """The signed-in user's unread notifications, counted at most once per request (header and panels)."""
    count = getattr(request, "_unread_notifications", None)
    if count is None:
        user = request.user
        if not user.is_authenticated:
            return 0
        count = Notification.objects.filter(user=user).unread().count()
        # A memo on the request for this one request (the header and the panels ask); not a declared attribute.
        request._unread_notifications = count  # type: ignore[attr-defined]
    return count


class UnreadNotifications:
    def __init__(self, request: HttpRequest) -> None:
        self.request = request

    @property
    def count(self) -> int:
        return unread_count(self.request)


def unread_notifications(request: HttpRequest) -> dict[str, object]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or not user.is_member:
        return {}
    return {"unread_notifications": UnreadNotifications(request)}
