"""Statement votes, members' own statements, diary entries and replies to the moderator's follow-up questions."""

from datetime import date, datetime, timedelta

import pytest
import time_machine
from django.utils import timezone

from conftest import verified_client
from periods.models import HELSINKI, DiaryEntry, Probe, Response, Statement, StatementStatus, TaskKind, Vote
from periods.tests.factories import PeriodFactory, TaskFactory

pytestmark = pytest.mark.django_db


def url(task, rest=""):
    return f"/fi/periods/{task.period_id}/tasks/{task.pk}/{rest}"


@pytest.fixture
def statements_task(member, other_member):
    task = TaskFactory(period=PeriodFactory(members=[member, other_member]), kind=TaskKind.STATEMENTS)
    for text in ("Palvelu on hyvä", "Jonot ovat pitkiä"):
        Statement.objects.create(task=task, text_fi=text)
    Statement.objects.create(task=task, text_fi="Odottava väite", status=StatementStatus.PENDING)
    return task


def close(task):
    period = task.period
    period.starts_at, period.ends_at = timezone.now() - timedelta(days=10), timezone.now() - timedelta(seconds=1)
    period.save()


def test_it_shows_approved_statements_only_as_radio_groups(member_client, statements_task):
    page = member_client.get(url(statements_task)).content.decode()
    assert "Palvelu on hyvä" in page and "Odottava väite" not in page
    assert page.count('type="radio"') == 6


def test_voting_one_by_one_and_changing_the_vote(member_client, member, statements_task):
    first, second = Statement.objects.filter(status="approved")
    assert member_client.post(url(statements_task, "vote/"), {"statement": first.pk, "value": 1}).status_code == 302
    assert Response.objects.get(member=member).submitted_at is None
    member_client.post(url(statements_task, "vote/"), {"statement": first.pk, "value": -1})
    assert Vote.objects.get(statement=first).value == -1
    member_client.post(url(statements_task, "vote/"), {"statement": second.pk, "value": 0})
    assert Vote.objects.count() == 2
    assert Response.objects.get(member=member).submitted_at is not None


def test_the_whole_page_form_saves_all_votes(member_client, member, statements_task):
    first, second = Statement.objects.filter(status="approved")
    response = member_client.post(url(statements_task, "vote/"), {f"s{first.pk}": "1", f"s{second.pk}": "-1"})
    assert response.status_code == 302
    assert dict(Vote.objects.values_list("statement_id", "value")) == {first.pk: 1, second.pk: -1}


def test_bad_votes_are_refused(member_client, statements_task):
    pending = Statement.objects.get(status="pending")
    first = Statement.objects.filter(status="approved").first()
    assert member_client.post(url(statements_task, "vote/"), {"statement": pending.pk, "value": 1}).status_code == 404
    assert member_client.post(url(statements_task, "vote/"), {"statement": first.pk, "value": 7}).status_code == 302
    assert member_client.post(url(statements_task, "vote/"), {f"s{pending.pk}": "1"}).status_code == 302
    assert member_client.get(url(statements_task, "vote/")).status_code == 405
    assert not Vote.objects.exists()


def test_members_add_statements_that_wait_for_approval(member_client, member, statements_task):
    response = member_client.post(url(statements_task, "statements/add/"), {"text": "Oma väite <b>"})
    assert response.status_code == 302
    statement = Statement.objects.get(author=member)
    assert statement.status == StatementStatus.PENDING and statement.text_fi == "Oma väite <b>"
    page = member_client.get(url(statements_task)).content.decode()
    assert "Oma väite &lt;b&gt;" in page
    assert member_client.post(url(statements_task, "statements/add/"), {"text": "x" * 301}).status_code == 400
    statements_task.members_add_statements = False
    statements_task.save()
    assert member_client.post(url(statements_task, "statements/add/"), {"text": "Ei sallittu"}).status_code == 404
    assert Statement.objects.filter(author=member).count() == 1


def test_votes_and_statements_are_refused_after_close(member_client, statements_task):
    close(statements_task)
    first = Statement.objects.filter(status="approved").first()
    member_client.post(url(statements_task, "vote/"), {"statement": first.pk, "value": 1})
    response = member_client.post(url(statements_task, "statements/add/"), {"text": "Myöhässä"})
    assert response.status_code == 409 and "Myöhässä" in response.content.decode()
    assert not Vote.objects.exists() and not Statement.objects.filter(text_fi="Myöhässä").exists()
    assert "disabled" in member_client.get(url(statements_task)).content.decode()


@pytest.fixture
def diary(member, other_member):
    opens = datetime(2026, 3, 2, 9, 0, tzinfo=HELSINKI)
    period = PeriodFactory(
        members=[member, other_member], starts_at=opens, ends_at=opens + timedelta(days=9, hours=15), published_at=opens
    )
    return TaskFactory(period=period, kind=TaskKind.DIARY)


@time_machine.travel(datetime(2026, 3, 4, 12, 0, tzinfo=HELSINKI))
def test_diary_entries_default_to_today_and_finish_the_task(member_client, member, diary):
    page = member_client.get(url(diary)).content.decode()
    assert 'value="2026-03-04"' in page
    assert member_client.post(url(diary), {"version": 0, "day": "2026-03-04", "text": "Tänään"}).status_code == 302
    version = Response.objects.get(member=member).version
    member_client.post(url(diary), {"version": version, "day": "2026-03-03", "text": "Eilen"})
    assert list(DiaryEntry.objects.values_list("day", flat=True)) == [date(2026, 3, 3), date(2026, 3, 4)]
    assert Response.objects.get(member=member).submitted_at is not None
    page = member_client.get(url(diary)).content.decode()
    assert "Tänään" in page and "Eilen" in page


