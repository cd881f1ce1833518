"""Throttles for public forms, counted in the shared cache so that every app process agrees."""

from ipaddress import ip_address

from django.conf import settings
from django.http import HttpRequest
from django_ratelimit.core import is_ratelimited


def throttled(request: HttpRequest, *, group: str, key: str, rate: str) -> bool:
    """Count one attempt for `key` in `group` and say whether it is over `rate` (e.g. "5/h")."""
    return is_ratelimited(request, group=group, key=lambda _group, _request: key, rate=rate, increment=True)


def client_ip(request: HttpRequest) -> str:
    """The client's address, for throttles and the login lockout (AXES_CLIENT_IP_CALLABLE).

    Behind PROXY_COUNT trusted proxies, each appends the address it was reached from to
    X-Forwarded-For, so the client is the PROXY_COUNT-th entry from the right; whatever a client
    wrote further left is its own claim and is ignored. Without proxies the header is ignored.
    """
    remote = request.META.get("REMOTE_ADDR") or "unknown"
    proxies = settings.PROXY_COUNT
    if proxies <= 0:
        return remote
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
    if len(forwarded) < proxies:
        return remote
    candidate = forwarded[-proxies]
    try:
        return str(ip_address(candidate))
    except ValueError:
        return remote
