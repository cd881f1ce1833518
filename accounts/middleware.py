from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse

from .services import consent_seen

# Paths a member may open before accepting new terms (the prefix is the language).
_ALLOWED_NAMES = ("accounts:terms_accept", "accounts:logout", "accounts:consent", "core:privacy", "core:accessibility")


class CurrentTermsMiddleware:
    """Send a member who has not accepted the current terms to accept them first."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and user.is_member
            and request.method == "GET"
            and not request.path.startswith(("/static/", "/i18n/", "/healthz", "/theme.css"))
            and not consent_seen(request.session, user)
        ):
            allowed = {reverse(name) for name in _ALLOWED_NAMES}
            if request.path not in allowed:
                return redirect(f"{reverse('accounts:terms_accept')}?next={request.get_full_path()}")
        return self.get_response(request)
