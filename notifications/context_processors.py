"""The member's count of unread notifications for the header: counted only on pages that show it."""

from functools import cached_property

from django.http import HttpRequest

from .models import Notification


class UnreadNotifications:
    def __init__(self, user) -> None:
        self.user = user

    @cached_property
    def count(self) -> int:
        return Notification.objects.filter(user=self.user).unread().count()


def unread_notifications(request: HttpRequest) -> dict[str, object]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or not user.is_member:
        return {}
    return {"unread_notifications": UnreadNotifications(user)}
