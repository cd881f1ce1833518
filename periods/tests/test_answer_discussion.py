"""Discussion: posting, replies and likes by pseudonym, others' posts only after answering, editing, moderation."""

from datetime import timedelta

import pytest
from django.utils import timezone

from audit.models import AuditEvent
from conftest import make_member, verified_client
from notifications.models import Notification
from periods.models import Like, Participant, Post, Response, TaskKind
from periods.tests.factories import PeriodFactory, TaskFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def task(member, other_member):
    return TaskFactory(period=PeriodFactory(members=[member, other_member]), kind=TaskKind.DISCUSSION)


@pytest.fixture
def other_client(other_member):
    return verified_client(other_member)


def url(task, rest=""):
    return f"/en/periods/{task.period_id}/tasks/{task.pk}/{rest}"


def post(client, task, text):
    version = (
        Response.objects.filter(task=task, member=client.session["_auth_user_id"])
        .values_list("version", flat=True)
        .first()
    )
    return client.post(url(task), {"version": version or 0, "text": text})


def test_posting_an_answer_finishes_the_task_and_shows_the_pseudonym(member_client, member, task):
    assert post(member_client, task, "Ensimmäinen ajatus").status_code == 302
    assert Post.objects.get().author == member
    assert Response.objects.get(member=member).submitted_at is not None
    page = member_client.get(url(task)).content.decode()
    assert "Ensimmäinen ajatus" in page and "Meritähti" in page and member.email not in page


def test_others_posts_are_hidden_until_the_member_has_posted(member_client, other_client, member, task):
    post(member_client, task, "Meritähden vastaus")
    mine = Post.objects.get()
    page = other_client.get(url(task)).content.decode()
    assert "Meritähden vastaus" not in page and "after you have posted your own answer" in page
    # No other path reveals it either: reply, like or edit of the hidden post.
    assert other_client.post(url(task, f"posts/{mine.pk}/reply/"), {"text": "hei"}).status_code == 404
    assert other_client.post(url(task, f"posts/{mine.pk}/like/")).status_code == 404
    assert other_client.get(url(task, f"posts/{mine.pk}/edit/")).status_code == 404
    assert AuditEvent.objects.filter(action="access_denied").count() == 3
    assert Post.objects.count() == 1 and not Like.objects.exists()
    post(other_client, task, "Kuusipuun vastaus")
    page = other_client.get(url(task)).content.decode()
    assert "Meritähden vastaus" in page and "Kuusipuun vastaus" in page


def test_without_the_option_others_posts_show_at_once(member_client, other_client, task):
    task.others_after_answering = False
    task.save()
    post(member_client, task, "Näkyy heti")
    assert "Näkyy heti" in other_client.get(url(task)).content.decode()


def test_replies_and_likes(member_client, other_client, member, other_member, task, django_capture_on_commit_callbacks):
    post(member_client, task, "Alkuperäinen")
    post(other_client, task, "Toinen")
    original = Post.objects.get(text="Alkuperäinen")
    with django_capture_on_commit_callbacks(execute=True):
        response = other_client.post(url(task, f"posts/{original.pk}/reply/"), {"text": "Samaa mieltä"})
    assert response.status_code == 302
    reply = Post.objects.get(text="Samaa mieltä")
    assert reply.parent == original
    assert list(Notification.objects.filter(kind="reply").values_list("user_id", flat=True)) == [member.pk]
    with django_capture_on_commit_callbacks(execute=True):
        member_client.post(url(task, f"posts/{original.pk}/reply/"), {"text": "Oma jatko"})
    assert Notification.objects.filter(kind="reply").count() == 1  # none for replying to oneself
    assert other_client.post(url(task, f"posts/{original.pk}/like/")).status_code == 302
    assert Like.objects.filter(post=original, member=other_member).count() == 1
    other_client.post(url(task, f"posts/{original.pk}/like/"))
    assert not Like.objects.exists()
    assert other_client.get(url(task, f"posts/{original.pk}/like/")).status_code == 405


