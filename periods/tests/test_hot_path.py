"""The member's hot path (home → period → task → autosave → submit): query budgets and what it skips safely."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.models import TermsVersion
from conftest import verified_client
from notifications.models import Notification
from periods.models import Probe, QuestionKind, Response
from periods.tests.factories import PeriodFactory, QuestionFactory, TaskFactory, options

# Measured on SQLite with database sessions (with Redis, the session is read from the cache: one less).
# The home page spends one query on the next-step card (issue 14).
BUDGETS = {"home": 12, "period": 5, "task": 9, "autosave": 8, "submit": 15}


def _journey(client, period, task, questions, answer: str) -> dict[str, list[str]]:
    """One pass of the hot path; the SQL each request ran, by step."""
    base = f"/fi/periods/{period.pk}/tasks/{task.pk}/"
    form = {q.field_name: answer for q in questions}
    ran = {}
    steps = [
        ("home", lambda: client.get("/fi/me/"), 200),
        ("period", lambda: client.get(f"/fi/periods/{period.pk}/"), 200),
        ("task", lambda: client.get(base), 200),
        ("autosave", lambda: client.post(base + "autosave/", {"version": _version(task), **form}), 200),
        ("submit", lambda: client.post(base, {"version": _version(task), **form}), 302),
    ]
    for name, call, status in steps:
        with CaptureQueriesContext(connection) as queries:
            assert call().status_code == status, name
        ran[name] = [q["sql"] for q in queries.captured_queries]
    return ran


def _version(task) -> int:
    return Response.objects.filter(task=task).values_list("version", flat=True).first() or 0


def _survey(member, n: int):
    period = PeriodFactory(members=[member])
    task = TaskFactory(period=period, kind="survey")
    questions = [QuestionFactory(task=task, kind=QuestionKind.SINGLE, choices=options("A", "B")) for _ in range(n)]
    for i in range(n):
        Probe.objects.create(member=member, task=task, question=f"kysymys {i}")
        Notification.objects.create(user=member, kind="reply", message="Uutta")
    return period, task, questions


@pytest.mark.parametrize("n", [2, 12])
def test_the_hot_path_keeps_its_query_budgets(member, n):
    period, task, questions = _survey(member, n)
    client = verified_client(member)
    _journey(client, period, task, questions, "a")  # creates the response and the membership term
    ran = _journey(client, period, task, questions, "b")
    assert {name: len(sql) for name, sql in ran.items()} == BUDGETS


def test_the_consent_is_looked_up_at_login_not_on_every_page(member):
    period, task, questions = _survey(member, 1)
    ran = _journey(verified_client(member), period, task, questions, "a")
    every = [sql for step in ran.values() for sql in step]
    assert not [sql for sql in every if "accounts_consent" in sql or "accounts_termsversion" in sql]


def test_the_unread_count_is_counted_once_on_the_home_page(member):
    period, task, questions = _survey(member, 1)
    ran = _journey(verified_client(member), period, task, questions, "a")
    assert sum("notifications_notification" in sql for sql in ran["home"]) == 1


def test_a_new_terms_version_still_stops_a_member_whose_consent_was_remembered(member, member_client):
    assert member_client.get("/fi/me/").status_code == 200
    current = TermsVersion.current()
    TermsVersion.objects.create(version=current.version + 1, summary_fi="Uusi kohta")
    response = member_client.get("/fi/me/")
    assert response.status_code == 302 and response["Location"].startswith("/fi/me/terms/")
    assert member_client.post("/fi/me/terms/", {"accept": "on"}).status_code == 302
    assert member_client.get("/fi/me/").status_code == 200


def test_a_member_without_consent_is_stopped_on_every_page(member):
    member.consents.all().delete()  # withdrawing through the platform ends every session instead
    member_client = verified_client(member)
    for _ in range(2):
        response = member_client.get("/fi/me/")
        assert response.status_code == 302 and response["Location"].startswith("/fi/me/terms/")
