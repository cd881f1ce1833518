"""Client addresses behind trusted proxies: throttles and the login lockout see the real sender."""

import pytest
from django.test import Client, RequestFactory

from conftest import PASSWORD
from core.throttle import client_ip, request_ip

pytestmark = pytest.mark.django_db


def request_from(remote: str, forwarded: str | None = None):
    extra = {"HTTP_X_FORWARDED_FOR": forwarded} if forwarded is not None else {}
    return RequestFactory().get("/", REMOTE_ADDR=remote, **extra)


def test_it_ignores_x_forwarded_for_without_trusted_proxies(settings):
    settings.PROXY_COUNT = 0
    assert client_ip(request_from("203.0.113.5", "10.0.0.1")) == "203.0.113.5"


def test_it_takes_the_address_the_trusted_proxy_saw(settings):
    settings.PROXY_COUNT = 1
    assert client_ip(request_from("127.0.0.1", "198.51.100.7")) == "198.51.100.7"
    # What the client wrote into the header itself (left of the proxy's entry) is not believed.
    assert client_ip(request_from("127.0.0.1", "10.9.9.9, 198.51.100.7")) == "198.51.100.7"
    settings.PROXY_COUNT = 2
    assert client_ip(request_from("127.0.0.1", "10.9.9.9, 198.51.100.7, 192.0.2.1")) == "198.51.100.7"


def test_it_falls_back_to_the_peer_when_the_header_is_missing_or_malformed(settings):
    settings.PROXY_COUNT = 1
    assert client_ip(request_from("127.0.0.1")) == "127.0.0.1"
    assert client_ip(request_from("127.0.0.1", "not-an-address")) == "127.0.0.1"
    settings.PROXY_COUNT = 2
    assert client_ip(request_from("127.0.0.1", "198.51.100.7")) == "127.0.0.1"


def test_the_lockout_tells_clients_behind_the_proxy_apart(settings, member):
    """SECURITY.md #13: Behind the proxy, one guesser's lockout does not lock everyone who shares the proxy."""
    settings.PROXY_COUNT = 1
    client = Client()
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        client.post("/fi/login/", {"username": member.email, "password": "wrong"}, HTTP_X_FORWARDED_FOR="10.0.0.9")

    locked = client.post(
        "/fi/login/", {"username": member.email, "password": PASSWORD}, HTTP_X_FORWARDED_FOR="10.0.0.9"
    )
    assert locked.status_code == 429
    elsewhere = Client().post(
        "/fi/login/", {"username": member.email, "password": PASSWORD}, HTTP_X_FORWARDED_FOR="10.0.0.10"
    )
    assert elsewhere.status_code == 302


def test_the_lockout_gets_no_address_rather_than_an_invalid_one(settings):
    settings.PROXY_COUNT = 0
    request = RequestFactory().get("/")
    del request.META["REMOTE_ADDR"]
    assert request_ip(request) is None and client_ip(request) == "unknown"
