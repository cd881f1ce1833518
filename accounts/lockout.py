from django.http import HttpRequest

from .models import normalise_email


def lockout_username(request: HttpRequest, credentials: dict | None) -> str:
    """The username that failed logins are counted against: the normalised email."""
    username = (credentials or {}).get("username") or request.POST.get("username", "")
    return normalise_email(username)
