"""Response headers that Django's own security middleware does not set, and the request id of the logs."""

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse

from core.request_log import request_id, request_id_accept


class RequestIdMiddleware:
    """Give each request an id that every log line of it carries and the response returns (X-Request-ID).

    A proxy's id is taken only behind a trusted proxy (PROXY_COUNT), so that a visitor cannot write
    chosen text into the logs; otherwise a new one is made.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        value = request_id_accept(request.headers.get("X-Request-ID"), trust_header=settings.PROXY_COUNT > 0)
        token = request_id.set(value)
        try:
            response = self.get_response(request)
        finally:
            request_id.reset(token)
        response["X-Request-ID"] = value
        return response


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
