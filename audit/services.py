from typing import Any

from django.http import Http404, HttpRequest

from .models import AuditEvent


def audit_record(
    *,
    actor: Any,
    action: str,
    subject_user: Any = None,
    obj: Any = None,
    reason: str = "",
    detail: dict | None = None,
) -> AuditEvent:
    """Write one audit record; the actor's organisation is copied as it is now."""
    organisation = getattr(actor, "organisation", None) if actor is not None else None
    return AuditEvent.objects.create(
        actor=actor if actor is not None and actor.is_authenticated else None,
        actor_organisation=str(organisation) if organisation else "",
        action=action,
        subject_user_id=getattr(subject_user, "pk", subject_user),
        object_type=obj._meta.label_lower if obj is not None else "",
        object_id=str(obj.pk) if obj is not None else "",
        reason=reason,
        detail=detail or {},
    )


def core_event_record(*, action: str, **fields: Any) -> AuditEvent:
    """The recorder core's events go through (see core.audit): an action audit does not know is refused."""
    if action not in AuditEvent.Action.values:
        raise ValueError(f"unknown audit action {action!r}")
    return audit_record(action=action, **fields)


def audit_denied(request: HttpRequest, *, what: str) -> Http404:
    """Record a refused attempt to reach an object and return the 404 to raise.

    Callers `raise audit_denied(...)`: out-of-scope objects answer 404, never 403, so their
    existence does not leak.
    """
    audit_record(
        actor=request.user if request.user.is_authenticated else None,
        action=AuditEvent.Action.ACCESS_DENIED,
        detail={"path": request.path[:300], "what": what},
    )
    return Http404()
