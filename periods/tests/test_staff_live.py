"""The live view of a period: counts per task, latest posts by label or pseudonym, hiding posts."""

import pytest
from django.utils import timezone

from audit.models import AuditEvent
from conftest import make_member
from periods.models import Participant, PeriodRespondent, Post, Response
from periods.tests.factories import PeriodFactory, TaskFactory

pytestmark = pytest.mark.django_db


def populate(period, count: int):
    survey = TaskFactory(period=period, kind="survey", order=1)
    discussion = TaskFactory(period=period, kind="discussion", order=2)
    members = [make_member(f"m{n}@example.fi", f"Nimimerkki{n}") for n in range(count)]
    Participant.objects.bulk_create([Participant(period=period, member=m) for m in members])
    for n, member in enumerate(members):
        Response.objects.create(task=survey, member=member, submitted_at=timezone.now() if n % 2 == 0 else None)
        top = Post.objects.create(task=discussion, author=member, text=f"Viesti {n}")
        Post.objects.create(task=discussion, author=members[0], parent=top, text="Vastaus")
    return survey, discussion, members


def test_the_live_view_counts_invited_started_and_finished(manager_client, sote):
    period = PeriodFactory(organisations=[sote])
    survey, discussion, _members = populate(period, 3)
    page = manager_client.get(f"/fi/staff/periods/{period.pk}/live/")
    assert page.context["invited"] == 3
    counts = {task.pk: (task.started, task.finished, task.posters) for task in page.context["tasks"]}
    assert counts[survey.pk][:2] == (3, 2)
    assert counts[discussion.pk][2] == 3
    assert "no-store" in page["Cache-Control"]
    assert AuditEvent.objects.filter(action="answers_viewed", object_id=str(period.pk)).count() == 1


def test_the_latest_posts_show_pseudonyms_not_names_to_managers(manager_client, sote):
    period = PeriodFactory(organisations=[sote])
    populate(period, 25)
    page = manager_client.get(f"/fi/staff/periods/{period.pk}/live/")
    html = page.content.decode()
    assert len(page.context["posts"]) == 20
    assert "Nimimerkki0" in html
    assert "Resident Person" not in html and "m1@example.fi" not in html


def test_the_latest_posts_show_respondent_labels_to_developers(developer_client, sote):
    period = PeriodFactory(organisations=[sote])
    _survey, _discussion, members = populate(period, 6)
    html = developer_client.get(f"/fi/staff/periods/{period.pk}/live/").content.decode()
    numbers = dict(PeriodRespondent.objects.filter(period=period).values_list("member_id", "number"))
    assert sorted(numbers) == sorted(m.pk for m in members), "every invited member, in one draw"
    assert f"<h3>Vastaaja {numbers[members[0].pk]} · " in html
    assert "Nimimerkki" not in html and "Resident Person" not in html


def test_script_in_a_post_is_shown_escaped(manager_client, sote, member):
    task = TaskFactory(period=PeriodFactory(organisations=[sote]), kind="discussion")
    Post.objects.create(task=task, author=member, text="<script>alert(1)</script>")
    html = manager_client.get(f"/fi/staff/periods/{task.period_id}/live/").content.decode()
    assert "<script>alert(1)" not in html and "&lt;script&gt;" in html


@pytest.mark.parametrize("count", [3, 30])
def test_the_live_view_has_a_fixed_query_budget(manager_client, sote, count, django_assert_max_num_queries):
    period = PeriodFactory(organisations=[sote])
    populate(period, count)
    for n in range(count):
        TaskFactory(period=period, kind="diary", order=10 + n)
    with django_assert_max_num_queries(10):
        assert manager_client.get(f"/fi/staff/periods/{period.pk}/live/").status_code == 200


def test_a_post_is_hidden_with_a_reason_and_the_author_told(manager_client, manager, member, sote, notified):
    task = TaskFactory(period=PeriodFactory(organisations=[sote]), kind="discussion")
    post = Post.objects.create(task=task, author=member, text="Asiaton")
    url = f"/fi/staff/periods/{task.period_id}/posts/{post.pk}/"
    manager_client.post(url + "hide/", {"reason": "  "})
    post.refresh_from_db()
    assert post.hidden_at is None and notified == []
    manager_client.post(url + "hide/", {"reason": "x" * 301})
    post.refresh_from_db()
    assert post.hidden_at is None
    manager_client.post(url + "hide/", {"reason": "Loukkaava"})
    post.refresh_from_db()
    assert post.is_hidden and post.hidden_reason == "Loukkaava" and post.hidden_by == manager
    assert notified == [("hidden", post.pk)]
    event = AuditEvent.objects.get(action="post_hidden")
    assert event.subject_user_id == member.pk and event.reason == "Loukkaava"
    manager_client.post(url + "unhide/")
    post.refresh_from_db()
    assert not post.is_hidden and post.hidden_reason == ""


def test_only_managers_moderate(developer_client, member, sote, notified):
    task = TaskFactory(period=PeriodFactory(organisations=[sote]), kind="discussion")
    post = Post.objects.create(task=task, author=member, text="Teksti")
    url = f"/fi/staff/periods/{task.period_id}/posts/{post.pk}/"
    assert developer_client.get(f"/fi/staff/periods/{task.period_id}/live/").status_code == 200
    assert developer_client.post(url + "hide/", {"reason": "Syy"}).status_code == 403
    assert developer_client.get(url + "hide/").status_code == 405
    post.refresh_from_db()
    assert not post.is_hidden


def test_a_post_of_another_period_is_not_found(manager_client, member, sote, notified):
    period = PeriodFactory(organisations=[sote])
    other = Post.objects.create(task=TaskFactory(kind="discussion"), author=member, text="Muualla")
    response = manager_client.post(f"/fi/staff/periods/{period.pk}/posts/{other.pk}/hide/", {"reason": "Syy"})
    assert response.status_code == 404
    assert AuditEvent.objects.filter(action="access_denied").exists()
