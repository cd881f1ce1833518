"""A reply, a follow-up question or a hidden post is told to the member it concerns, once."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from notifications.models import Delivery, Kind, Notification
from periods.models import Post, Probe, Response
from periods.services.notify import post_hidden_notify, probe_notify, reply_notify
from periods.tests.factories import PeriodFactory, TaskFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def task(member, other_member):
    period = PeriodFactory(members=[member, other_member], title_fi="Palautepalvelu", title_sv="Responstjänsten")
    return TaskFactory(period=period, kind="discussion", title_fi="Keskustelu", title_sv="Diskussion")


@pytest.fixture
def post(task, member):
    return Post.objects.create(task=task, author=member, text="Ensimmäinen ajatus")


def test_a_reply_is_told_to_the_author_of_the_post_once(
    task, post, member, other_member, django_capture_on_commit_callbacks
):
    reply = Post.objects.create(task=task, author=other_member, parent=post, text="Samaa mieltä")
    with django_capture_on_commit_callbacks(execute=True):
        assert reply_notify(reply) == 1
        assert reply_notify(reply) == 0
    assert [m.to for m in mail.outbox] == [[member.email]]
    body = mail.outbox[0].body
    # The replier by pseudonym; neither person's name or address, nor the texts themselves.
    assert "Kuusipuu" in body and "Meritähti" in body
    assert "Resident Person" not in body and other_member.email not in body
    assert "Samaa mieltä" not in body
    notification = Notification.objects.get()
    assert (notification.user, notification.kind) == (member, Kind.REPLY)
    assert notification.url == f"/fi/periods/{task.period_id}/tasks/{task.pk}/#post-{reply.pk}"
    assert Delivery.objects.get().key == f"reply:{reply.pk}"


def test_replying_to_oneself_or_posting_an_answer_tells_nobody(task, post, member, django_capture_on_commit_callbacks):
    own_reply = Post.objects.create(task=task, author=member, parent=post, text="Lisään vielä")
    with django_capture_on_commit_callbacks(execute=True):
        assert reply_notify(own_reply) == 0
        assert reply_notify(post) == 0
    assert mail.outbox == [] and not Notification.objects.exists()


def test_a_probe_is_told_without_its_question(task, member, manager, django_capture_on_commit_callbacks):
    response = Response.objects.create(task=task, member=member, submitted_at=timezone.now())
    probe = Probe.objects.create(
        response=response, member=member, task=task, question="Voisitko kertoa lisää jonotuksesta?", asked_by=manager
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert probe_notify(probe) == 1
        assert probe_notify(probe) == 0
    email = mail.outbox[0]
    assert email.to == [member.email]
    assert "Keskustelu" in email.subject
    # The question may touch health matters: it stays in the platform.
    assert "jonotuksesta" not in email.body and "jonotuksesta" not in email.alternatives[0][0]
    assert Delivery.objects.get().key == f"probe:{probe.pk}"
    assert Notification.objects.get().url.endswith(f"#probe-{probe.pk}")


def test_a_hidden_post_tells_its_author_why(task, post, member, manager, django_capture_on_commit_callbacks):
    member.language = "sv"
    member.save()
    post.hidden_at = timezone.now()
    post.hidden_reason = "Sisältää <b>henkilötietoja</b>"
    post.hidden_by = manager
    post.save()
    with django_capture_on_commit_callbacks(execute=True):
        assert post_hidden_notify(post) == 1
        assert post_hidden_notify(post) == 0
    email = mail.outbox[0]
    assert "Sisältää <b>henkilötietoja</b>" in email.body
    assert "Sisältää &lt;b&gt;henkilötietoja&lt;/b&gt;" in email.alternatives[0][0]
    assert "Diskussion" in email.subject
    assert "/sv/unsubscribe/" in email.extra_headers["List-Unsubscribe"]
    notification = Notification.objects.get()
    assert (notification.kind, notification.url) == (
        Kind.MODERATION,
        f"/sv/periods/{task.period_id}/tasks/{task.pk}/#post-{post.pk}",
    )
    assert "henkilötietoja" in notification.message


def test_hiding_again_later_is_a_new_notice(task, post, member, manager, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        assert post_hidden_notify(post) == 0  # not hidden: nothing to tell
        post.hidden_at = timezone.now() - timedelta(hours=2)
        post.hidden_reason = "Ensimmäinen syy"
        post.save()
        post_hidden_notify(post)
        post.hidden_at = timezone.now()
        post.hidden_reason = "Toinen syy"
        post.save()
        post_hidden_notify(post)
    assert len(mail.outbox) == 2
    assert Delivery.objects.filter(kind=Kind.MODERATION).count() == 2


def test_the_staff_services_notify_through_these(task, post, member, manager, django_capture_on_commit_callbacks):
    from periods.services.staff import post_hide, probe_create

    with django_capture_on_commit_callbacks(execute=True):
        post_hide(post=post, by=manager, reason="Asiaton")
        probe_create(by=manager, member=member, task=task, question="Miksi?", post=post)
    assert {n.kind for n in Notification.objects.filter(user=member)} == {Kind.MODERATION, Kind.PROBE}
    assert len(mail.outbox) == 2
