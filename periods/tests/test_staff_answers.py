"""Reading answers by respondent label or pseudonym (audit-logged), probes to members and team notes."""

from datetime import date

import pytest
from django.utils import timezone

from audit.models import AuditEvent
from conftest import make_member
from periods.models import (
    Answer,
    DiaryEntry,
    Like,
    PeriodRespondent,
    Post,
    Probe,
    Response,
    Statement,
    TeamNote,
    Vote,
)
from periods.tests.factories import PeriodFactory, QuestionFactory, TaskFactory, options

pytestmark = pytest.mark.django_db


def survey_with_answers(period, count: int):
    task = TaskFactory(period=period)
    single = QuestionFactory(task=task, kind="single", choices=options("Hyvä", "Huono"), order=1)
    text = QuestionFactory(task=task, kind="text", order=2)
    multiple = QuestionFactory(task=task, kind="multiple", choices=options("Puhelin", "Verkko"), order=3)
    for n in range(count):
        member = make_member(f"a{n}@example.fi", f"Nimimerkki{n}")
        response = Response.objects.create(task=task, member=member, submitted_at=timezone.now())
        Answer.objects.bulk_create(
            [
                Answer(response=response, question=single, value="a"),
                Answer(response=response, question=text, value=f"<b>Teksti {n}</b>"),
                Answer(response=response, question=multiple, value=["a", "b"]),
            ]
        )
        TeamNote.objects.create(response=response, text="Huomio")
    return task


def answers_url(task) -> str:
    return f"/fi/staff/periods/{task.period_id}/tasks/{task.pk}/answers/"


def test_developers_see_answers_by_respondent_label_and_each_view_is_logged(developer_client, developer, sote):
    """SECURITY.md #4 and #5: Developers see answers by the period's label, not name or pseudonym; views are logged."""
    task = survey_with_answers(PeriodFactory(organisations=[sote]), 3)
    page = developer_client.get(answers_url(task))
    html = page.content.decode()
    assert all(f"<h3>Vastaaja {n}</h3>" in html for n in (1, 2, 3))
    assert "Nimimerkki" not in html and "Resident Person" not in html and "a0@example.fi" not in html
    assert "&lt;b&gt;Teksti 0&lt;/b&gt;" in html
    assert "Hyvä" in html and "Puhelin; Verkko" in html
    assert "no-store" in page["Cache-Control"]
    developer_client.get(answers_url(task) + "?page=1")
    events = AuditEvent.objects.filter(action="answers_viewed", object_id=str(task.pk))
    assert events.count() == 2 and events.first().actor == developer


def test_managers_see_answers_by_pseudonym(manager_client, sote):
    task = survey_with_answers(PeriodFactory(organisations=[sote]), 3)
    html = manager_client.get(answers_url(task)).content.decode()
    assert all(f"<h3>Nimimerkki{n}</h3>" in html for n in range(3)) and "Vastaaja 1" not in html
    assert not PeriodRespondent.objects.exists(), "a manager's reading gives no labels"


def test_the_same_member_has_the_same_label_on_every_page_of_the_period(developer_client, sote):
    period = PeriodFactory(organisations=[sote])
    survey = survey_with_answers(period, 3)
    discussion = TaskFactory(period=period, kind="discussion")
    member = survey.responses.order_by("pk").first().member
    post = Post.objects.create(task=discussion, author=member, text="Ajatus")
    Post.objects.create(task=discussion, author=member, parent=post, text="Lisäys")
    Probe.objects.create(task=survey, member=member, response=survey.responses.get(member=member), question="Miksi?")
    pages = [
        answers_url(survey),
        answers_url(discussion),
        f"/fi/staff/periods/{period.pk}/live/",
        f"/fi/staff/periods/{period.pk}/probes/",
        f"/fi/staff/periods/{period.pk}/tasks/{discussion.pk}/probe/?post={post.pk}",
    ]
    htmls = [developer_client.get(url).content.decode() for url in pages]
    label = f"Vastaaja {PeriodRespondent.objects.get(period=period, member=member).number}"
    for url, html in zip(pages, htmls, strict=True):
        assert label in html and "Nimimerkki" not in html, url
    assert f"vastaus käyttäjälle {label}" in htmls[1]
    assert sorted(PeriodRespondent.objects.filter(period=period).values_list("number", flat=True)) == [1, 2, 3]


