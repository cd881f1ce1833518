"""The discussion area: posting, replies, reports, the moderation queue and hiding with a reason."""

import pytest
from django.core import mail

from audit.models import AuditEvent
from community.models import CafePost, CafeTopic, Report
from community.services import POSTS_PER_HOUR
from conftest import make_member, verified_client
from notifications.models import Delivery, Kind, Notification

from .factories import PostFactory, TopicFactory

pytestmark = pytest.mark.django_db

CAFE = "/en/community/cafe/"
QUEUE = "/en/staff/community/moderation/"
RECENT = "/en/staff/community/posts/"


@pytest.fixture
def topic(other_member):
    topic = TopicFactory(started_by=other_member)
    PostFactory(topic=topic, author=other_member, text="Opening post")
    return topic


def test_the_page_shows_the_guidelines(member_client):
    assert "Community guidelines" in member_client.get(CAFE).content.decode()


def test_a_member_starts_a_topic(member_client, member):
    response = member_client.post(CAFE, {"title": "Kahvit", "text": "Hei"})
    topic = CafeTopic.objects.get()
    assert response.status_code == 302 and topic.started_by == member
    assert topic.posts.get().text == "Hei"


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"title": "", "text": "x"}, "title"),
        ({"title": "x", "text": "  "}, "text"),
        ({"title": "x" * 151, "text": "x"}, "title"),
        ({"title": "x", "text": "x" * 2001}, "text"),
    ],
)
def test_it_rejects_a_bad_topic(member_client, data, field):
    response = member_client.post(CAFE, data)
    assert response.status_code == 400 and field in response.context["form"].errors
    assert not CafeTopic.objects.exists() and not CafePost.objects.exists()


def test_a_member_posts_and_replies(member_client, member, topic):
    opening = topic.posts.get()
    member_client.post(f"{CAFE}{topic.pk}/post/", {"text": "My own post"})
    member_client.post(f"{CAFE}{topic.pk}/post/", {"text": "A reply", "parent": opening.pk})
    reply = CafePost.objects.get(text="A reply")
    assert reply.parent == opening and reply.author == member
    page = member_client.get(f"{CAFE}{topic.pk}/").content.decode()
    assert "My own post" in page and "A reply" in page and "Kuusipuu" in page


def test_a_reply_to_a_post_of_another_topic_becomes_a_plain_post(member_client, topic, other_member):
    elsewhere = PostFactory(topic=TopicFactory(started_by=other_member), author=other_member)
    member_client.post(f"{CAFE}{topic.pk}/post/", {"text": "Sneaky", "parent": elsewhere.pk})
    assert CafePost.objects.get(text="Sneaky").parent is None


@pytest.mark.parametrize(("text", "message"), [("", "This field is required."), ("x" * 2001, "2000 characters")])
def test_it_rejects_a_bad_post(member_client, topic, text, message):
    response = member_client.post(f"{CAFE}{topic.pk}/post/", {"text": text})
    assert response.status_code == 400 and message in response.content.decode()
    assert topic.posts.count() == 1


def test_posting_is_throttled(member_client, member, topic):
    PostFactory.create_batch(POSTS_PER_HOUR, topic=topic, author=member)
    response = member_client.post(f"{CAFE}{topic.pk}/post/", {"text": "One more"})
    assert response.status_code == 400 and "at most 20 posts an hour" in response.content.decode()
    assert not CafePost.objects.filter(text="One more").exists()


def test_posting_refuses_get_and_unknown_topics_are_logged_404s(member_client):
    assert member_client.get(f"{CAFE}999/").status_code == 404
    assert member_client.post(f"{CAFE}999/post/", {"text": "x"}).status_code == 404
    assert AuditEvent.objects.filter(action=AuditEvent.Action.ACCESS_DENIED).count() == 2
    topic = TopicFactory(started_by=make_member("x@example.fi", "Iksi"))
    assert member_client.get(f"{CAFE}{topic.pk}/post/").status_code == 405


def test_user_text_is_escaped(member_client, other_member):
    topic = TopicFactory(started_by=other_member, title="<img src=x onerror=alert(1)>")
    PostFactory(topic=topic, author=other_member, text="<script>alert(1)</script>")
    page = member_client.get(f"{CAFE}{topic.pk}/").content.decode()
    assert "<script>alert(1)" not in page and "<img src=x" not in page


