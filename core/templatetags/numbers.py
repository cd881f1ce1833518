"""Number formatting for reports and comparisons, in the active language's conventions."""

from django import template
from django.utils.formats import number_format

from core.formats import fmt_pct

register = template.Library()


@register.filter
def percent(share: float | None, digits: int = 1) -> str:
    """0.1234 → "12,3 %" (Finnish) or "12.3 %" (English)."""
    return fmt_pct(None if share is None else share * 100, digits)


@register.filter
def signed_points(difference: float | None, digits: int = 1) -> str:
    """A difference of shares in percentage points, with its sign: +2,5 / −1,0."""
    if difference is None:
        return "—"
    sign = "+" if difference > 0 else ("−" if difference < 0 else "±")
    return f"{sign}{number_format(abs(difference) * 100, digits)}"


@register.filter
def get_item(mapping: dict, key: str) -> object:
    return mapping.get(key) if mapping else None
