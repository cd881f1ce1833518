"""What support puts on the staff home's to-do list: new requests nobody has taken up."""

from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import ngettext

from core.todos import TodoItem

from .models import Status, SupportRequest
from .permissions import can_use_inbox


def new_requests(user) -> list[TodoItem]:
    """Support requests still new: no one has answered or started on them (one query)."""
    if not can_use_inbox(user):
        return []
    count = SupportRequest.objects.filter(status=Status.NEW).count()
    label = ngettext("%(count)s new support request", "%(count)s new support requests", count)
    url = f"{reverse('support:inbox')}?{urlencode({'status': Status.NEW})}"
    return [TodoItem(label=label % {"count": count}, count=count, url=url)]
