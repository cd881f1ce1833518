"""Every URL pattern of the project, requested as every role, gets what its access rule says.

The rules are in security/access_rules.py; the objects the URLs name are in security/world.py. A new
URL without a rule fails here with its name. Each role's request runs in its own savepoint, so a
manager who deletes a task in one request leaves it in place for the developer's request after it.
"""

import re

import pytest
from django.conf import settings
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import translation

from .access_rules import HIDDEN, ROLES, RULES
from .walk import mismatches

pytestmark = pytest.mark.django_db

LANGUAGES = [code for code, _name in settings.LANGUAGES]


def url_patterns(resolver: URLResolver | None = None, namespace: str = "", prefix: str = "") -> dict[str, str]:
    """Every named pattern of the resolver as {"namespace:name": pattern text}, in the active language."""
    found: dict[str, str] = {}
    for entry in (resolver or get_resolver()).url_patterns:
        if isinstance(entry, URLResolver):
            inner = ":".join(part for part in (namespace, entry.namespace or "") if part)
            found |= url_patterns(entry, inner, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            name = f"{namespace}:{entry.name}" if namespace else entry.name
            assert entry.name, f"the pattern {prefix}{entry.pattern} has no name, so it can have no rule"
            assert name not in found, f"two patterns are named {name}: one rule could not tell them apart"
            found[name] = prefix + str(entry.pattern)
    return found


def patterns_in_every_language() -> dict[str, dict[str, str]]:
    """Language -> its patterns."""
    by_language = {}
    for language in LANGUAGES:
        with translation.override(language):
            by_language[language] = url_patterns()
    return by_language


ALL_NAMES = sorted({name for patterns in patterns_in_every_language().values() for name in patterns})
OWNED = sorted(name for name, rule in RULES.items() if rule.organisation_owned)
SIGNED_LINKS = sorted(name for name, rule in RULES.items() if rule.kind == "signed link")


def test_every_url_pattern_has_an_access_rule_and_every_rule_a_pattern():
    """SECURITY.md #7: a new URL cannot ship without a rule saying who may open it (and a walk that checks it)."""
    missing = [name for name in ALL_NAMES if name not in RULES]
    assert not missing, f"URL patterns without a rule in security/access_rules.py: {missing}"
    stale = sorted(set(RULES) - set(ALL_NAMES))
    assert not stale, f"Rules for URL patterns that no longer exist: {stale}"


def test_every_language_serves_the_same_patterns_with_the_same_views():
    """SECURITY.md #7: no language prefix reaches a view, or misses a check, that another does not."""
    by_language = patterns_in_every_language()
    names = {language: set(patterns) for language, patterns in by_language.items()}
    assert all(found == names["fi"] for found in names.values()), names
    views: dict[str, dict[str, object]] = {}
    for language in LANGUAGES:
        with translation.override(language):
            resolver = get_resolver()
            for name, pattern in by_language[language].items():
                assert pattern.startswith((f"{language}/", "healthz", "theme.css", "favicon.ico", "i18n/")), (
                    language,
                    pattern,
                )
                match = resolver.resolve("/" + _example(pattern))
                assert match.view_name == name, (language, pattern, match.view_name)
                views.setdefault(language, {})[name] = match.func
    assert all(found == views["fi"] for found in views.values())


def _example(pattern: str) -> str:
    return re.sub(r"<(?:(\w+):)?(\w+)>", lambda m: "1" if m.group(1) == "int" else "x", pattern)


# The walk -------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ALL_NAMES)
def test_each_role_gets_what_the_access_rule_says(world, name):
    """SECURITY.md #1, #2, #3, #4, #7, #14, #17 and #20: every pattern as every role, in one of three languages in turn.

    Members get 403 on staff pages and a logged 404 for objects outside their periods or of other
    members; developers a logged 404 for the other organisation's objects; staff without a verified
    second factor are sent to it; visitors to the login page. Every page that opens shows the world's
    script payloads (in pseudonyms, answers, posts, file names, titles…) as text, never as markup,
    and shows who the member is (email, name, phone) to nobody else, except on the pages the rule
    allows, which log the read. No GET changes anything: it writes to no table but the audit log
    and the session.
    """
    assert name in RULES, f"{name} has no rule in security/access_rules.py"
    language = LANGUAGES[ALL_NAMES.index(name) % len(LANGUAGES)]
    problems = mismatches(world, name, RULES[name], ROLES, world.sote, language)
    assert not problems, f"{name}:\n  " + "\n  ".join(problems)


@pytest.mark.parametrize("name", OWNED)
def test_the_other_organisations_developer_gets_a_logged_404_for_every_object(world, name):
    """SECURITY.md #3: the walk's objects again, this time the rescue department's, against the sote developer.

    (The walk above already tries the rescue developer on sote's objects.)
    """
    rule = RULES[name]
    assert rule.expect["other_developer"] is HIDDEN
    problems = mismatches(world, name, rule, ("own_developer", "other_developer"), world.rescue, "fi")
    assert not problems, f"{name}:\n  " + "\n  ".join(problems)


@pytest.mark.parametrize("name", SIGNED_LINKS)
def test_a_forged_signed_link_opens_nothing(world, name):
    """SECURITY.md #15: a token changed by one character is refused like no token at all."""
    rule = RULES[name]
    kwargs = rule.kwargs(world, world.sote)
    token = kwargs["token"]
    forged = token[:-2] + ("BB" if token.endswith("AA") else "AA")
    with translation.override("fi"):
        path = reverse(name, kwargs={**kwargs, "token": forged})
    response = Client().get(path)
    if name == "accounts:password_reset_confirm":  # Django's view says "invalid link" on its own page
        assert response.status_code == 200 and response.context["validlink"] is False
    else:
        assert response.status_code == 404, path
