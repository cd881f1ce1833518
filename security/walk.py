"""Requests as a role of the world, and what their responses mean (shared by the walk and the forged-id tests)."""

import re
from urllib.parse import urlencode, urlparse

from django.conf import settings
from django.core.cache import cache
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from audit.models import AuditEvent

from .access_rules import DENIED, HIDDEN, LOGIN, NOT_FOUND, OK, OTP, Outcome, Rule
from .world import IMG, MEMBER_EMAIL, MEMBER_NAME, MEMBER_PHONE, SCRIPT

LOGIN_PATH = re.compile(r"^/[a-z]{2}/login/")
SECOND_FACTOR_PATH = re.compile(r"^/[a-z]{2}/second-factor/")
# A GET changes nothing (SECURITY.md #20): it may only log the read, keep the session alive, and number
# what is "created on first need": a member's membership term (membership.services.term_current) and
# the period's respondent labels (periods.respondents).
GET_MAY_WRITE = {"audit_auditevent", "django_session", "membership_membershipterm", "periods_periodrespondent"}
WRITE = re.compile(r'\s*(?:INSERT INTO|UPDATE|DELETE FROM)\s+"?(\w+)"?', re.IGNORECASE)
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


def _last_event() -> int:
    return AuditEvent.objects.order_by("-pk").values_list("pk", flat=True).first() or 0


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


def identity_shown(response) -> bool:
    """Whether a response (page or file, when readable) shows who `member` is: email, name or phone."""
    if response.streaming:
        return False
    body = response.content.decode(errors="replace")
    return any(marker in body for marker in (MEMBER_EMAIL, MEMBER_NAME, MEMBER_PHONE))


def tables_written(queries: CaptureQueriesContext) -> set[str]:
    found = set()
    for query in queries.captured_queries:
        match = WRITE.match(query["sql"])
        if match:
            found.add(match.group(1))
    return found


def request_once(
    world, role: str, organisation, method: str, path: str, data: dict, *, identity_allowed: bool = False
) -> Outcome | None:
    """One request in its own savepoint; the throttles start empty, as for a first visit.

    A GET that writes anything but the audit log and the session, a page that shows a payload of
    the world unescaped, or one that shows who `member` is to anyone else (except where the rule
    allows it, and then only with an audit record naming the member) is recorded in `world.findings`.
    """
    cache.clear()
    with transaction.atomic():
        last = _last_event()
        client = client_as(world, role, organisation)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(path) if method == "get" else client.post(path, data)
        written = AuditEvent.objects.filter(pk__gt=last)
        result = outcome_of(response, logged=written.filter(action=AuditEvent.Action.ACCESS_DENIED).exists())
        identity = role != "member" and identity_shown(response)
        read_logged = identity and written.filter(subject_user_id=world.member.pk).exists()
        transaction.set_rollback(True)
    request = f"{role} {method.upper()} {path}"
    if method == "get":
        world.findings += [f"a GET wrote to {table} ({request})" for table in tables_written(queries) - GET_MAY_WRITE]
    if payload_shown(response):
        world.findings.append(f"a script payload shown unescaped to {request}")
    if identity and not identity_allowed:
        world.findings.append(f"the member's identity shown to {request}")
    elif identity and not read_logged:
        world.findings.append(f"the member's identity shown without an audit record to {request}")
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
        allowed = role in rule.identity_for
        got = request_once(world, role, organisation, "get", path, data, identity_allowed=allowed)
        if got is None:
            got = request_once(world, role, organisation, "post", path, data, identity_allowed=allowed)
        return got, path
    results = {request_once(world, role, organisation, method, path, data) for method in ("get", "post")}
    results.discard(None)  # one method refused before any check is fine; the other must show the check
    if results == {expected}:
        return expected, path
    return (next(iter(results - {expected})) if results - {expected} else None), path


def mismatches(world, name: str, rule: Rule, roles, organisation, language: str) -> list[str]:
    """Each role whose outcome differs from the rule's, and each page that showed a payload unescaped."""
    found = []
    world.findings.clear()
    for role in roles:
        got, path = outcome_for(world, name, rule, role, organisation, language)
        if got is not rule.expect[role]:
            shown = got.value if got else "405 to every method"
            found.append(f"{role}: expected {rule.expect[role].value}, got {shown} ({path})")
    found += world.findings
    return found
