import threading
from datetime import timedelta

import pytest
from django.core import mail
from django.db import connection
from django.utils import timezone

from recruitment.forms import ApplicationForm
from recruitment.models import Application, DeveloperType, NextRoundSubscription, QuizQuestion
from recruitment.services import application_submit, next_round_announce
from recruitment.tests.factories import APPLICATION, RoundFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def open_round():
    return RoundFactory(slug="syksy")


def apply(client, round, capture, **overrides):
    with capture(execute=True):
        return client.post(f"/fi/join/round/{round.slug}/apply/", {**APPLICATION, **overrides}, REMOTE_ADDR="10.1.1.1")


def quiz_answers(pick: int) -> dict:
    return {f"q{question.pk}": question.options.all()[pick].pk for question in QuizQuestion.objects.all()}


def test_the_default_quiz_has_eight_questions_and_five_types_in_three_languages():
    assert QuizQuestion.objects.count() == 8
    assert DeveloperType.objects.count() == 5
    for developer_type in DeveloperType.objects.all():
        assert developer_type.name_sv and developer_type.name_en and developer_type.description_sv
    assert all(question.options.count() == 5 for question in QuizQuestion.objects.all())


def test_the_quiz_gives_a_shareable_result_with_no_personal_data(client, open_round):
    response = client.post("/fi/join/quiz/", quiz_answers(pick=2))
    assert response.status_code == 302
    assert response["Location"] == "/fi/join/quiz/kriittinen-ystava/"
    page = client.get(response["Location"]).content.decode()
    assert "Kriittinen ystävä" in page or "The Critical Friend" in page
    assert "/fi/join/round/syksy/apply/?type=kriittinen-ystava" in page
    assert 'property="og:title"' in page


def test_an_unanswered_quiz_question_gets_a_clear_message(client):
    answers = quiz_answers(pick=0)
    answers.pop(next(iter(answers)))
    response = client.post("/fi/join/quiz/", answers)
    assert response.status_code == 200
    assert len(response.context["form"].errors) == 1


def test_the_kiosk_resets_itself_and_shows_a_qr_code_for_the_phone(client, open_round):
    quiz_page = client.get("/fi/join/kiosk/")
    assert quiz_page["Cache-Control"] == "no-store"
    assert 'data-reset-seconds="90"' in quiz_page.content.decode()
    response = client.post("/fi/join/kiosk/", quiz_answers(pick=4))
    assert response["Location"] == "/fi/join/kiosk/kokeilija/"
    result = client.get(response["Location"])
    body = result.content.decode()
    assert 'src="data:image/svg+xml' in body
    assert 'data-reset-url="/fi/join/kiosk/"' in body
    assert result["Cache-Control"] == "no-store"
    assert "kiosk.js" in body


def test_it_takes_an_application_and_confirms_it_by_email(client, open_round, django_capture_on_commit_callbacks):
    response = apply(client, open_round, django_capture_on_commit_callbacks)
    assert response.status_code == 302
    application = Application.objects.get()
    assert (application.email, application.age_group, application.municipality) == (
        "aino@example.fi",
        "65-74",
        "Kouvola",
    )
    assert application.services_used == ["health_centre", "rescue"]
    assert len(mail.outbox) == 1 and mail.outbox[0].alternatives


def test_a_duplicate_application_stores_nothing_and_reveals_nothing(
    client, open_round, django_capture_on_commit_callbacks
):
    first = apply(client, open_round, django_capture_on_commit_callbacks)
    second = apply(
        client, open_round, django_capture_on_commit_callbacks, email="AINO@example.fi", full_name="Someone Else"
    )
    assert first["Location"] == second["Location"]
    assert Application.objects.count() == 1
    assert Application.objects.get().full_name == "Aino Asukas"
    assert len(mail.outbox) == 2
    assert "already" in mail.outbox[1].body or "jo" in mail.outbox[1].body


def test_an_under_16_applicant_gets_a_kind_explanation_and_nothing_is_stored(
    client, open_round, django_capture_on_commit_callbacks
):
    young = (timezone.localdate() - timedelta(days=365 * 15)).strftime("%d.%m.%Y")
    response = apply(client, open_round, django_capture_on_commit_callbacks, birth_date=young)
    assert response.status_code == 200
    assert "16" in response.content.decode()
    assert not Application.objects.exists() and not mail.outbox


def test_an_applicant_outside_the_region_gets_a_kind_explanation(
    client, open_round, django_capture_on_commit_callbacks
):
    response = apply(client, open_round, django_capture_on_commit_callbacks, municipality="outside")
    assert response.status_code == 200
    assert "Kouvola" in response.content.decode()
    assert not Application.objects.exists()


