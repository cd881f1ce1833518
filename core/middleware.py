"""Response headers that Django's own security middleware does not set."""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse


class SecurityHeadersMiddleware:
    """Add Permissions-Policy, and keep personal pages out of shared browser caches."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=(), interest-cohort=()")
        user = getattr(request, "user", None)
        # A resident may use a library computer: nothing personal stays in its cache.
        if user is not None and user.is_authenticated:
            response["Cache-Control"] = "no-store, private"
        return response