@pytest.mark.parametrize("count", [3, 30])
def test_labels_cost_a_developer_one_query_per_page_however_many_members(
    developer_client, sote, count, django_assert_max_num_queries
):
    period = PeriodFactory(organisations=[sote])
    survey = survey_with_answers(period, count)
    discussion = TaskFactory(period=period, kind="discussion")
    for response in survey.responses.all():
        post = Post.objects.create(task=discussion, author=response.member, text="Ajatus")
        Post.objects.create(task=discussion, author=response.member, parent=post, text="Lisäys")
        Probe.objects.create(task=survey, member=response.member, response=response, question="Miksi?")
    probe = f"/fi/staff/periods/{period.pk}/tasks/{survey.pk}/probe/?response={survey.responses.first().pk}"
    # What these pages cost a developer before labels, plus the one query that reads the labels.
    budgets = {
        answers_url(survey): 13,
        answers_url(discussion): 11,
        f"/fi/staff/periods/{period.pk}/live/": 10,
        f"/fi/staff/periods/{period.pk}/probes/": 7,
        probe: 9,
    }
    developer_client.get(answers_url(survey))  # the first view labels the whole period at once
    for url, budget in budgets.items():
        with django_assert_max_num_queries(budget):
            assert developer_client.get(url).status_code == 200


@pytest.mark.parametrize("count", [3, 30])
def test_the_answers_page_has_a_fixed_query_budget(manager_client, sote, count, django_assert_max_num_queries):
    task = survey_with_answers(PeriodFactory(organisations=[sote]), count)
    with django_assert_max_num_queries(11):
        page = manager_client.get(answers_url(task))
    assert len(page.context["rows"]) == min(count, 10)


@pytest.mark.parametrize("count", [3, 30])
def test_discussion_diary_and_statement_answers_have_a_fixed_budget(
    manager_client, sote, count, django_assert_max_num_queries
):
    period = PeriodFactory(organisations=[sote])
    discussion = TaskFactory(period=period, kind="discussion")
    diary = TaskFactory(period=period, kind="diary")
    statements = TaskFactory(period=period, kind="statements")
    statement = Statement.objects.create(task=statements, text_fi="Väite")
    for n in range(count):
        member = make_member(f"d{n}@example.fi", f"Kirjoittaja{n}")
        post = Post.objects.create(task=discussion, author=member, text=f"Postaus {n}")
        Post.objects.create(task=discussion, author=member, parent=post, text="Vastaus")
        Like.objects.create(post=post, member=member)
        Response.objects.create(task=diary, member=member)
        DiaryEntry.objects.create(task=diary, member=member, day=date(2026, 9, 1), text=f"Päivä {n}")
        Response.objects.create(task=statements, member=member)
        Vote.objects.create(statement=statement, member=member, value=1)
    with django_assert_max_num_queries(11):
        page = manager_client.get(answers_url(discussion))
    assert "Postaus 0" in page.content.decode()
    with django_assert_max_num_queries(12):
        page = manager_client.get(answers_url(diary))
    assert "Päivä 0" in page.content.decode()
    with django_assert_max_num_queries(12):
        page = manager_client.get(answers_url(statements))
    assert page.context["statements"][0].agree == count


def test_a_probe_is_sent_about_a_response(manager_client, manager, sote, notified):
    task = survey_with_answers(PeriodFactory(organisations=[sote]), 1)
    response = task.responses.get()
    url = f"/fi/staff/periods/{task.period_id}/tasks/{task.pk}/probe/"
    assert manager_client.get(f"{url}?response={response.pk}").status_code == 200
    bad = manager_client.post(url, {"response": response.pk, "question": ""})
    assert "question" in bad.context["form"].errors and not Probe.objects.exists()
    manager_client.post(url, {"response": response.pk, "question": "Kertoisitko lisää?"})
    probe = Probe.objects.get()
    assert (probe.member, probe.response, probe.task, probe.asked_by) == (response.member, response, task, manager)
    assert notified == [("probe", probe.pk)]
    assert AuditEvent.objects.get(action="probe_sent").subject_user_id == response.member_id


