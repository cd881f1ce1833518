"""Content written by staff in Finnish, optionally also in Swedish and English."""

from django.utils.translation import get_language


def localized(obj: object, field: str) -> str:
    """The value of `<field>_<active language>`, falling back to Finnish."""
    language = (get_language() or "fi")[:2]
    return getattr(obj, f"{field}_{language}", "") or getattr(obj, f"{field}_fi", "")
