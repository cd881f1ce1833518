from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from core.access import manager_required
from core.pagination import paginate

from .models import AuditEvent


@require_GET
@manager_required
def event_list(request: HttpRequest) -> HttpResponse:
    """The audit log, newest first; readable by community managers, changeable by nobody."""
    events = AuditEvent.objects.select_related("actor")
    action = request.GET.get("action", "")
    subject = request.GET.get("subject", "")
    if action in AuditEvent.Action.values:
        events = events.filter(action=action)
    if subject.isdigit():
        events = events.filter(subject_user_id=int(subject))
    return render(
        request,
        "audit/event_list.html",
        {
            "page": paginate(request, events, per_page=50),
            "actions": AuditEvent.Action.choices,
            "action": action,
            "subject": subject,
        },
    )