def test_a_probe_is_sent_about_a_post(developer_client, member, sote, notified):
    task = TaskFactory(period=PeriodFactory(organisations=[sote]), kind="discussion")
    post = Post.objects.create(task=task, author=member, text="Ajatus")
    developer_client.post(
        f"/fi/staff/periods/{task.period_id}/tasks/{task.pk}/probe/", {"post": post.pk, "question": "Miksi?"}
    )
    assert Probe.objects.get().post == post


def test_a_probe_about_another_tasks_response_is_not_found(manager_client, member, sote, notified):
    task = TaskFactory(period=PeriodFactory(organisations=[sote]))
    foreign = Response.objects.create(task=TaskFactory(), member=member)
    url = f"/fi/staff/periods/{task.period_id}/tasks/{task.pk}/probe/"
    assert manager_client.post(url, {"response": foreign.pk, "question": "?"}).status_code == 404
    assert manager_client.post(url, {"response": "x", "question": "?"}).status_code == 404
    assert not Probe.objects.exists()


def test_the_probe_list_filters_answered_and_unanswered(manager_client, member, sote):
    task = TaskFactory(period=PeriodFactory(organisations=[sote]))
    response = Response.objects.create(task=task, member=member)
    Probe.objects.create(task=task, member=member, response=response, question="Kysymys 1")
    Probe.objects.create(
        task=task, member=member, response=response, question="Kysymys 2", reply="Vastaus", replied_at=timezone.now()
    )
    url = f"/fi/staff/periods/{task.period_id}/probes/"
    assert manager_client.get(url).context["page"].paginator.count == 2
    assert [p.question for p in manager_client.get(url + "?state=answered").context["page"]] == ["Kysymys 2"]
    assert [p.question for p in manager_client.get(url + "?state=unanswered").context["page"]] == ["Kysymys 1"]


@pytest.mark.parametrize("count", [3, 30])
def test_the_probe_list_has_a_fixed_query_budget(manager_client, sote, count, django_assert_max_num_queries):
    task = TaskFactory(period=PeriodFactory(organisations=[sote]))
    for n in range(count):
        member = make_member(f"p{n}@example.fi", f"Luotain{n}")
        Probe.objects.create(task=task, member=member, question=f"Kysymys {n}")
    with django_assert_max_num_queries(7):
        assert manager_client.get(f"/fi/staff/periods/{task.period_id}/probes/").status_code == 200


def test_team_notes_are_saved_on_responses_and_posts(developer_client, developer, member, sote):
    task = TaskFactory(period=PeriodFactory(organisations=[sote]), kind="discussion")
    post = Post.objects.create(task=task, author=member, text="Ajatus")
    url = f"/fi/staff/periods/{task.period_id}/tasks/{task.pk}/notes/"
    developer_client.post(url, {"post": post.pk, "text": ""})
    assert not TeamNote.objects.exists()
    developer_client.post(url, {"post": post.pk, "text": "Tärkeä havainto"})
    note = TeamNote.objects.get()
    assert (note.post, note.author) == (post, developer)
    assert "Tärkeä havainto" in developer_client.get(answers_url(task)).content.decode()
    assert developer_client.get(url).status_code == 405


@pytest.mark.parametrize("count", [3, 30])
def test_the_probe_form_has_a_fixed_query_budget(manager_client, sote, count, django_assert_max_num_queries):
    task = survey_with_answers(PeriodFactory(organisations=[sote]), count)
    response = task.responses.first()
    url = f"/fi/staff/periods/{task.period_id}/tasks/{task.pk}/probe/?response={response.pk}"
    with django_assert_max_num_queries(9):
        assert manager_client.get(url).status_code == 200
    assert AuditEvent.objects.get(action="answers_viewed").subject_user_id == response.member_id
