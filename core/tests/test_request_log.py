"""JSON logs with a request id on every line, and no answer text, password or email address in them."""

import io
import json
import logging
import logging.config
import re

import pytest
from django.conf import settings as django_settings
from django.db import connection
from django.test import Client

from core.request_log import GUNICORN_ACCESS_FORMAT, GunicornAccessFilter, logging_config
from periods.models import Answer, QuestionKind, Response
from periods.tests.factories import PeriodFactory, QuestionFactory, TaskFactory

pytestmark = pytest.mark.django_db

MARKER = "ZEBRA-MARKER-7f3a1c"


@pytest.fixture
def json_log():
    """Log everything at DEBUG as production does (JSON), into a buffer; put the test logging back after."""
    buffer = io.StringIO()
    config = logging_config(log_format="json", level="DEBUG")
    config["handlers"]["console"]["stream"] = buffer
    logging.config.dictConfig(config)
    yield buffer
    logging.config.dictConfig(django_settings.LOGGING)


def lines(buffer: io.StringIO) -> list[dict]:
    return [json.loads(line) for line in buffer.getvalue().splitlines()]


def test_it_answers_with_a_new_request_id_and_ignores_a_visitors_own_without_a_trusted_proxy(client, settings):
    settings.PROXY_COUNT = 0
    first = client.get("/healthz", HTTP_X_REQUEST_ID="chosen-by-visitor-123")
    second = client.get("/healthz")
    assert re.fullmatch(r"[0-9a-f]{32}", first["X-Request-ID"])
    assert first["X-Request-ID"] != second["X-Request-ID"]


@pytest.mark.parametrize(
    ("incoming", "kept"),
    [
        ("lb-1733093411-abcdef", True),
        ("0f8fad5b-d9cb-469f-a165-70867728950e", True),
        ("short", False),
        ("has space in it 1234", False),
        ("line\nbreak-123456789", False),
        ("x" * 129, False),
    ],
)
def test_behind_a_trusted_proxy_it_keeps_a_sane_incoming_id_only(client, settings, incoming, kept):
    settings.PROXY_COUNT = 1
    response = client.get("/healthz", HTTP_X_REQUEST_ID=incoming)
    assert (response["X-Request-ID"] == incoming) is kept
    assert re.fullmatch(r"[A-Za-z0-9._:+=-]{8,128}", response["X-Request-ID"])


def test_every_line_is_json_with_the_request_id_of_its_request(json_log, client):
    error = client.get("/healthz", HTTP_HOST="evil.example")  # DisallowedHost: logged with a traceback
    page = client.get("/fi/")
    logging.getLogger("prototyypit.test").info("outside any request")
    records = lines(json_log)
    assert len(records) >= 2
    for record in records:
        assert {"time", "level", "logger", "message", "request_id"} <= record.keys()
    assert error.status_code == 400 and page.status_code == 200
    in_request = [r for r in records if r["logger"] == "django.security.DisallowedHost"]
    assert in_request and all(r["request_id"] == error["X-Request-ID"] for r in in_request)
    assert records[-1]["request_id"] == "-"


def test_no_answer_text_password_or_email_reaches_the_logs(json_log, member, member_client, settings):
    """SECURITY.md #24: Submit an answer, fail a login and succeed one, with SQL logging forced on: the marker is in no line."""
    task = TaskFactory(period=PeriodFactory(members=[member]))
    question = QuestionFactory(task=task, kind=QuestionKind.TEXT, required=True)
    url = f"/fi/periods/{task.period_id}/tasks/{task.pk}/"
    connection.force_debug_cursor = True  # what DEBUG=1 would do: the SQL logger must still stay quiet
    try:
        assert member_client.post(url, {"version": 0, f"q{question.pk}": MARKER}).status_code == 302
        Client().post("/fi/login/", {"username": f"{MARKER}@example.fi", "password": MARKER})
        Client().post("/fi/login/", {"username": member.email, "password": f"{MARKER}-wrong"})
        member_client.get(f"/fi/periods/{task.period_id}/")
        member_client.get(url + f"?q={MARKER}", HTTP_X_REQUEST_ID=MARKER)
    finally:
        connection.force_debug_cursor = False
    assert Answer.objects.get(question=question).value == MARKER  # the answer was stored…
    assert Response.objects.get(task=task, member=member).submitted_at
    output = json_log.getvalue()
    assert output  # …something was logged…
    assert MARKER not in output  # …and none of it is the answer, the password or the address
    assert member.email not in output


def test_an_error_record_does_not_carry_the_request_and_its_query_string(json_log, rf):
    request = rf.get("/fi/me/", {"email": "asukas@example.fi"})
    logging.getLogger("django.request").error(
        "Internal Server Error: %s", request.path, extra={"status_code": 500, "request": request}
    )
    (record,) = lines(json_log)
    assert record["message"] == "Internal Server Error: /fi/me/" and record["status_code"] == 500
    assert "asukas" not in json_log.getvalue()


def test_the_capture_would_see_the_marker_if_sql_were_logged(json_log, member):
    """The control for the test above: lift the SQL hold and the same capture finds the answer text."""
    logging.getLogger("django.db.backends").setLevel(logging.DEBUG)
    connection.force_debug_cursor = True
    try:
        task = TaskFactory(period=PeriodFactory(members=[member]))
        QuestionFactory(task=task, kind=QuestionKind.TEXT, text_fi=MARKER)
    finally:
        connection.force_debug_cursor = False
    assert MARKER in json_log.getvalue()


def test_gunicorn_access_lines_carry_the_apps_request_id_and_no_query_string():
    atoms = {"m": "GET", "U": "/fi/me/", "q": "email=a@example.fi", "s": "200", "M": 12, "B": 345}
    atoms["{x-request-id}o"] = "abc123def456"
    record = logging.LogRecord("gunicorn.access", logging.INFO, __file__, 1, GUNICORN_ACCESS_FORMAT, (atoms,), None)
    assert GunicornAccessFilter().filter(record)
    assert (record.request_id, record.method, record.path, record.status, record.duration_ms) == (
        "abc123def456",
        "GET",
        "/fi/me/",
        200,
        12,
    )
    assert "a@example.fi" not in record.getMessage()


def test_an_unknown_log_format_is_refused():
    with pytest.raises(ValueError, match="LOG_FORMAT"):
        logging_config(log_format="xml", level="INFO")
