"""Closed support requests are kept for two years, then deleted with their conversation."""

from datetime import datetime, timedelta

from .models import Status, SupportRequest

CLOSED_RETENTION = timedelta(days=2 * 365)


def closed_requests_purge(now: datetime) -> dict[str, int]:
    _, deleted = SupportRequest.objects.filter(status=Status.CLOSED, closed_at__lt=now - CLOSED_RETENTION).delete()
    return {"closed_support_requests": deleted.get("support.SupportRequest", 0)}
