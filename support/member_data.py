"""A member's support requests: their export and erasure.

Erasure deletes the member's requests (with every reply and note) whether or not the member asks
their contributions to be removed: a support request is correspondence about the person, not a
contribution to the community's results, nothing published depends on it, and its free text may
identify them even after the account is unlinked. `contributions` therefore changes nothing here.
"""

from django.db.models import Prefetch

from .models import SupportMessage, SupportRequest


def export(user) -> dict:
    requests = SupportRequest.objects.filter(user=user).prefetch_related(
        # Internal notes are staff's working notes, not the member's data shown to them in the platform.
        Prefetch("messages", queryset=SupportMessage.objects.filter(internal=False), to_attr="visible_messages")
    )
    return {
        "requests": [
            {
                "sent": support_request.created_at.isoformat(),
                "category": support_request.category,
                "subject": support_request.subject,
                "message": support_request.message,
                "status": support_request.status,
                "conversation": [
                    {
                        "written": message.created_at.isoformat(),
                        "by": "me" if message.from_requester else "support",
                        "text": message.text,
                    }
                    for message in support_request.visible_messages
                ],
            }
            for support_request in requests
        ]
    }


def erase(user, *, contributions: bool) -> None:
    """Delete the member's requests and their conversations (see the module's docstring)."""
    SupportRequest.objects.filter(user=user).delete()
