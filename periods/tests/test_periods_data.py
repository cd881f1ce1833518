"""Periods in the cross-cutting parts: demo data, the member's export and erasure, retention."""

import json
from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone, translation

from accounts.models import User
from accounts.services import member_erase
from periods.member_data import ERASED_TEXT
from periods.models import (
    Answer,
    DiaryEntry,
    PendingDraft,
    Period,
    Post,
    Probe,
    Question,
    QuestionKind,
    Response,
    Statement,
    Status,
    TaskKind,
    Vote,
)
from periods.retention import drafts_purge
from periods.tests.factories import PeriodFactory, QuestionFactory, TaskFactory


@pytest.fixture
def answered(member, other_member, sote):
    """The member has answered a survey, posted, replied to, voted, kept a diary and replied to a probe."""
    period = PeriodFactory(organisations=[sote], members=[member, other_member])
    survey = TaskFactory(period=period)
    question = QuestionFactory(task=survey)
    response = Response.objects.create(task=survey, member=member, submitted_at=timezone.now(), draft={"q": "unsent"})
    Answer.objects.create(response=response, question=question, value="Jonot ovat liian pitkiä.")
    discussion = TaskFactory(period=period, kind=TaskKind.DISCUSSION)
    post = Post.objects.create(task=discussion, author=member, text="Oma kokemukseni")
    reply = Post.objects.create(task=discussion, author=other_member, parent=post, text="Samoin")
    statements = TaskFactory(period=period, kind=TaskKind.STATEMENTS)
    statement = Statement.objects.create(task=statements, text_fi="Väite")
    Vote.objects.create(statement=statement, member=member, value=1)
    Vote.objects.create(statement=statement, member=other_member, value=-1)
    diary = TaskFactory(period=period, kind=TaskKind.DIARY)
    DiaryEntry.objects.create(task=diary, member=member, day=timezone.localdate(), text="Päivä 1")
    Probe.objects.create(task=survey, response=response, member=member, question="Miksi?", reply="Koska.")
    PendingDraft.objects.create(member=member, task=survey, data={"q": "kept"})
    return {"response": response, "post": post, "reply": reply, "statement": statement}


def test_it_exports_every_contribution_of_the_member_and_nothing_of_others(answered, member):
    from accounts.services import member_data_export

    with translation.override("en"):
        data = member_data_export(user=member)["periods"]
    assert data["responses"][0]["answers"][0]["answer"] == "Jonot ovat liian pitkiä."
    assert [p["text"] for p in data["posts"]] == ["Oma kokemukseni"]
    assert data["votes"] == [{"statement": "Väite", "vote": "agree"}]
    assert data["diary"][0]["text"] == "Päivä 1"
    assert data["follow_up_questions"][0]["reply"] == "Koska."
    json.dumps(data)  # serialisable as the download is


def test_erasure_without_contributions_keeps_answers_but_drops_drafts(answered, member):
    member_erase(user=member, contributions=False)
    assert Answer.objects.filter(response__member=member).count() == 1
    assert not PendingDraft.objects.exists()
    assert Response.objects.get(member=member).draft == {}


def test_erasure_with_contributions_removes_texts_and_votes_but_keeps_others_replies(answered, member, other_member):
    member_erase(user=member, contributions=True)
    assert not Response.objects.filter(member=member).exists()
    assert not Answer.objects.filter(response__member=member).exists()
    assert Post.objects.get(pk=answered["post"].pk).text == ERASED_TEXT
    assert Post.objects.get(pk=answered["reply"].pk).text == "Samoin"
    assert list(Vote.objects.values_list("member_id", flat=True)) == [other_member.pk]
    assert not DiaryEntry.objects.filter(member=member).exists()
    assert not Probe.objects.filter(member=member).exists()  # went with the response


def test_retention_deletes_old_pending_drafts_and_clears_drafts_of_long_closed_periods(answered, settings):
    """SECURITY.md #27: On a frozen clock, old pending drafts go and drafts of long-closed periods are cleared."""
    period = answered["response"].task.period
    later = period.ends_at + timedelta(days=settings.DRAFT_RETENTION_DAYS + 1)
    with time_machine.travel(timezone.now() + timedelta(days=settings.PENDING_DRAFT_RETENTION_DAYS - 1)):
        assert drafts_purge(timezone.now()) == {"pending_drafts": 0, "drafts_cleared": 0}
    with time_machine.travel(later):
        assert drafts_purge(timezone.now()) == {"pending_drafts": 1, "drafts_cleared": 1}
    response = Response.objects.get(pk=answered["response"].pk)
    assert response.draft == {} and response.answers.count() == 1


def test_seed_demo_makes_an_open_period_with_every_kind_and_a_closed_one(demo):
    statuses = sorted(p.status for p in Period.objects.all())
    assert statuses == [Status.CLOSED, Status.DRAFT, Status.OPEN]
    open_period = next(p for p in Period.objects.all() if p.status == Status.OPEN)
    assert sorted(open_period.tasks.values_list("kind", flat=True)) == sorted(TaskKind.values)
    assert open_period.participants.count() == 30
    assert Response.objects.filter(submitted_at__isnull=False, task__period=open_period).count() > 20
    member = User.objects.get(email="jasen01@example.fi")
    assert Period.objects.for_member(member).count() == 2
    from notifications.models import Delivery, Notification

    # The open period was announced once to every member (a second seed_demo adds no row: accounts' idempotence test).
    assert Delivery.objects.filter(key=f"period_open:{open_period.pk}").count() == 30
    assert Notification.objects.filter(user=member, kind="probe").count() == 1


def test_the_demo_upload_question_is_marked_optional_once(demo, client):
    uploads = Question.objects.filter(kind=QuestionKind.UPLOAD).select_related("task__period")
    upload = next(question for question in uploads if question.task.period.status == Status.OPEN)
    client.force_login(User.objects.get(email="jasen01@example.fi"))
    page = client.get(reverse("periods:member_task", args=[upload.task.period_id, upload.task_id])).content.decode()
    block = page.split(f'id="question-{upload.pk}"')[1].split('class="question"')[0]
    assert block.count("(valinnainen)") == 1 and "vapaaehtoinen" not in block
