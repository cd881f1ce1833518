"""Nothing a member typed is lost: drafts, autosave, version conflicts, double submits, expired sessions, closing."""

import re
from datetime import timedelta
from pathlib import Path

import pytest
import time_machine
from django.core import signing
from django.db import IntegrityError
from django.test import Client
from django.utils import timezone

from conftest import verified_client
from periods.models import Answer, PendingDraft, Response
from periods.services import answers as services
from periods.services.answers import AnswerValue, draft_key_make, survey_submit
from periods.tests.factories import PeriodFactory, QuestionFactory, TaskFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def task(member, other_member):
    return TaskFactory(period=PeriodFactory(members=[member, other_member]))


@pytest.fixture
def question(task):
    return QuestionFactory(task=task, text_fi="Kerro", min_length=10)


def url(task, rest=""):
    return f"/en/periods/{task.period_id}/tasks/{task.pk}/{rest}"


def test_every_post_stores_the_draft_before_validating(member_client, member, task, question):
    response = member_client.post(url(task), {"version": 0, f"q{question.pk}": "lyhyt"})
    assert response.status_code == 400
    stored = Response.objects.get(member=member)
    assert stored.draft == {f"q{question.pk}": ["lyhyt"]} and stored.version == 1 and stored.draft_saved_at
    assert 'name="version" value="1"' in response.content.decode()
    assert not Answer.objects.exists()


def test_the_save_draft_button_keeps_the_text_without_sending(member_client, member, task, question):
    response = member_client.post(url(task), {"version": 0, "action": "draft", f"q{question.pk}": "kesken"})
    assert response.status_code == 302
    assert not Answer.objects.exists() and Response.objects.get().submitted_at is None
    assert "kesken" in member_client.get(url(task)).content.decode()


def test_autosave_answers_json_and_bumps_the_version(member_client, task, question):
    response = member_client.post(url(task, "autosave/"), {"version": 0, f"q{question.pk}": "kirjoitan"})
    assert response.status_code == 200
    body = response.json()
    assert (
        body["version"] == 1
        and body["saved_at"]
        and "Cache-Control" in response
        and "no-store" in response["Cache-Control"]
    )
    assert Response.objects.get().draft[f"q{question.pk}"] == ["kirjoitan"]
    assert member_client.get(url(task, "autosave/")).status_code == 405


def test_autosave_needs_csrf(member, task, question):
    client = Client(enforce_csrf_checks=True)
    client.force_login(member)
    assert client.post(url(task, "autosave/"), {"version": 0}).status_code == 403
    assert not Response.objects.exists()


def test_an_older_version_is_refused_and_both_versions_are_shown(member_client, task, question):
    member_client.post(url(task, "autosave/"), {"version": 0, f"q{question.pk}": "Toisen välilehden teksti"})
    response = member_client.post(url(task), {"version": 0, f"q{question.pk}": "Tämän välilehden teksti"})
    assert response.status_code == 409
    page = response.content.decode()
    assert "Toisen välilehden teksti" in page and "Tämän välilehden teksti" in page
    stored = Response.objects.get()
    assert stored.draft[f"q{question.pk}"] == ["Toisen välilehden teksti"] and stored.version == 1
    assert 'name="version" value="1"' in page
    assert not Answer.objects.exists()
    conflict = member_client.post(url(task, "autosave/"), {"version": 0, f"q{question.pk}": "vanha"})
    assert conflict.status_code == 409 and conflict.json()["conflict"] is True
    assert Response.objects.get().draft[f"q{question.pk}"] == ["Toisen välilehden teksti"]


def test_a_double_submit_stores_one_response_and_one_answer(member_client, task, question):
    """SECURITY.md #23: The same form sent twice stores one response and one answer."""
    data = {"version": 0, f"q{question.pk}": "Kymmenen merkkiä ainakin"}
    first = member_client.post(url(task), data)
    second = member_client.post(url(task), data)
    assert first.status_code == 302 and second.status_code == 302
    assert Response.objects.count() == 1 and Answer.objects.count() == 1


def test_the_service_repeated_and_racing_stores_one_response(member, task, question, monkeypatch):
    """SECURITY.md #23: Two saves racing past the check in Python still store one response (the constraint holds)."""
    answers = {question.pk: AnswerValue("sama teksti")}
    survey_submit(task=task, member=member, answers=answers)
    survey_submit(task=task, member=member, answers=answers)
    assert Response.objects.count() == 1 and Answer.objects.count() == 1
    # Another request inserted the row after our look-up missed it: our insert hits the constraint.

    def racing(**kwargs):
        raise IntegrityError("duplicate key")

    monkeypatch.setattr(Response.objects, "get_or_create", racing)
    survey_submit(task=task, member=member, answers=answers)
    assert Response.objects.count() == 1 and Answer.objects.count() == 1
    with pytest.raises(IntegrityError):
        Response.objects.create(task=task, member=member)