def test_a_member_reports_a_post_once(member_client, member, topic):
    post = topic.posts.get()
    url = f"{CAFE}posts/{post.pk}/report/"
    assert member_client.post(url, {"reason": "Rude"}).status_code == 302
    response = member_client.post(url, {"reason": "Again"})
    assert response.status_code == 400 and "already reported" in response.content.decode()
    assert Report.objects.filter(reporter=member).count() == 1


@pytest.mark.parametrize(("reason", "message"), [("", "This field is required."), ("x" * 501, "500 characters")])
def test_a_report_needs_a_reason(member_client, topic, reason, message):
    post = topic.posts.get()
    response = member_client.post(f"{CAFE}posts/{post.pk}/report/", {"reason": reason})
    assert response.status_code == 400 and message in response.content.decode()
    assert not Report.objects.exists()


def test_a_member_cannot_report_their_own_post(member_client, member, topic):
    own = PostFactory(topic=topic, author=member)
    response = member_client.post(f"{CAFE}posts/{own.pk}/report/", {"reason": "x"})
    assert response.status_code == 400 and not Report.objects.exists()


def test_the_queue_lists_reported_posts_and_hiding_tells_the_author_once(
    manager_client, manager, member, other_member, topic, django_capture_on_commit_callbacks
):
    post = topic.posts.get()
    Report.objects.create(reporter=member, post=post, reason="Rude")
    assert "Opening post" in manager_client.get(QUEUE).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = manager_client.post(f"/en/staff/community/posts/{post.pk}/hide/", {"reason": "Against the rules"})
    assert response.status_code == 302
    post.refresh_from_db()
    assert post.is_hidden and post.hidden_reason == "Against the rules" and post.hidden_by == manager
    assert Report.objects.get().handled_at is not None
    assert "Opening post" not in manager_client.get(QUEUE).content.decode()
    assert Delivery.objects.filter(kind=Kind.MODERATION, user=other_member).count() == 1
    assert "Against the rules" in mail.outbox[0].body
    assert AuditEvent.objects.filter(action=AuditEvent.Action.CAFE_POST_HIDDEN, actor=manager).count() == 1
    manager_client.post(f"/en/staff/community/posts/{post.pk}/hide/", {"reason": "Again"})
    assert Notification.objects.filter(user=other_member, kind=Kind.MODERATION).count() == 1


def test_hiding_needs_a_reason(manager_client, topic):
    post = topic.posts.get()
    for reason in ("", "   ", "x" * 501):
        response = manager_client.post(f"/en/staff/community/posts/{post.pk}/hide/", {"reason": reason})
        assert response.status_code == 400
    post.refresh_from_db()
    assert not post.is_hidden and not Notification.objects.exists()


def test_hidden_text_is_not_shown_to_members(member_client, other_member, topic):
    post = topic.posts.get()
    post.hidden_at = post.created_at
    post.hidden_reason = "Rule 2"
    post.save()
    page = member_client.get(f"{CAFE}{topic.pk}/").content.decode()
    assert "Opening post" not in page and "hidden by the moderators" in page and "Rule 2" not in page
    report_page = member_client.get(f"{CAFE}posts/{post.pk}/report/").content.decode()
    assert "Opening post" not in report_page
    # The author sees why, not the text either.
    page = verified_client(other_member).get(f"{CAFE}{topic.pk}/").content.decode()
    assert "Rule 2" in page and "Opening post" not in page


def test_dismissing_keeps_the_post_and_closes_the_reports(manager_client, member, topic):
    post = topic.posts.get()
    Report.objects.create(reporter=member, post=post, reason="Rude")
    assert manager_client.get(f"/en/staff/community/posts/{post.pk}/dismiss/").status_code == 405
    manager_client.post(f"/en/staff/community/posts/{post.pk}/dismiss/")
    post.refresh_from_db()
    assert not post.is_hidden and Report.objects.get().handled_at is not None


@pytest.mark.parametrize("persona", ["member_client", "developer_client"])
def test_only_managers_moderate(request, persona, topic, member):
    client = request.getfixturevalue(persona)
    post = topic.posts.get()
    assert client.get(QUEUE).status_code == 403
    assert client.get(RECENT).status_code == 403
    assert client.post(f"/en/staff/community/posts/{post.pk}/hide/", {"reason": "x"}).status_code == 403
    assert client.post(f"/en/staff/community/posts/{post.pk}/dismiss/").status_code == 403
    post.refresh_from_db()
    assert not post.is_hidden


