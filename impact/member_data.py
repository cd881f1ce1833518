"""What the impact ledger holds about a member: only which actions their answers contributed to."""

from .models import Action


def export(user) -> dict:
    return {
        "actions_my_answers_contributed_to": [
            {"title": action.title, "status": str(action.get_status_display())}
            for action in Action.objects.contributed_to_by(user).order_by("pk")
        ]
    }


def erase(user, *, contributions: bool) -> None:
    """Do nothing: members write nothing here; the link to actions goes through their answers.

    Erasing the member's answers (periods.member_data) removes the link, and notification records
    belong to notifications.
    """
