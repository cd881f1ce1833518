"""A member's applications in their data export, and their erasure."""

from accounts.background import BACKGROUND_VARIABLES

from .models import Application


def export(user) -> list[dict]:
    return [
        {
            "round": application.round.title,
            "applied": application.created_at.isoformat(),
            "email": application.email,
            "name": application.full_name,
            "phone": application.phone,
            "birth_date": application.birth_date.isoformat() if application.birth_date else None,
            **{name: variable.value_of(application) for name, variable in BACKGROUND_VARIABLES.items()},
            "other_life_situations": application.other_life_situations,
            "services_used": application.services_used,
            "motivation": application.motivation,
            "developer_type": application.quiz_type,
            "status": application.status,
            "told_not_selected": application.informed_at.isoformat() if application.informed_at else None,
        }
        for application in Application.objects.filter(member=user).select_related("round")
    ]


def erase(user, *, contributions: bool) -> None:
    """Remove identity and free text from the member's applications; the background stays for the record."""
    Application.objects.filter(member=user).update(
        email="", full_name="", phone="", birth_date=None, motivation="", member=None
    )