def test_unknown_posts_are_logged_404s(manager_client, member_client):
    assert manager_client.get("/en/staff/community/posts/999/hide/").status_code == 404
    assert member_client.get(f"{CAFE}posts/999/report/").status_code == 404
    assert AuditEvent.objects.filter(action=AuditEvent.Action.ACCESS_DENIED).count() == 2


@pytest.mark.parametrize("rows", [1, 12])
def test_query_budgets_do_not_grow_with_rows(rows, member, manager_client, django_assert_max_num_queries):
    topic = None
    for n in range(rows):
        author = make_member(f"a{n}@example.fi", f"Kirjoittaja{n}")
        topic = TopicFactory(started_by=author)
        post = PostFactory(topic=topic, author=author)
        PostFactory(topic=topic, author=member, parent=post)
        Report.objects.create(reporter=member, post=post, reason="x")
    first = CafeTopic.objects.order_by("pk").first()
    for n in range(rows):
        PostFactory(topic=first, author=CafePost.objects.filter(parent=None)[n].author)
    client = verified_client(member)
    with django_assert_max_num_queries(12):
        assert client.get(CAFE).status_code == 200
    with django_assert_max_num_queries(12):
        assert client.get(f"{CAFE}{first.pk}/").status_code == 200
    with django_assert_max_num_queries(12):
        assert client.get(f"{CAFE}posts/{first.posts.first().pk}/report/").status_code == 200
    with django_assert_max_num_queries(12):
        assert manager_client.get(QUEUE).status_code == 200
    with django_assert_max_num_queries(12):
        assert manager_client.get(RECENT).status_code == 200
    with django_assert_max_num_queries(12):
        assert manager_client.get(f"/en/staff/community/posts/{first.posts.first().pk}/hide/").status_code == 200
    assert topic is not None


def test_the_reply_link_prefills_the_form_for_a_visible_post_only(member_client, topic):
    opening = topic.posts.get()
    page = member_client.get(f"{CAFE}{topic.pk}/?reply={opening.pk}").content.decode()
    assert f'name="parent" value="{opening.pk}"' in page and "Reply to Kuusipuu" in page
    page = member_client.get(f"{CAFE}{topic.pk}/?reply=abc").content.decode()
    assert 'name="parent"' not in page


def test_starting_topics_is_throttled_per_day(member_client, member):
    from community.services import TOPICS_PER_DAY

    TopicFactory.create_batch(TOPICS_PER_DAY, started_by=member)
    response = member_client.post(CAFE, {"title": "Yet another", "text": "x"})
    assert response.status_code == 400 and "at most 5 topics a day" in response.content.decode()
    assert CafeTopic.objects.count() == TOPICS_PER_DAY and not CafePost.objects.exists()


def test_a_hidden_post_cannot_be_reported(member_client, topic):
    post = topic.posts.get()
    post.hidden_at = post.created_at
    post.hidden_reason = "x"
    post.save()
    response = member_client.post(f"{CAFE}posts/{post.pk}/report/", {"reason": "Rude"})
    assert response.status_code == 400 and not Report.objects.exists()


def test_managers_read_every_visible_post_newest_first_and_hide_from_there(manager_client, member, topic):
    PostFactory(topic=topic, author=member, text="A later post")
    hidden = PostFactory(topic=topic, author=member, text="Hidden <b>text</b>")
    hidden.hidden_at, hidden.hidden_reason = hidden.created_at, "Rule 2"
    hidden.save()
    page = manager_client.get(RECENT).content.decode()
    assert page.index("A later post") < page.index("Opening post")  # newest first, none needs a report
    assert "Hidden &lt;b&gt;" not in page and "Hidden <b>" not in page
    later = CafePost.objects.get(text="A later post")
    assert f'href="/en/staff/community/posts/{later.pk}/hide/"' in page
    assert 'href="/en/staff/community/posts/"' in manager_client.get(QUEUE).content.decode()


def test_the_staff_post_tables_head_the_column_with_the_noun(manager_client, member, topic):
    Report.objects.create(reporter=member, post=topic.posts.get(), reason="Rude")
    for page in ("/fi/staff/community/moderation/", "/fi/staff/community/posts/"):
        html = manager_client.get(page).content.decode()
        assert '<th scope="col">Viesti</th>' in html and "Lähetä" not in html