def test_the_keepalive_refreshes_the_session_on_post_only(member_client):
    assert member_client.get("/en/periods/keepalive/").status_code == 405
    response = member_client.post("/en/periods/keepalive/")
    assert response.status_code == 200 and response.json()["seconds"] > 0
    assert "sessionid" in response.cookies
    assert Client().post("/en/periods/keepalive/").status_code == 302


def _seconds_on_page(client, task) -> int:
    response = client.get(url(task))
    return int(re.search(r'data-session-seconds="(\d+)"', response.content.decode()).group(1))


def test_an_answer_page_renews_the_session_at_most_every_few_minutes(member_client, task, question, settings):
    """Each renewal is a database and cache write; the page still counts down from the real renewal."""
    age = settings.SESSION_COOKIE_AGE
    with time_machine.travel(timezone.now(), tick=False) as clock:
        first = member_client.get(url(task))
        assert "sessionid" in first.cookies  # renewed: written with the response
        clock.shift(timedelta(minutes=2))
        second = member_client.get(url(task))
        assert "sessionid" not in second.cookies  # not written again so soon
        assert _seconds_on_page(member_client, task) == age - 120
        clock.shift(timedelta(minutes=4))  # six minutes since the renewal
        assert "sessionid" in member_client.get(url(task)).cookies
        assert _seconds_on_page(member_client, task) == age


def test_the_keepalive_always_gives_the_full_age(member_client, task, question, settings):
    with time_machine.travel(timezone.now(), tick=False) as clock:
        member_client.get(url(task))
        clock.shift(timedelta(minutes=1))
        response = member_client.post("/en/periods/keepalive/")
        assert response.json()["seconds"] == settings.SESSION_COOKIE_AGE
        assert "sessionid" in response.cookies
        assert _seconds_on_page(member_client, task) == settings.SESSION_COOKIE_AGE


def test_the_session_warning_data_is_on_answer_pages_only(member_client, task, question):
    assert "data-session-seconds" in member_client.get(url(task)).content.decode()
    assert "data-session-seconds" not in member_client.get("/en/periods/").content.decode()
    assert "session.js" in member_client.get(url(task)).content.decode()


def test_a_post_after_the_session_expired_is_kept_and_restored_after_login(member, other_member, task, question):
    """SECURITY.md #22: A draft sent after the session ended is kept, and only its writer gets it back after logging in."""
    key = draft_key_make(member_id=member.pk, task_id=task.pk)
    anonymous = Client()
    response = anonymous.post(
        url(task), {"draft_key": key, "version": 3, f"q{question.pk}": "Pitkä ajatus jota ei saa hukata"}
    )
    assert response.status_code == 302 and response["Location"].startswith("/en/login/?next=")
    assert url(task).replace("/", "%2F") in response["Location"] or url(task) in response["Location"]
    pending = PendingDraft.objects.get()
    assert pending.member == member and pending.data == {f"q{question.pk}": ["Pitkä ajatus jota ei saa hukata"]}
    # Another member logging in never sees it.
    other_page = verified_client(other_member).get(url(task)).content.decode()
    assert "Pitkä ajatus" not in other_page and PendingDraft.objects.count() == 1
    page = verified_client(member).get(url(task)).content.decode()
    assert "Pitkä ajatus jota ei saa hukata" in page
    assert "We kept the text you wrote before your session ended" in page
    assert not PendingDraft.objects.exists()
    assert Response.objects.get(member=member).draft == {f"q{question.pk}": ["Pitkä ajatus jota ei saa hukata"]}


def test_an_expired_autosave_is_kept_too(member, task, question):
    """SECURITY.md #22: An autosave that arrives after the session ended is kept for its writer too."""
    key = draft_key_make(member_id=member.pk, task_id=task.pk)
    response = Client().post(
        url(task, "autosave/"), {"draft_key": key, f"q{question.pk}": "tekstiä"}, HTTP_ACCEPT="application/json"
    )
    assert response.status_code == 401 and response.json()["kept"] is True
    assert PendingDraft.objects.get().member == member


@pytest.mark.parametrize(
    "key",
    [
        "",
        "forged",
        signing.dumps({"m": 1, "t": 1}, salt="another.salt"),
        "WRONG_TASK",
        "STAFF",
    ],
    # Fixed ids: the signed value has a timestamp, and parallel workers must collect the same names.
    ids=["empty", "forged", "other-salt", "wrong-task", "staff"],
)
def test_a_bad_or_forged_draft_key_stores_nothing(member, manager, task, question, key):
    if key == "WRONG_TASK":
        key = draft_key_make(member_id=member.pk, task_id=task.pk + 1000)
    if key == "STAFF":
        key = draft_key_make(member_id=manager.pk, task_id=task.pk)
    response = Client().post(url(task), {"draft_key": key, f"q{question.pk}": "x"})
    assert response.status_code == 302
    assert not PendingDraft.objects.exists() and not Response.objects.exists()


