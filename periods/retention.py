"""Drafts do not live for ever: pending drafts nobody came back for, and unsent text of closed periods."""

from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import Q

from .models import PendingDraft, Response


def drafts_purge(now: datetime) -> dict[str, int]:
    pending, _ = PendingDraft.objects.filter(
        created_at__lt=now - timedelta(days=settings.PENDING_DRAFT_RETENTION_DAYS)
    ).delete()
    cleared = (
        Response.objects.filter(task__period__ends_at__lt=now - timedelta(days=settings.DRAFT_RETENTION_DAYS))
        .filter(~Q(draft={}))
        .update(draft={}, draft_saved_at=None)
    )
    return {"pending_drafts": pending, "drafts_cleared": cleared}