@time_machine.travel(datetime(2026, 3, 4, 12, 0, tzinfo=HELSINKI))
def test_a_day_outside_the_period_or_an_empty_entry_is_refused_with_the_text_kept(member_client, diary):
    response = member_client.post(url(diary), {"version": 0, "day": "2026-04-01", "text": "Väärä päivä"})
    assert response.status_code == 400 and "Väärä päivä" in response.content.decode()
    assert member_client.post(url(diary), {"version": 1, "day": "2026-03-04", "text": ""}).status_code == 400
    assert member_client.post(url(diary), {"version": 2, "day": "ei päivä", "text": "x"}).status_code == 400
    assert not DiaryEntry.objects.exists()


@time_machine.travel(datetime(2026, 3, 4, 12, 0, tzinfo=HELSINKI))
def test_members_edit_only_their_own_entries(member_client, member, other_member, diary):
    entry = DiaryEntry.objects.create(task=diary, member=member, day=date(2026, 3, 4), text="Alku")
    edit = url(diary, f"diary/{entry.pk}/edit/")
    assert member_client.post(edit, {"day": "2026-03-05", "text": "Muutettu"}).status_code == 302
    entry.refresh_from_db()
    assert (entry.day, entry.text) == (date(2026, 3, 5), "Muutettu")
    other = verified_client(other_member)
    assert other.get(edit).status_code == 404
    assert other.post(edit, {"day": "2026-03-05", "text": "kaappaus"}).status_code == 404
    entry.refresh_from_db()
    assert entry.text == "Muutettu"


@time_machine.travel(datetime(2026, 3, 20, 12, 0, tzinfo=HELSINKI))
def test_the_diary_is_read_only_after_close(member_client, member, diary):
    entry = DiaryEntry.objects.create(task=diary, member=member, day=date(2026, 3, 4), text="Alku")
    response = member_client.post(url(diary, f"diary/{entry.pk}/edit/"), {"day": "2026-03-04", "text": "Myöhässä"})
    assert response.status_code == 409 and "Myöhässä" in response.content.decode()
    assert member_client.post(url(diary), {"version": 0, "day": "2026-03-04", "text": "Uusi"}).status_code == 409
    entry.refresh_from_db()
    assert entry.text == "Alku" and DiaryEntry.objects.count() == 1


def test_a_member_replies_to_their_own_probe_only(member_client, member, other_member, statements_task, manager):
    probe = Probe.objects.create(member=member, task=statements_task, question="Miksi näin?", asked_by=manager)
    page = member_client.get(url(statements_task)).content.decode()
    assert "Miksi näin?" in page and f'id="probe-{probe.pk}"' in page
    other = verified_client(other_member)
    assert (
        other.post(f"/fi/periods/probes/{probe.pk}/reply/", {f"probe{probe.pk}-reply": "kaappaus"}).status_code == 404
    )
    assert (
        member_client.post(f"/fi/periods/probes/{probe.pk}/reply/", {f"probe{probe.pk}-reply": ""}).status_code == 400
    )
    assert member_client.get(f"/fi/periods/probes/{probe.pk}/reply/").status_code == 405
    response = member_client.post(f"/fi/periods/probes/{probe.pk}/reply/", {f"probe{probe.pk}-reply": "Siksi <i>"})
    assert response.status_code == 302
    probe.refresh_from_db()
    assert probe.reply == "Siksi <i>" and probe.replied_at
    assert "Siksi &lt;i&gt;" in member_client.get(url(statements_task)).content.decode()


@pytest.mark.parametrize("n", [2, 15])
def test_statement_and_diary_pages_have_a_fixed_query_budget(
    member_client, member, statements_task, diary, django_assert_max_num_queries, n
):
    for i in range(n):
        statement = Statement.objects.create(task=statements_task, text_fi=f"Väite {i}")
        Vote.objects.create(statement=statement, member=member, value=1)
        DiaryEntry.objects.create(task=diary, member=member, day=diary.period.starts_at.date(), text=f"merkintä {i}")
        Probe.objects.create(member=member, task=statements_task, question=f"kysymys {i}")
    with django_assert_max_num_queries(13):
        assert member_client.get(url(statements_task)).status_code == 200
    with django_assert_max_num_queries(13):
        assert member_client.get(url(diary)).status_code == 200


def test_a_statement_sent_after_the_session_expired_is_kept(member, statements_task):
    from django.test import Client

    from periods.models import PendingDraft
    from periods.services.answers import draft_key_make

    key = draft_key_make(member_id=member.pk, task_id=statements_task.pk)
    response = Client().post(url(statements_task, "statements/add/"), {"draft_key": key, "text": "Oma väite"})
    assert response.status_code == 302 and "/login/" in response["Location"]
    assert PendingDraft.objects.get().data == {"text": ["Oma väite"]}
    page = verified_client(member).get(url(statements_task)).content.decode()
    assert "Oma väite" in page and not Statement.objects.filter(text_fi="Oma väite").exists()
