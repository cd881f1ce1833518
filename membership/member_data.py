"""What membership holds about a member: their terms and their onboarding state."""

from .models import MembershipTerm, OnboardingState


def export(user) -> dict:
    state = OnboardingState.objects.filter(member=user).first()
    return {
        "terms": [
            {
                "starts_on": term.starts_on.isoformat(),
                "ends_on": term.ends_on.isoformat(),
                "renewed": term.renewed_at.isoformat() if term.renewed_at else None,
                "reminder_sent": term.reminder_sent_at.isoformat() if term.reminder_sent_at else None,
            }
            for term in MembershipTerm.objects.of(user).order_by("starts_on")
        ],
        "onboarding": (
            {
                "notifications_checked": (
                    state.notifications_checked_at.isoformat() if state.notifications_checked_at else None
                ),
                "checklist_hidden": state.dismissed_at.isoformat() if state.dismissed_at else None,
            }
            if state
            else None
        ),
    }


def erase(user, *, contributions: bool) -> None:
    """Delete the member's terms and onboarding state.

    Exit feedback is not touched: it was stored without any link to the member, so nothing in it
    can be found as theirs, and it is no longer personal data of theirs to export or erase.
    """
    MembershipTerm.objects.of(user).delete()
    OnboardingState.objects.filter(member=user).delete()
