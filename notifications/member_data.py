"""A member's notification settings and in-app notifications: their export and erasure."""

from .models import Delivery, Notification, Preference


def export(user) -> dict:
    return {
        "preferences": [
            {"kind": p.kind, "email": p.email, "in_app": p.in_app}
            for p in Preference.objects.filter(user=user).order_by("kind")
        ],
        "notifications": [
            {
                "kind": n.kind,
                "message": n.message,
                "created": n.created_at.isoformat(),
                "read": n.read_at.isoformat() if n.read_at else None,
            }
            for n in Notification.objects.filter(user=user)
        ],
    }


def erase(user, *, contributions: bool) -> None:
    """Everything here is about the member (the emails name their pseudonym): always deleted."""
    Notification.objects.filter(user=user).delete()
    Delivery.objects.filter(user=user).delete()
    Preference.objects.filter(user=user).delete()
