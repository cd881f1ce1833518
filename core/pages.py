"""Editing the statutory pages: one service function, so that every change is logged."""

from django.db import transaction

from .audit import event_record
from .models import StatutoryPage


def statutory_page_for(kind: str) -> StatutoryPage | None:
    """The staff-written page of this kind, if it has a Finnish text (the other languages fall back to it)."""
    return StatutoryPage.objects.filter(kind=kind).exclude(body_fi="").first()


@transaction.atomic
def statutory_page_save(*, page: StatutoryPage, actor) -> StatutoryPage:
    page.updated_by = actor
    page.save()
    event_record(
        actor=actor,
        action="statutory_page_edited",
        obj=page,
        detail={"kind": page.kind, "languages": [code for code in ("fi", "sv", "en") if getattr(page, f"body_{code}")]},
    )
    return page
