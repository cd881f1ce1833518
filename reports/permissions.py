"""Who may do what with reports. Which periods a person sees at all comes from periods.permissions."""

from core.access import staff_passes
from periods.permissions import can_manage_periods, can_use_periods


def can_use_reports(user) -> bool:
    """Managers, and developers with an organisation (their own organisation's periods only)."""
    return can_use_periods(user)


reports_staff_required = staff_passes(can_use_reports)


def can_edit_report(user, report) -> bool:
    """Staff who may see the report write its summary, findings and codes while it is a draft.

    Developers of the period's organisation may write too: they are the team the report is for, and
    the findings are theirs to act on. Delivery stays with the community manager.
    """
    return can_use_reports(user) and not report.is_delivered


def can_manage_reports(user) -> bool:
    """Community managers deliver and publish reports and choose the filter for open answers."""
    return can_manage_periods(user)


def can_deliver_report(user, report) -> bool:
    return can_manage_reports(user) and not report.is_delivered
