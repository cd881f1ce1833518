"""While the database restarts, requests are told to try again (503) instead of failing as errors."""

import pytest
from django.db import OperationalError, ProgrammingError
from django.test import Client

from periods.models import Response
from periods.tests.factories import PeriodFactory, QuestionFactory, TaskFactory

pytestmark = pytest.mark.django_db


def unreachable(*args, **kwargs):
    raise OperationalError("connection to server at 127.0.0.1 failed: Connection refused")


@pytest.fixture
def errors_as_responses() -> Client:
    return Client(raise_request_exception=False)


def test_a_page_asks_to_try_again_when_the_database_is_unreachable(errors_as_responses, monkeypatch):
    monkeypatch.setattr("recruitment.views.public._current_round", unreachable)
    response = errors_as_responses.get("/fi/join/")
    assert response.status_code == 503 and response["Retry-After"] == "5"
    page = response.content.decode()
    assert "Palvelu on hetken poissa käytöstä" in page
    assert "Connection refused" not in page


def test_an_autosave_gets_json_to_retry_and_stores_nothing_half(member, monkeypatch):
    task = TaskFactory(period=PeriodFactory(members=[member]))
    question = QuestionFactory(task=task)
    client = Client(raise_request_exception=False)
    client.force_login(member)
    monkeypatch.setattr("periods.views.member_actions.draft_save", unreachable)
    response = client.post(
        f"/en/periods/{task.period_id}/tasks/{task.pk}/autosave/",
        {"version": 0, f"q{question.pk}": "teksti"},
        HTTP_ACCEPT="application/json",
    )
    assert response.status_code == 503 and response["Retry-After"] == "5"
    assert response.json()["unavailable"] is True
    assert not Response.objects.exists()


def test_any_other_error_stays_a_generic_500(errors_as_responses, monkeypatch):
    """SECURITY.md #24: An unexpected error shows a generic page, never a traceback."""

    def broken(*args, **kwargs):
        raise ProgrammingError("relation does not exist")

    monkeypatch.setattr("recruitment.views.public._current_round", broken)
    response = errors_as_responses.get("/fi/join/")
    assert response.status_code == 500 and "Retry-After" not in response
