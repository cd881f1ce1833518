"""Throttles for public forms, counted in the shared cache so that every app process agrees."""

from django.http import HttpRequest
from django_ratelimit.core import is_ratelimited


def throttled(request: HttpRequest, *, group: str, key: str, rate: str) -> bool:
    """Count one attempt for `key` in `group` and say whether it is over `rate` (e.g. "5/h")."""
    return is_ratelimited(request, group=group, key=lambda _group, _request: key, rate=rate, increment=True)


def client_ip(request: HttpRequest) -> str:
    """The client's address as the lockout library sees it (honours PROXY_COUNT)."""
    from axes.helpers import get_client_ip_address

    return get_client_ip_address(request) or "unknown"
