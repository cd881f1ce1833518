"""Numbers, per cents and dates in the active language's conventions (10 000, 12,5 %, 23.11.2026 in Finnish).

One formatter per purpose, shared by pages, emails and PDFs; no reportlab here, so it is cheap to import.
"""

from django.utils import timezone
from django.utils.formats import date_format, number_format

NBSP = "\xa0"
# What a missing number shows as.
MISSING = "–"


def fmt_number(value: float | None) -> str:
    """A count or a decimal with the language's separators (10 000 and 1,25 in Finnish)."""
    return MISSING if value is None else number_format(value, force_grouping=True)


def fmt_pct(value: float | None, digits: int | None = None) -> str:
    """A per cent (12.5 → "12,5 %") with a no-break space before the sign; `digits` fixes the decimals."""
    return MISSING if value is None else f"{number_format(value, decimal_pos=digits, force_grouping=True)}{NBSP}%"


def fmt_date(value) -> str:
    """A date in the language's short form (23.11.2026 in Finnish)."""
    if value is None:
        return ""
    if hasattr(value, "tzinfo") and timezone.is_aware(value):
        value = timezone.localtime(value)
    return date_format(value, "SHORT_DATE_FORMAT")