def test_a_rejected_field_keeps_every_entered_value(client, open_round, django_capture_on_commit_callbacks):
    response = apply(client, open_round, django_capture_on_commit_callbacks, email="not-an-email")
    assert response.status_code == 200
    page = response.content.decode()
    for value in ["Aino Asukas", "not-an-email", "12.4.1961", "Haluan vaikuttaa."]:
        assert value in page
    assert 'value="caregiver" checked' in page.replace("\n", " ") or "checked" in page
    assert not Application.objects.exists()


def test_a_bot_filling_the_honeypot_is_quietly_ignored(client, open_round, django_capture_on_commit_callbacks):
    """SECURITY.md #16: A post that fills the honeypot stores nothing and tells the bot nothing."""
    response = apply(client, open_round, django_capture_on_commit_callbacks, website="http://spam.example")
    assert response.status_code == 302
    assert not Application.objects.exists() and not mail.outbox


def test_applications_are_throttled_per_email(client, open_round, django_capture_on_commit_callbacks):
    """SECURITY.md #16: One address cannot flood the application form."""
    statuses = [
        apply(client, open_round, django_capture_on_commit_callbacks, REMOTE_ADDR=f"10.2.0.{n}").status_code
        for n in range(5)
    ]
    assert statuses[:3] == [302, 302, 302]
    assert statuses[3] == 429


def test_applications_are_throttled_per_ip(client, open_round, django_capture_on_commit_callbacks):
    """SECURITY.md #16: One network address cannot flood the application form."""
    statuses = [
        apply(client, open_round, django_capture_on_commit_callbacks, email=f"p{n}@example.fi").status_code
        for n in range(22)
    ]
    assert statuses.count(429) == 2
    assert Application.objects.count() == 20


def test_outside_the_window_the_form_is_closed_and_offers_tell_me_when(client, django_capture_on_commit_callbacks):
    closed = RoundFactory(
        slug="kevat", opens_at=timezone.now() - timedelta(days=30), closes_at=timezone.now() - timedelta(days=1)
    )
    RoundFactory(
        slug="seuraava", opens_at=timezone.now() + timedelta(days=60), closes_at=timezone.now() + timedelta(days=80)
    )
    page = client.get(f"/fi/join/round/{closed.slug}/apply/")
    assert "recruitment/round_closed.html" in [t.name for t in page.templates]
    assert client.post(f"/fi/join/round/{closed.slug}/apply/", APPLICATION).status_code == 200
    assert not Application.objects.exists()
    assert client.post("/fi/join/subscribe/", {"email": "tell@example.fi"}).status_code == 200
    assert client.post("/fi/join/subscribe/", {"email": "TELL@example.fi"}).status_code == 200
    assert NextRoundSubscription.objects.count() == 1
    assert client.post("/fi/join/subscribe/", {"email": "bad"}).status_code == 400


def test_subscribers_hear_once_when_a_round_opens(django_capture_on_commit_callbacks, open_round):
    NextRoundSubscription.objects.create(email="a@example.fi", language="sv")
    with django_capture_on_commit_callbacks(execute=True):
        assert next_round_announce(round=open_round) == 1
    assert "/sv/join/round/syksy/" in mail.outbox[0].body
    assert not NextRoundSubscription.objects.exists()


def test_an_unpublished_round_is_404(client):
    hidden = RoundFactory(is_published=False)
    assert client.get(f"/fi/join/round/{hidden.slug}/").status_code == 404
    assert client.get(f"/fi/join/round/{hidden.slug}/apply/").status_code == 404


def test_script_in_an_application_is_stored_as_text(client, open_round, django_capture_on_commit_callbacks):
    """SECURITY.md #17: Script in an application is stored as text and shown escaped."""
    payload = "<script>alert(1)</script>"
    apply(client, open_round, django_capture_on_commit_callbacks, motivation=payload, full_name=payload)
    assert Application.objects.get().motivation == payload


@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_applications_from_one_address_store_one(flushable_audit_log):
    """The unique constraint, not a look-up in Python, decides: both requests run at the same moment."""
    if connection.vendor != "postgresql":
        # The in-memory SQLite test database locks whole tables between threads ("database table is
        # locked"); the sequential duplicate above checks the same constraint there.
        pytest.skip("simultaneous writers need PostgreSQL (the PostgreSQL pass runs this)")
    round = RoundFactory(slug="samaan-aikaan")
    form = ApplicationForm(APPLICATION, round=round)
    assert form.is_valid(), form.errors
    details = form.details("fi")
    start = threading.Barrier(2)
    stored = []

    def submit() -> None:
        start.wait()
        try:
            stored.append(application_submit(round=round, details=details))
        finally:
            connection.close()

    threads = [threading.Thread(target=submit) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(application is None for application in stored) == [False, True]
    assert Application.objects.filter(round=round).count() == 1
    # The applicant hears both outcomes by email, so the page never reveals who has applied.
    assert sorted(message.to[0] for message in mail.outbox) == ["aino@example.fi", "aino@example.fi"]
    assert any("already" in message.body or "jo" in message.body for message in mail.outbox)
