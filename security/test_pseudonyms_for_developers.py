"""Pseudonyms on the staff pages, tried as a developer who wants to join a report's background to them.

A report lets its readers filter verbatim answers by one background variable; the same answers are
on the period's staff pages. Had those pages shown the community pseudonym, a developer could join
on the answer text: pseudonym -> the report's variable, and over several periods one attribute per
report, all attached to the member's posts in the discussions. So a developer sees the period's
respondent label everywhere in the period and its report, and no pseudonym anywhere. The walk below
opens every URL of the periods and reports apps with the world's real ids, so a new page that shows
a pseudonym to developers fails here without anyone having to remember to add it.
"""

import io
import itertools
import zipfile
from datetime import date

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from pypdf import PdfReader

from accounts.models import Role
from conftest import make_member, make_staff, verified_client
from periods import member_urls, staff_urls
from periods.models import (
    Answer,
    DiaryEntry,
    Participant,
    PeriodRespondent,
    Post,
    Probe,
    QuestionKind,
    Response,
    Statement,
    Vote,
)
from periods.tests.factories import PeriodFactory, QuestionFactory, TaskFactory, options
from reports import urls as report_urls
from reports.models import Quote
from reports.services import report_for
from reports.tests.delivery import deliver_built

SIZE = 10

# Every URL of the two apps, with the namespace to reverse it in.
PATTERNS = [("periods", p) for p in [*staff_urls.urlpatterns, *member_urls.urlpatterns]] + [
    ("reports", p) for p in report_urls.urlpatterns
]
# Pages that take the object they show from the query string: each is also opened with these.
QUERIES = {
    "periods:staff_probe_create": ["response", "post"],
    "reports:answers": ["segment"],
}


@pytest.fixture
def rescue_developer(rescue):
    return make_staff("kehittaja.pelastus@example.fi", Role.DEVELOPER, rescue, name="Pelastuksen kehittäjä")


@pytest.fixture
def world(rescue, manager):
    """A rescue period with every kind of task answered, probes, and its report delivered with a variable.

    Ten members, five women and five men (so the report's answers can be shown by gender), each with
    a pseudonym that appears nowhere else: a survey with an open and a closed question, a discussion
    with replies and a hidden post, statements proposed by a member and voted on, diary entries,
    follow-up questions about an answer and a post, and a quote in the delivered report.
    """
    period = PeriodFactory(organisations=[rescue])
    survey = TaskFactory(period=period, order=1)
    discussion = TaskFactory(period=period, kind="discussion", order=2)
    statements = TaskFactory(period=period, kind="statements", order=3, members_add_statements=True)
    diary = TaskFactory(period=period, kind="diary", order=4)
    text = QuestionFactory(task=survey, kind=QuestionKind.TEXT, order=1)
    closed = QuestionFactory(task=survey, kind=QuestionKind.SINGLE, choices=options("Kyllä", "Ei"), order=2)
    users = [
        make_member(f"peite{i}@example.fi", f"Peitenimi{i:02d}", gender="female" if i % 2 else "male")
        for i in range(SIZE)
    ]
    Participant.objects.bulk_create([Participant(period=period, member=user) for user in users])
    statement = Statement.objects.create(task=statements, author=users[0], text_fi="Jäsenen väite")
    now = timezone.now()
    for i, user in enumerate(users):
        response = Response.objects.create(task=survey, member=user, submitted_at=now)
        Answer.objects.create(response=response, question=text, value=f"Avoin vastaus {i}")
        Answer.objects.create(response=response, question=closed, value="a" if i % 3 else "b")
        post = Post.objects.create(task=discussion, author=user, text=f"Keskustelu {i}")
        Post.objects.create(task=discussion, author=users[(i + 1) % SIZE], parent=post, text=f"Vastine {i}")
        Response.objects.create(task=statements, member=user, submitted_at=now)
        Vote.objects.create(statement=statement, member=user, value=1 if i % 2 else -1)
        Response.objects.create(task=diary, member=user)
        DiaryEntry.objects.create(task=diary, member=user, day=date(2026, 9, 1), text=f"Päiväkirja {i}")
    hidden = discussion.posts.filter(parent=None).order_by("pk").first()
    Post.objects.filter(pk=hidden.pk).update(hidden_at=now, hidden_reason="Asiaton", hidden_by=manager)
    response = survey.responses.order_by("pk").first()
    Probe.objects.create(task=survey, member=response.member, response=response, question="Miksi?", asked_by=manager)
    post = discussion.posts.order_by("pk").last()
    Probe.objects.create(
        task=discussion, member=post.author, post=post, question="Kerrotko?", reply="Kerron", replied_at=now
    )
    verified_client(manager).post(reverse("reports:answer_filter", args=[period.pk]), {"variable": "gender"})
    report = report_for(period)
    quoted = Answer.objects.filter(question=text).select_related("response").first()
    Quote.objects.create(report=report, answer=quoted, author=quoted.response.member, text=quoted.value, reviewed=True)
    deliver_built(report, manager)
    return period, users