def test_an_empty_reply_is_refused_and_a_double_reply_is_one(member_client, other_client, task):
    post(member_client, task, "Alku")
    post(other_client, task, "Toka")
    original = Post.objects.get(text="Alku")
    assert other_client.post(url(task, f"posts/{original.pk}/reply/"), {"text": "  "}).status_code == 400
    other_client.post(url(task, f"posts/{original.pk}/reply/"), {"text": "Kerran"})
    other_client.post(url(task, f"posts/{original.pk}/reply/"), {"text": "Kerran"})
    assert Post.objects.filter(text="Kerran").count() == 1


def test_a_double_submitted_post_is_one_post(member_client, task):
    data = {"version": 0, "text": "Tuplaklikkaus"}
    member_client.post(url(task), data)
    member_client.post(url(task), data)
    assert Post.objects.count() == 1


def test_members_edit_only_their_own_posts_until_close(member_client, other_client, task):
    post(member_client, task, "Vanha teksti")
    mine = Post.objects.get()
    assert member_client.post(url(task, f"posts/{mine.pk}/edit/"), {"text": "Uusi teksti"}).status_code == 302
    mine.refresh_from_db()
    assert mine.text == "Uusi teksti" and mine.edited_at
    post(other_client, task, "Toisen")
    assert other_client.post(url(task, f"posts/{mine.pk}/edit/"), {"text": "kaappaus"}).status_code == 404
    mine.refresh_from_db()
    assert mine.text == "Uusi teksti"
    period = task.period
    period.starts_at, period.ends_at = timezone.now() - timedelta(days=10), timezone.now() - timedelta(seconds=1)
    period.save()
    response = member_client.post(url(task, f"posts/{mine.pk}/edit/"), {"text": "Myöhässä"})
    assert response.status_code == 409 and "Myöhässä" in response.content.decode()
    mine.refresh_from_db()
    assert mine.text == "Uusi teksti"
    assert member_client.post(url(task), {"version": 99, "text": "Myöhäinen vastaus"}).status_code == 409
    assert Post.objects.filter(text="Myöhäinen vastaus").count() == 0
    assert member_client.post(url(task, f"posts/{mine.pk}/like/")).status_code == 302
    assert not Like.objects.exists()


def test_a_hidden_post_shows_the_reason_to_its_author_only(member_client, other_client, manager, task):
    post(member_client, task, "Asiaton viesti")
    post(other_client, task, "Asiallinen")
    hidden = Post.objects.get(text="Asiaton viesti")
    hidden.hidden_at, hidden.hidden_reason, hidden.hidden_by = timezone.now(), "Loukkaava", manager
    hidden.save()
    mine = member_client.get(url(task)).content.decode()
    assert "Asiaton viesti" in mine and "Loukkaava" in mine
    theirs = other_client.get(url(task)).content.decode()
    assert "Asiaton viesti" not in theirs and "Loukkaava" not in theirs
    assert other_client.post(url(task, f"posts/{hidden.pk}/reply/"), {"text": "x"}).status_code == 404


def test_html_in_posts_is_escaped(member_client, other_client, task):
    post(member_client, task, '<script>alert(1)</script><img src=x onerror="alert(2)">')
    post(other_client, task, "Vastaus")
    page = other_client.get(url(task)).content.decode()
    assert "<script>alert(1)" not in page and "<img src=x" not in page and "&lt;img src=x onerror=" in page


@pytest.mark.parametrize("n", [2, 15])
def test_the_discussion_page_has_a_fixed_query_budget(member_client, member, task, django_assert_max_num_queries, n):
    for i in range(n):
        someone = make_member(f"d{n}-{i}@example.fi", f"Kirjoittaja{n}x{i}")
        Participant.objects.create(period=task.period, member=someone)
        top = Post.objects.create(task=task, author=someone, text=f"viesti {i}")
        Post.objects.create(task=task, author=member, parent=top, text="vastaus")
        Like.objects.create(post=top, member=member)
    Post.objects.create(task=task, author=member, text="oma")
    with django_assert_max_num_queries(12):
        assert member_client.get(url(task)).status_code == 200
