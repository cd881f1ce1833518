"""Requests as a role of the world, and what their responses mean (shared by the walk and the forged-id tests)."""

import re
from urllib.parse import urlencode, urlparse

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.test import Client
from django.urls import reverse
from django.utils import translation

from audit.models import AuditEvent

from .access_rules import DENIED, HIDDEN, LOGIN, NOT_FOUND, OK, OTP, Outcome, Rule
from .world import IMG, SCRIPT

LOGIN_PATH = re.compile(r"^/[a-z]{2}/login/")
SECOND_FACTOR_PATH = re.compile(r"^/[a-z]{2}/second-factor/")
# The payloads as markup: escaped they read "&lt;script&gt;…", which is fine.
RAW_PAYLOADS = (SCRIPT.split("alert")[0] + "alert", IMG.split(" onerror")[0] + " onerror")


def _session(world, role: str, organisation) -> str | None:
    if role == "anonymous":
        return None
    if role == "own_developer":
        return world.sessions[f"developer:{organisation_key(world, organisation)}"]
    if role == "other_developer":
        other = "rescue" if organisation_key(world, organisation) == "sote" else "sote"
        return world.sessions[f"developer:{other}"]
    return world.sessions[role]


def organisation_key(world, organisation) -> str:
    return "sote" if organisation is world.sote else "rescue"


def client_as(world, role: str, organisation) -> Client:
    client = Client()
    key = _session(world, role, organisation)
    if key:
        client.cookies[settings.SESSION_COOKIE_NAME] = key
    return client


def _denied_events() -> int:
    return AuditEvent.objects.filter(action=AuditEvent.Action.ACCESS_DENIED).count()


def outcome_of(response, logged: bool) -> Outcome | None:
    """What a response means for the person who asked; None for 405 (the method is refused first)."""
    status = response.status_code
    if status in (301, 302, 303, 307, 308):
        path = urlparse(response["Location"]).path
        if LOGIN_PATH.match(path):
            return LOGIN
        if SECOND_FACTOR_PATH.match(path):
            return OTP
        return OK
    if status == 401:
        return LOGIN
    if status == 403:
        return DENIED
    if status == 404:
        return HIDDEN if logged else NOT_FOUND
    if status == 405:
        return None
    return OK


def payload_shown(response) -> bool:
    """Whether an HTML page shows one of the world's script payloads as markup rather than as text."""
    if not response.get("Content-Type", "").startswith("text/html") or response.streaming:
        return False
    page = response.content.decode(errors="replace")
    return any(raw in page for raw in RAW_PAYLOADS)


def request_once(world, role: str, organisation, method: str, path: str, data: dict) -> Outcome | None:
    """One request in its own savepoint; the throttles start empty, as for a first visit.

    A page that shows a payload of the world unescaped is recorded in `world.payloads_shown`.
    """
    cache.clear()
    with transaction.atomic():
        before = _denied_events()
        client = client_as(world, role, organisation)
        response = client.get(path) if method == "get" else client.post(path, data)
        result = outcome_of(response, logged=_denied_events() > before)
        transaction.set_rollback(True)
    if payload_shown(response):
        world.payloads_shown.append(f"{role} {method.upper()} {path}")
    return result


def path_of(name: str, rule: Rule, world, organisation, language: str) -> str:
    with translation.override(language):
        path = reverse(name, kwargs=rule.kwargs(world, organisation))
    query = rule.params(world, organisation)
    return f"{path}?{urlencode(query)}" if query else path


def outcome_for(world, name: str, rule: Rule, role: str, organisation, language: str) -> tuple[Outcome | None, str]:
    """What the role gets. Refused roles try GET and POST (a check on one method only is no check);
    allowed roles read with GET, or POST an empty form where the view takes only POST."""
    path = path_of(name, rule, world, organisation, language)
    data = rule.data(world, organisation)
    expected = rule.expect[role]
    if expected is OK:
        got = request_once(world, role, organisation, "get", path, data)
        if got is None:
            got = request_once(world, role, organisation, "post", path, data)
        return got, path
    results = {request_once(world, role, organisation, method, path, data) for method in ("get", "post")}
    results.discard(None)  # one method refused before any check is fine; the other must show the check
    if results == {expected}:
        return expected, path
    return (next(iter(results - {expected})) if results - {expected} else None), path


def mismatches(world, name: str, rule: Rule, roles, organisation, language: str) -> list[str]:
    """Each role whose outcome differs from the rule's, and each page that showed a payload unescaped."""
    found = []
    world.payloads_shown.clear()
    for role in roles:
        got, path = outcome_for(world, name, rule, role, organisation, language)
        if got is not rule.expect[role]:
            shown = got.value if got else "405 to every method"
            found.append(f"{role}: expected {rule.expect[role].value}, got {shown} ({path})")
    found += [f"a script payload shown unescaped to {seen}" for seen in world.payloads_shown]
    return found
