"""Who may open the staff pages of periods: every URL for every persona."""

import pytest

from audit.models import AuditEvent
from periods.models import Post, Response, Statement
from periods.tests.factories import PeriodFactory, QuestionFactory, TaskFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def urls(sote, member):
    """(method, path) of every staff URL with a period of the social and health organisation."""
    period = PeriodFactory(organisations=[sote], members=[member])
    task = TaskFactory(period=period)
    question = QuestionFactory(task=task)
    statement = Statement.objects.create(task=task, text_fi="Väite", author=member, status="pending")
    post = Post.objects.create(task=task, author=member, text="Viesti")
    response = Response.objects.create(task=task, member=member)
    p = f"/fi/staff/periods/{period.pk}/"
    t = f"{p}tasks/{task.pk}/"
    q = f"{t}questions/{question.pk}/"
    return [
        ("get", p),
        ("get", p + "edit/"),
        ("post", p + "review/"),
        ("post", p + "publish/"),
        ("post", p + "unpublish/"),
        ("get", p + "duplicate/"),
        ("get", p + "live/"),
        ("get", p + "probes/"),
        ("post", f"{p}posts/{post.pk}/hide/"),
        ("post", f"{p}posts/{post.pk}/unhide/"),
        ("get", p + "tasks/new/"),
        ("get", t),
        ("get", t + "edit/"),
        ("post", t + "delete/"),
        ("post", t + "move/"),
        ("post", t + "review/"),
        ("get", t + "duplicate/"),
        ("get", t + "preview/"),
        ("get", t + "answers/"),
        ("get", f"{t}probe/?response={response.pk}"),
        ("post", t + "notes/"),
        ("post", t + "statements/new/"),
        ("post", f"{t}statements/{statement.pk}/review/"),
        ("get", t + "questions/new/"),
        ("get", q + "edit/"),
        ("post", q + "delete/"),
        ("post", q + "move/"),
    ]


def test_the_outsider_gets_404_everywhere_and_it_is_logged(outsider_client, urls):
    for method, path in urls:
        before = AuditEvent.objects.filter(action="access_denied").count()
        response = getattr(outsider_client, method)(path)
        assert response.status_code == 404, path
        assert AuditEvent.objects.filter(action="access_denied").count() == before + 1, path


def test_members_are_refused(member_client, urls):
    for method, path in [*urls, ("get", "/fi/staff/periods/"), ("get", "/fi/staff/periods/new/")]:
        assert getattr(member_client, method)(path).status_code == 403, path


def test_anonymous_visitors_are_sent_to_log_in(client, urls):
    for method, path in [*urls, ("get", "/fi/staff/periods/"), ("get", "/fi/staff/periods/approvals/")]:
        response = getattr(client, method)(path)
        assert response.status_code == 302 and "login" in response.url, path


def test_a_developer_reads_but_cannot_manage(developer_client, urls):
    manage_only = {"review/", "publish/", "unpublish/", "hide/", "unhide/", "/edit/", "delete/", "move/"}
    for method, path in urls:
        if "preview" in path:
            continue  # the member page it shows is tested with the member views
        status = getattr(developer_client, method)(path).status_code
        if any(path.endswith(end) for end in manage_only) or "statements/" in path or "questions/" in path:
            assert status == 403, path
        elif path.endswith("notes/"):
            assert status == 404, path  # posted without naming a response or post
        else:
            assert status in (200, 302), path
    assert developer_client.get("/fi/staff/periods/approvals/").status_code == 403


def test_post_only_urls_refuse_get(manager_client, urls):
    for method, path in urls:
        if method == "post":
            assert manager_client.get(path).status_code == 405, path