def test_pending_drafts_do_not_pile_up(member, task, question):
    key = draft_key_make(member_id=member.pk, task_id=task.pk)
    for i in range(8):
        Client().post(url(task), {"draft_key": key, f"q{question.pk}": f"yritys {i}"})
    assert PendingDraft.objects.count() == services.PENDING_DRAFTS_KEPT


def test_a_post_to_a_closed_period_stores_nothing_but_keeps_the_text(member_client, member, task, question):
    survey_submit(task=task, member=member, answers={question.pk: AnswerValue("Alkuperäinen vastaus")})
    period = task.period
    period.ends_at = timezone.now() - timedelta(minutes=1)
    period.starts_at = timezone.now() - timedelta(days=10)
    period.save()
    version = Response.objects.get().version
    response = member_client.post(url(task), {"version": version, f"q{question.pk}": "Myöhästynyt muutos"})
    assert response.status_code == 409
    page = response.content.decode()
    assert "Myöhästynyt muutos" in page and "can no longer be changed" in page
    assert Answer.objects.get().value == "Alkuperäinen vastaus"
    assert Response.objects.get().draft == {f"q{question.pk}": ["Myöhästynyt muutos"]}
    readonly = member_client.get(url(task)).content.decode()
    assert "disabled" in readonly and "data-autosave-url" not in readonly


def test_a_post_before_the_period_opens_is_404_and_stores_nothing(member_client, member):
    period = PeriodFactory(
        members=[member], starts_at=timezone.now() + timedelta(days=1), ends_at=timezone.now() + timedelta(days=9)
    )
    task = TaskFactory(period=period)
    question = QuestionFactory(task=task)
    assert member_client.post(url(task), {f"q{question.pk}": "liian aikaisin"}).status_code == 404
    assert member_client.post(url(task, "autosave/"), {f"q{question.pk}": "liian aikaisin"}).status_code == 404
    assert not Response.objects.exists()


def test_answer_and_draft_pages_are_never_cached(member_client, task, question):
    """SECURITY.md #21: Answer and draft pages send no-store."""
    for address in (url(task), "/en/periods/answers/", "/en/periods/", f"/en/periods/{task.period_id}/"):
        assert "no-store" in member_client.get(address)["Cache-Control"]


def test_the_scripts_never_use_browser_storage_and_pages_have_no_inline_script(member_client, task, question):
    """SECURITY.md #9 and #21: No script keeps answers in browser storage, and no page has inline script."""
    folder = Path(__file__).resolve().parents[1] / "static" / "periods"
    for name in ("autosave.js", "session.js"):
        source = (folder / name).read_text()
        for storage in ("localStorage", "sessionStorage", "indexedDB", "document.cookie"):
            assert storage not in source
    page = member_client.get(url(task)).content.decode()
    assert "<script>" not in page and " onclick=" not in page and " style=" not in page
    assert 'src="/static/periods/autosave.js" defer' in page


def test_a_reply_or_an_edit_never_overwrites_the_main_draft(member_client, member, other_member):
    from periods.models import Post, TaskKind

    task = TaskFactory(period=PeriodFactory(members=[member, other_member]), kind=TaskKind.DISCUSSION)
    task.others_after_answering = False
    task.save()
    other = Post.objects.create(task=task, author=other_member, text="Toisen viesti")
    member_client.post(url(task, "autosave/"), {"version": 0, "text": "Puolivalmis oma vastaus"})
    failed = member_client.post(url(task, f"posts/{other.pk}/reply/"), {"text": "x" * 10001})
    assert failed.status_code == 400
    stored = Response.objects.get(member=member)
    assert stored.draft["text"] == ["Puolivalmis oma vastaus"] and stored.version == 1
    page = member_client.get(url(task)).content.decode()
    assert "Puolivalmis oma vastaus" in page and "x" * 10001 in page  # the reply box keeps its text too
    # The main form's next autosave is not a conflict: side drafts leave the version alone.
    assert member_client.post(url(task, "autosave/"), {"version": 1, "text": "Valmis"}).status_code == 200
    member_client.post(url(task, f"posts/{other.pk}/reply/"), {"text": "Hyvä pointti"})
    assert Response.objects.get(member=member).draft == {"text": ["Valmis"]}


def test_a_form_of_one_member_posted_in_anothers_session_is_kept_for_its_writer(member, other_member, task, question):
    key = draft_key_make(member_id=member.pk, task_id=task.pk)
    other = verified_client(other_member)
    response = other.post(url(task), {"draft_key": key, "version": 0, f"q{question.pk}": "Meritähden ajatus"})
    assert response.status_code == 302
    assert not Response.objects.filter(member=other_member).exists()
    assert PendingDraft.objects.get().member == member
    assert "Meritähden ajatus" not in other.get(url(task)).content.decode()
    assert "Meritähden ajatus" in verified_client(member).get(url(task)).content.decode()
