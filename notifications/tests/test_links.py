"""Every kind of notification links to a page that exists: each sender runs once and its link is resolved."""

from datetime import timedelta
from urllib.parse import urlsplit

import pytest
from django.urls import resolve
from django.utils import timezone

from community.services import announcement_publish, post_hide, suggestion_review
from community.tests.factories import AnnouncementFactory, PostFactory, SuggestionFactory, TopicFactory
from impact.models import ActionStatus
from impact.services import action_create, action_status_change
from membership.models import MembershipTerm
from membership.services import membership_reminders
from notifications.models import Kind, Notification
from notifications.services import route_path
from periods.models import Post, Probe, Response
from periods.services.notify import period_notifications_due, post_hidden_notify, probe_notify, reply_notify
from periods.tests.factories import PeriodFactory, TaskFactory
from reports.models import Finding, Report, ReportStatus
from reports.services import report_delivered_notify
from support.services import request_staff_reply
from support.tests.factories import member_request

pytestmark = pytest.mark.django_db


def _period_open(people):
    PeriodFactory(members=[people["member"]])
    period_notifications_due(timezone.now())


def _reminder(people):
    period = PeriodFactory(members=[people["member"]], ends_at=timezone.now() + timedelta(days=1))
    TaskFactory(period=period)
    period_notifications_due(timezone.now())


def _period_closed(people):
    now = timezone.now()
    period = PeriodFactory(
        members=[people["member"]], starts_at=now - timedelta(days=9), ends_at=now - timedelta(days=1)
    )
    Response.objects.create(task=TaskFactory(period=period), member=people["member"], submitted_at=now)
    period_notifications_due(now)


def _discussion_post(people):
    task = TaskFactory(period=PeriodFactory(members=[people["member"]]), kind="discussion")
    return Post.objects.create(task=task, author=people["member"], text="Ajatus")


def _reply(people):
    post = _discussion_post(people)
    reply_notify(Post.objects.create(task=post.task, author=people["other_member"], parent=post, text="Samaa mieltä"))


def _probe(people):
    task = TaskFactory(period=PeriodFactory(members=[people["member"]]))
    response = Response.objects.create(task=task, member=people["member"], submitted_at=timezone.now())
    probe_notify(
        Probe.objects.create(
            response=response, member=people["member"], task=task, question="?", asked_by=people["manager"]
        )
    )


def _post_hidden(people):
    post = _discussion_post(people)
    post.hidden_at, post.hidden_reason = timezone.now(), "Henkilötietoja"
    post.save()
    post_hidden_notify(post)


def _cafe_post_hidden(people):
    post = PostFactory(topic=TopicFactory(started_by=people["other_member"]), author=people["member"])
    post_hide(post=post, actor=people["manager"], reason="Henkilötietoja")


def _action_updated(people):
    period = PeriodFactory(organisations=[people["sote"]])
    report = Report.objects.create(period=period, status=ReportStatus.DELIVERED, delivered_at=timezone.now())
    finding = Finding.objects.create(report=report, title="Havainto")
    Response.objects.create(task=TaskFactory(period=period), member=people["member"], submitted_at=timezone.now())
    action = action_create(
        actor=people["developer"], title="Toimenpide", organisation=people["sote"], findings=[finding]
    )
    action_status_change(action=action, actor=people["developer"], status=ActionStatus.PLANNED)


def _announcement(people):
    announcement_publish(announcement=AnnouncementFactory(published_at=None), actor=people["manager"])


def _suggestion_reviewed(people):
    suggestion = SuggestionFactory(member=people["member"])
    suggestion_review(suggestion=suggestion, actor=people["manager"], status="accepted", period=PeriodFactory())


def _support_reply(people):
    request_staff_reply(support_request=member_request(people["member"]), actor=people["manager"], text="Näin")


def _membership_term(people):
    today = timezone.localdate()
    MembershipTerm.objects.create(
        member=people["member"], starts_on=today - timedelta(days=300), ends_on=today + timedelta(days=20)
    )
    membership_reminders(timezone.now())


def _report_delivered(people):
    report_delivered_notify(Report.objects.create(period=PeriodFactory(organisations=[people["sote"]])))


SENDERS = [
    (Kind.PERIOD_OPEN, _period_open),
    (Kind.REMINDER, _reminder),
    (Kind.PERIOD_CLOSED, _period_closed),
    (Kind.REPLY, _reply),
    (Kind.PROBE, _probe),
    (Kind.MODERATION, _post_hidden),
    (Kind.MODERATION, _cafe_post_hidden),
    (Kind.ACTION_UPDATED, _action_updated),
    (Kind.ANNOUNCEMENT, _announcement),
    (Kind.SUGGESTION_REVIEWED, _suggestion_reviewed),
    (Kind.SUPPORT_REPLY, _support_reply),
    (Kind.MEMBERSHIP_TERM, _membership_term),
    (Kind.REPORT_DELIVERED, _report_delivered),
]


def test_every_kind_has_a_sender_here():
    assert {kind for kind, _ in SENDERS} == set(Kind)


@pytest.mark.parametrize(("kind", "send"), SENDERS, ids=[send.__name__.strip("_") for _, send in SENDERS])
def test_the_link_of_each_kind_resolves(
    kind, send, member, other_member, manager, developer, sote, django_capture_on_commit_callbacks
):
    people = {"member": member, "other_member": other_member, "manager": manager, "developer": developer, "sote": sote}
    with django_capture_on_commit_callbacks(execute=True):
        send(people)
    links = list(Notification.objects.filter(kind=kind).values_list("url", flat=True))
    assert links
    for link in links:
        resolve(urlsplit(link).path)  # raises Resolver404 for a link to no page


def test_a_link_is_built_from_the_route_name_without_the_language():
    assert route_path("periods:member_task", 3, 4, fragment="post-5") == "/periods/3/tasks/4/#post-5"
    assert route_path("impact:my_impact") == "/me/impact/"
    with pytest.raises(ValueError, match="healthz is not a page under the language prefix"):
        route_path("healthz")
