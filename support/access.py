"""Fetch requests through the rules: a member reaches only their own; anything else is a logged 404."""

from django.db.models import Prefetch
from django.http import HttpRequest

from audit.services import audit_denied
from core.access import SignedInRequest

from .models import SupportMessage, SupportRequest


def public_messages() -> Prefetch:
    """The conversation as the requester sees it: never an internal note."""
    return Prefetch(
        "messages",
        queryset=SupportMessage.objects.filter(internal=False).select_related("author__member"),
        to_attr="visible_messages",
    )


def member_request_or_404(request: SignedInRequest, pk: int) -> SupportRequest:
    found = SupportRequest.objects.filter(pk=pk, user=request.user).prefetch_related(public_messages()).first()
    if found is None:
        raise audit_denied(request, what=f"support request {pk}")
    return found


def staff_request_or_404(request: HttpRequest, pk: int) -> SupportRequest:
    found = (
        SupportRequest.objects.filter(pk=pk)
        .select_related("user__member")
        .prefetch_related(
            Prefetch(
                "messages", queryset=SupportMessage.objects.select_related("author__member"), to_attr="all_messages"
            )
        )
        .first()
    )
    if found is None:
        raise audit_denied(request, what=f"support request {pk}")
    return found
