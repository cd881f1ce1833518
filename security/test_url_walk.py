"""Every URL pattern, requested as an anonymous visitor, a member and a developer."""

import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

pytestmark = pytest.mark.django_db

# Pages an anonymous visitor may see with content. Everything else redirects to login or 404s.
PUBLIC_PATTERNS = {
    "healthz",
    "theme.css",
    "i18n/setlang/",
    "",
    "privacy/",
    "accessibility/",
    "login/",
    "password/reset/",
    "password/reset/sent/",
    "password/reset/<uidb64>/<token>/",
    "password/reset/done/",
    "invitation/<str:token>/",
    # The recruitment campaign
    "join/",
    "join/quiz/",
    "join/quiz/<slug:slug>/",
    "join/kiosk/",
    "join/kiosk/<slug:slug>/",
    "join/subscribe/",
    "join/round/<slug:slug>/",
    "join/round/<slug:slug>/apply/",
    "join/round/<slug:slug>/thanks/",
    "join/reserve/<str:token>/",
    # The unsubscribe link of every email: the signed token is the authentication
    "unsubscribe/<str:token>/",
    # Public news of the community
    "news/",
    "news/<int:pk>/",
    # Support for anyone who cannot log in, and the help pages; a visitor's signed reply link
    "support/new/",
    "support/sent/",
    "support/reply/<str:token>/",
    "help/",
    "help/<slug:slug>/",
    # The public results site: published reports, actions, statistics, feed and open data
    "results/",
    "results/share.png",
    "results/period/<int:pk>/",
    "results/period/<int:pk>/share.png",
    "results/actions/",
    "results/actions/<int:pk>/",
    "results/actions/<int:pk>/share.png",
    "results/statistics/",
    "results/feed.atom",
    "results/open-data/",
    "results/open-data/statistics.csv",
    "results/open-data/statistics.json",
    "results/open-data/actions.csv",
    "results/open-data/actions.json",
}
SAMPLE_ARGUMENTS = {"pk": "1", "slug": "sote", "token": "x" * 43, "uidb64": "MQ", "path": "x"}


def walk(resolver: URLResolver, prefix: str = "") -> list[tuple[str, str]]:
    """Every URL pattern as (pattern text, example path)."""
    found = []
    for entry in resolver.url_patterns:
        pattern = str(entry.pattern)
        if isinstance(entry, URLResolver):
            found += walk(entry, prefix + pattern)
        elif isinstance(entry, URLPattern):
            example = re.sub(r"<(?:\w+:)?(\w+)>", lambda m: SAMPLE_ARGUMENTS.get(m.group(1), "1"), prefix + pattern)
            found.append(((prefix + pattern).removeprefix("fi/"), "/" + example))
    return found


def all_paths() -> list[tuple[str, str]]:
    """Every page of the site; the language prefix resolves to "fi/" (the default language)."""
    return walk(get_resolver())


def test_the_walk_finds_the_pages_we_know():
    patterns = {pattern for pattern, _ in all_paths()}
    assert {"login/", "me/", "staff/members/", "healthz", "audit/", "organisations/"} <= patterns
    assert len(patterns) > 25


@pytest.mark.parametrize(("pattern", "path"), all_paths(), ids=[p for p, _ in all_paths()])
def test_no_private_page_answers_an_anonymous_visitor(client, pattern, path):
    """SECURITY.md #7: only the public pages answer a visitor who has not logged in."""
    response = client.get(path)
    if pattern in PUBLIC_PATTERNS:
        assert response.status_code in (200, 302, 404, 405), path
        return
    assert response.status_code in (302, 404, 405), f"{path} answered {response.status_code}"
    if response.status_code == 302:
        assert "/login/" in response["Location"], f"{path} redirected to {response['Location']}"


STAFF_PREFIXES = ("staff/", "audit/", "organisations/")


@pytest.mark.parametrize(
    ("pattern", "path"),
    [(p, path) for p, path in all_paths() if p.startswith(STAFF_PREFIXES)],
    ids=[p for p, _ in all_paths() if p.startswith(STAFF_PREFIXES)],
)
def test_no_staff_page_answers_a_signed_in_member(member_client, pattern, path):
    """SECURITY.md #2 and #7: a member who types a staff address is refused, whatever the app."""
    response = member_client.get(path)
    assert response.status_code in (403, 404, 405), f"{path} answered a member with {response.status_code}"


MEMBER_PREFIXES = ("me/", "community/", "periods/", "support/mine/")


@pytest.mark.parametrize(
    ("pattern", "path"),
    [(p, path) for p, path in all_paths() if p.startswith(MEMBER_PREFIXES)],
    ids=[p for p, _ in all_paths() if p.startswith(MEMBER_PREFIXES)],
)
def test_no_member_page_answers_a_developer(developer_client, pattern, path):
    """SECURITY.md #4 and #7: members' own pages are theirs; staff read answers only on staff pages, which log it."""
    response = developer_client.get(path)
    if pattern == "me/":  # the start page sends staff to their own
        assert response["Location"].endswith("/staff/")
        return
    assert response.status_code in (403, 404, 405), f"{path} answered a developer with {response.status_code}"