def _ids(period) -> dict[str, list[int]]:
    """Real ids for every URL parameter of the two apps (a new parameter fails the walk until added)."""
    answers = Answer.objects.filter(response__task__period=period)
    return {
        "period_id": [period.pk],
        "task_id": list(period.tasks.values_list("pk", flat=True)),
        "question_id": list(answers.values_list("question_id", flat=True).distinct()),
        "post_id": list(Post.objects.filter(task__period=period).values_list("pk", flat=True)[:3]),
        "statement_id": list(Statement.objects.filter(task__period=period).values_list("pk", flat=True)),
        "answer_id": list(answers.values_list("pk", flat=True)[:2]),
        "probe_id": list(Probe.objects.filter(task__period=period).values_list("pk", flat=True)),
        "entry_id": list(DiaryEntry.objects.filter(task__period=period).values_list("pk", flat=True)[:2]),
        "quote_id": list(period.report.quotes.values_list("pk", flat=True)),
    }


def _urls(period) -> list[tuple[str, str]]:
    """(url name, url) for every pattern of the periods and reports apps, with every real id it takes."""
    ids = _ids(period)
    query = {
        "response": [
            f"?response={pk}" for pk in Response.objects.filter(task__period=period).values_list("pk", flat=True)[:2]
        ],
        "post": [f"?post={pk}" for pk in ids["post_id"]],
        "segment": ["?variable=gender&value=female", "?variable=gender&value=male"],
    }
    urls = []
    for namespace, pattern in PATTERNS:
        name = f"{namespace}:{pattern.name}"
        params = list(pattern.pattern.converters)
        for values in itertools.product(*(ids[param] for param in params)):
            url = reverse(name, kwargs=dict(zip(params, values, strict=True)))
            urls.append((name, url))
            urls.extend((name, url + extra) for kind in QUERIES.get(name, []) for extra in query[kind])
    return urls


def _text(response) -> str:
    """The body as text: an XLSX's sheets and strings, a PDF's extracted text, anything else decoded."""
    content = b"".join(response.streaming_content) if response.streaming else response.content
    kind = response.get("Content-Type", "")
    if "spreadsheetml" in kind:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            return "\n".join(archive.read(name).decode() for name in archive.namelist())
    if "pdf" in kind:
        return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)
    return content.decode(errors="replace")


def test_no_page_or_export_of_the_period_or_its_report_shows_a_developer_a_pseudonym(rescue_developer, world):
    """SECURITY.md #4 #29: a developer never sees a pseudonym beside answers joinable to background.

    Every GET of every periods and reports URL, with every real id of the world and the query
    strings that pick a response, a post or a segment: no member's pseudonym in any body, pages,
    CSV, XLSX and PDF alike. The member-facing pages, where members read each other's pseudonyms
    in the discussions, do not open for a developer at all.
    """
    period, users = world
    pseudonyms = [user.member.pseudonym for user in users]
    client = verified_client(rescue_developer)
    opened = {}
    with translation.override("en"):
        urls = _urls(period)
    for name, url in urls:
        response = client.get(url)
        text = _text(response)
        for pseudonym in pseudonyms:
            assert pseudonym not in text, f"{pseudonym} shown to a developer on {url} ({name})"
        if response.status_code == 200:
            opened[name] = text
    member_pages = {f"periods:{p.name}" for p in member_urls.urlpatterns}
    assert not member_pages & opened.keys(), "a developer reads no member-facing page"
    # The walk really read the pages that hold the members' words, under labels.
    for name in (
        "periods:staff_task_answers",
        "periods:staff_period_live",
        "periods:staff_probe_list",
        "periods:staff_probe_create",
        "reports:answers",
        "reports:export_xlsx",
    ):
        assert name in opened and "Respondent " in opened[name], name
    assert "Keskustelu 1" in opened["periods:staff_period_live"] and "Kerron" in opened["periods:staff_probe_list"]
    assert len(opened) >= 20


def test_the_developer_sees_one_label_per_member_in_the_period_and_its_report(rescue_developer, world):
    """SECURITY.md #4 #29: the answers page of the period and of the report name a member alike.

    So a developer can join the report's one variable to the period's label (that much the answer
    texts join anyway), and nothing more: the label is drawn for this period alone.
    """
    period, users = world
    client = verified_client(rescue_developer)
    survey = period.tasks.get(order=1)
    numbers = dict(PeriodRespondent.objects.filter(period=period).values_list("member_id", "number"))
    assert sorted(numbers) == sorted(user.pk for user in users)
    with translation.override("en"):
        period_page = client.get(reverse("periods:staff_task_answers", args=[period.pk, survey.pk]))
        report_page = client.get(
            reverse("reports:answers", args=[period.pk]), {"variable": "gender", "value": "female"}
        )
    women = {f"Respondent {numbers[user.pk]}" for user in users if user.member.gender == "female"}
    assert {row["respondent"] for row in report_page.context["rows"]} == women
    html = period_page.content.decode()
    assert all(f"<h3>{label}</h3>" in html for label in women)


def test_the_manager_still_sees_pseudonyms_on_the_task_answer_page(manager_client, world):
    """SECURITY.md #4: a community manager, who may see identities anyway, keeps the pseudonyms."""
    period, users = world
    survey = period.tasks.get(order=1)
    html = manager_client.get(reverse("periods:staff_task_answers", args=[period.pk, survey.pk])).content.decode()
    assert all(f"<h3>{user.member.pseudonym}</h3>" in html for user in users)
    assert "Respondent " not in html and "Vastaaja " not in html
