"""Throttles for public forms, counted in the shared cache so that every app process agrees."""

from ipaddress import ip_address

from django.conf import settings
from django.http import HttpRequest
from django_ratelimit.core import is_ratelimited


def throttled(request: HttpRequest, *, group: str, key: str, rate: str) -> bool:
    """Count one attempt for `key` in `group` and say whether it is over `rate` (e.g. "5/h")."""
    return is_ratelimited(request, group=group, key=lambda _group, _request: key, rate=rate, increment=True)


def _valid(address: str) -> str | None:
    try:
        return str(ip_address(address.strip()))
    except ValueError:
        return None


def request_ip(request: HttpRequest) -> str | None:
    """The client's address, or None when the request carries none (the login lockout's AXES_CLIENT_IP_CALLABLE).

    Behind PROXY_COUNT trusted proxies, each appends the address it was reached from to
    X-Forwarded-For, so the client is the PROXY_COUNT-th entry from the right; whatever a client
    wrote further left is its own claim and is ignored. Without proxies the header is ignored.
    """
    meta = getattr(request, "META", {})
    remote = _valid(meta.get("REMOTE_ADDR") or "")
    proxies = settings.PROXY_COUNT
    if proxies <= 0:
        return remote
    forwarded = [part for part in meta.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
    if len(forwarded) < proxies:
        return remote
    return _valid(forwarded[-proxies]) or remote


def client_ip(request: HttpRequest) -> str:
    """The client's address as a throttle key ("unknown" groups the requests that carry none)."""
    return request_ip(request) or "unknown"
