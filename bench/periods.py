"""Periods benchmark: how fast the pages members and staff use most answer in a full period.

A throwaway test database gets one open period with many members, tasks of every kind and answers;
then the member's task page, an autosave, a submit, the staff live view and the staff answers page
are timed through Django's test client (no network), with the queries each one ran.
"""

import statistics
import time
from datetime import timedelta

UNUSABLE = "!"  # an unusable password hash: nobody logs in with a password here


def _setup_django() -> None:
    import os

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "prototyypit.settings_test")
    import django

    django.setup()


def _populate(members: int, tasks: int, questions: int):
    from django.utils import timezone

    from accounts.models import Member, Role, User
    from organisations.models import Organisation
    from periods.models import Answer, Participant, Period, Post, Question, QuestionKind, Response, Task, TaskKind

    sote = Organisation.objects.create(slug="sote", name_fi="Sote")
    now = timezone.now()
    period = Period.objects.create(
        title_fi="Bench", starts_at=now - timedelta(days=1), ends_at=now + timedelta(days=9), published_at=now
    )
    period.organisations.set([sote])
    users = User.objects.bulk_create(
        [User(email=f"m{i}@example.fi", role=Role.MEMBER, is_active=True, password=UNUSABLE) for i in range(members)]
    )
    Member.objects.bulk_create(
        [Member(user=u, pseudonym=f"Jäsen {i}", pseudonym_key=f"jäsen {i}") for i, u in enumerate(users)]
    )
    Participant.objects.bulk_create([Participant(period=period, member=u) for u in users])
    survey_tasks = []
    for number in range(tasks):
        kind = [TaskKind.SURVEY, TaskKind.SURVEY, TaskKind.DISCUSSION, TaskKind.STATEMENTS, TaskKind.DIARY][number % 5]
        task = Task.objects.create(period=period, order=number, kind=kind, title_fi=f"Tehtävä {number}")
        if kind == TaskKind.SURVEY:
            survey_tasks.append(task)
            qs = Question.objects.bulk_create(
                [
                    Question(
                        task=task, order=i, kind=QuestionKind.TEXT if i % 2 else QuestionKind.SCALE5, text_fi=f"K{i}"
                    )
                    for i in range(questions)
                ]
            )
            responses = Response.objects.bulk_create(
                [Response(task=task, member=u, submitted_at=now) for u in users[1:]]
            )
            Answer.objects.bulk_create(
                [
                    Answer(response=r, question=q, value="Vastaus " * 20 if q.kind == QuestionKind.TEXT else 3)
                    for r in responses
                    for q in qs
                ]
            )
        elif kind == TaskKind.DISCUSSION:
            Post.objects.bulk_create([Post(task=task, author=u, text="Viesti " * 30) for u in users[1:]])
    from accounts.services import consent_give

    consent_give(user=users[0])
    manager = User.objects.create_user("manager@example.fi", "x" * 20, role=Role.MANAGER, is_active=True)
    return period, survey_tasks[0], users[0], manager


def _time(call, repeat: int) -> tuple[float, int]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    durations = []
    queries = 0
    for _ in range(repeat):
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            response = call()
            durations.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, response.status_code
        queries = len(captured)
    return round(statistics.median(durations), 1), queries


def run(smoke: bool) -> dict:
    _setup_django()
    from django.db import connection
    from django.test import Client
    from django.test.utils import setup_test_environment
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    members, tasks, questions, repeat = (20, 5, 4, 3) if smoke else (500, 10, 12, 15)
    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        started = time.perf_counter()
        period, survey, member, manager = _populate(members, tasks, questions)
        populate_s = time.perf_counter() - started
        member_client = Client()
        member_client.force_login(member)
        staff_client = Client()
        staff_client.force_login(manager)
        device = TOTPDevice.objects.create(user=manager, name="bench", confirmed=True)
        session = staff_client.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()
        task_url = f"/fi/periods/{period.pk}/tasks/{survey.pk}/"
        first_text = survey.questions.filter(kind="text").first()
        form = {first_text.field_name: "Luonnos " * 50}
        state = {"version": 0}
        results = {
            "members": members,
            "tasks": tasks,
            "questions_per_survey": questions,
            "populate_s": round(populate_s, 1),
        }
        for name, call in [
            ("member_task_page", lambda: member_client.get(task_url)),
            ("member_autosave", lambda: autosave(member_client, task_url + "autosave/", form, state)),
            ("member_period_list", lambda: member_client.get("/fi/periods/")),
            ("staff_live_view", lambda: staff_client.get(f"/fi/staff/periods/{period.pk}/live/")),
            (
                "staff_task_answers",
                lambda: staff_client.get(f"/fi/staff/periods/{period.pk}/tasks/{survey.pk}/answers/"),
            ),
        ]:
            median_ms, queries = _time(call, repeat)
            results[f"{name}_ms"] = median_ms
            results[f"{name}_queries"] = queries
        return results
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


def autosave(client, url: str, form: dict, state: dict):
    """One autosave naming the version the previous one returned, as the page's script does."""
    response = client.post(url, {**form, "version": state["version"]})
    state["version"] = response.json()["version"]
    return response
