"""Discussions and statement votes in the period report: counts, quotes, opinion groups, anonymity."""

import itertools
import json
import random
from datetime import timedelta

import pytest
from django.db import connection
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from accounts.models import Role, User
from periods.models import Like, Post, Statement, StatementStatus, TaskKind, Vote
from periods.tests.factories import PeriodFactory, TaskFactory
from reports.analysis.opinion_groups import opinion_groups
from reports.discussion import (
    discussion_figures,
    discussion_rows,
    opinion_group_rows,
    statement_figures,
    statement_rows,
)
from reports.figures import report_figures
from reports.services import report_for

_seq = itertools.count()
_order = itertools.count()


@pytest.fixture(autouse=True)
def _k5_in_english(settings):
    settings.ANONYMITY_THRESHOLD = 5
    with translation.override("en"):
        yield


def users(count: int) -> list[User]:
    """`count` plain member accounts; the figures never need their profiles."""
    emails = [f"v{next(_seq)}@example.fi" for _ in range(count)]
    User.objects.bulk_create([User(email=email, role=Role.MEMBER, full_name="Resident Person") for email in emails])
    return list(User.objects.filter(email__in=emails).order_by("pk"))


def statements(task, count: int, *, author=None, status=StatementStatus.APPROVED, prefix="Väite") -> list[Statement]:
    # Statements are listed in the order they were written: each call writes after the previous one.
    now = timezone.now() + timedelta(minutes=next(_order))
    Statement.objects.bulk_create(
        [
            Statement(
                task=task,
                text_fi=f"{prefix} {i}",
                text_en=f"{prefix} {i}",
                author=author,
                status=status,
                created_at=now + timedelta(seconds=i),
            )
            for i in range(count)
        ]
    )
    return list(Statement.objects.filter(task=task, text_fi__startswith=prefix).order_by("created_at", "pk"))


def vote(pairs) -> None:
    Vote.objects.bulk_create([Vote(statement=s, member=m, value=v) for s, m, v in pairs])


def two_camps(task, camp_a: int, camp_b: int, *, seed: int = 0) -> tuple[list, list, list[Statement], Statement]:
    """Camp A agrees and camp B disagrees with ten statements, with some passes and flips; all agree on one more."""
    rng = random.Random(seed)
    split = statements(task, 10)
    shared = statements(task, 1, prefix="Yhteinen")[0]
    a, b = users(camp_a), users(camp_b)
    pairs = []
    for camp, value in ((a, 1), (b, -1)):
        for member in camp:
            for s in split:
                draw = rng.random()
                pairs.append((s, member, 0 if draw < 0.1 else -value if draw < 0.15 else value))
            pairs.append((shared, member, 1))
    vote(pairs)
    return a, b, split, shared


def walk(value):
    """Every dict anywhere in a figures structure."""
    if isinstance(value, dict):
        yield value
        for item in value.values():
            yield from walk(item)
    elif isinstance(value, list):
        for item in value:
            yield from walk(item)


def erase(figures, author_id: int) -> None:
    """What the erasure code does to a snapshot: blank the text of every quote by the author."""
    for item in walk(figures):
        if "text" in item and "author" in item and item["author"] == author_id:
            item["text"] = "[poistettu]"


@pytest.fixture
def period(sote):
    return PeriodFactory(organisations=[sote])


@pytest.fixture
def statement_task(period):
    return TaskFactory(period=period, kind=TaskKind.STATEMENTS)


@pytest.fixture
def discussion(period):
    return TaskFactory(period=period, kind=TaskKind.DISCUSSION)


# Statement votes ---------------------------------------------------------------------------------


@pytest.fixture
def camps(statement_task):
    return two_camps(statement_task, 20, 20)


def test_it_finds_two_stable_opinion_groups_in_two_opposite_camps(period, camps):
    _a, _b, split, shared = camps
    (task,) = statement_figures(period, k=5)
    part = task["opinion_groups"]
    assert part["shown"] and part["reason"] is None
    assert [g["size"] for g in part["groups"]] == [20, 20]
    assert part["stability"] >= 0.9 and part["silhouette"] >= 0.7
    assert task["voters"] == 40
    split_ids = {s.pk for s in split}
    directions = []
    for group in part["groups"]:
        items = group["representative"]
        assert items and all(item["statement_id"] in split_ids for item in items)
        assert len({item["direction"] for item in items}) == 1
        assert all(0.5 < item["score"] <= 1 for item in items)
        directions.append(items[0]["direction"])
    assert sorted(directions) == ["agree", "disagree"]
    consensus = {(item["statement_id"], item["direction"]) for item in part["consensus"]}
    assert (shared.pk, "agree") in consensus
    assert not any(statement in split_ids for statement, _direction in consensus)
    assert next(item for item in part["consensus"] if item["statement_id"] == shared.pk)["quote"] == {
        "text": "Yhteinen 0",
        "author": None,
    }


def test_it_gives_the_same_groups_every_time(period, camps):
    assert statement_figures(period, k=5) == statement_figures(period, k=5)


def test_it_counts_agree_disagree_and_pass_per_statement(period, statement_task):
    first, unanimous, unvoted = statements(statement_task, 3)
    members = users(40)
    values = [1] * 18 + [-1] * 18 + [0] * 4
    vote([(first, m, v) for m, v in zip(members, values, strict=True)] + [(unanimous, m, 1) for m in members[:7]])
    (task,) = statement_figures(period, k=5)
    rows = {s["id"]: s for s in task["statements"]}
    assert rows[first.pk]["voters"] == 40 and not rows[first.pk]["hidden"]
    assert [(r["value"], r["count"], r["pct"]) for r in rows[first.pk]["rows"]] == [
        ("agree", 18, 45.0),
        ("disagree", 18, 45.0),
        ("pass", 4, 10.0),
    ]
    assert [r["offset"] for r in rows[first.pk]["rows"]] == [0.0, 45.0, 90.0]
    assert [(r["count"], r["pct"]) for r in rows[unanimous.pk]["rows"]] == [(7, 100.0), (0, 0.0), (0, 0.0)]
    assert rows[unvoted.pk]["hidden"] and rows[unvoted.pk]["rows"] == []
    assert [s["id"] for s in task["statements"]] == [first.pk, unanimous.pk, unvoted.pk]
    assert task["voters"] == 40


def test_it_hides_opinion_groups_when_a_group_would_be_smaller_than_k(period, statement_task):
    two_camps(statement_task, 27, 3)
    votes = Vote.objects.values_list("member_id", "statement_id", "value")
    # The votes do fall into groups of 27 and 3: only the threshold hides them.
    assert sorted(opinion_groups([(str(m), str(s), v) for m, s, v in votes], seed=0, bootstrap=0).sizes) == [3, 27]
    (task,) = statement_figures(period, k=5)
    part = task["opinion_groups"]
    assert not part["shown"] and part["reason"] == "small_group"
    assert part["groups"] == [] and part["consensus"] == [] and part["stability"] is None
    assert "size" not in json.dumps(part)
    # With a threshold of 3 the same groups may be shown.
    assert statement_figures(period, k=3)[0]["opinion_groups"]["shown"]


def test_it_hides_opinion_groups_of_too_few_voters_without_computing_them(period, statement_task, monkeypatch):
    two_camps(statement_task, 5, 4)

    def fail(*args, **kwargs):
        raise AssertionError("opinion groups computed for too few voters")

    monkeypatch.setattr("reports.discussion.opinion_groups", fail)
    (task,) = statement_figures(period, k=5)
    assert task["opinion_groups"]["reason"] == "too_few_voters" and not task["opinion_groups"]["shown"]


def test_it_hides_opinion_groups_that_are_not_stable(period, statement_task):
    rng = random.Random(5)
    items, members = statements(statement_task, 20), users(60)
    vote([(s, m, rng.choice([-1, 0, 1])) for m in members for s in items])
    (task,) = statement_figures(period, k=5)
    assert task["opinion_groups"]["reason"] == "unstable" and task["opinion_groups"]["groups"] == []


def test_it_hides_the_counts_of_a_statement_with_fewer_than_k_voters(period, statement_task):
    few, enough = statements(statement_task, 2)
    members = users(5)
    vote([(few, m, 1) for m in members[:4]] + [(enough, m, -1) for m in members])
    (task,) = statement_figures(period, k=5)
    rows = {s["id"]: s for s in task["statements"]}
    assert rows[few.pk]["hidden"] and rows[few.pk]["voters"] is None and rows[few.pk]["rows"] == []
    assert not rows[enough.pk]["hidden"] and rows[enough.pk]["voters"] == 5
    assert [r["count"] for r in rows[enough.pk]["rows"]] == [0, 5, 0]
    exported = list(statement_rows({"k": 5, "statements": [task]}))
    assert exported[1] == [task["title"], "Väite 0", "fewer than 5", "", "", "", "", "", ""]
    assert exported[2] == [task["title"], "Väite 1", 5, 0, 0.0, 5, 100.0, 0, 0.0]


def test_it_leaves_out_pending_and_rejected_statements_and_their_votes(period, statement_task, member):
    (shown,) = statements(statement_task, 1)
    statements(statement_task, 1, status=StatementStatus.PENDING, prefix="Odottava")
    statements(statement_task, 1, status=StatementStatus.REJECTED, prefix="Hylätty")
    members = users(5)
    vote([(s, m, 1) for s in Statement.objects.filter(task=statement_task) for m in members])
    (task,) = statement_figures(period, k=5)
    text = json.dumps(task)
    assert [s["id"] for s in task["statements"]] == [shown.pk]
    assert "Odottava" not in text and "Hylätty" not in text


def test_it_keeps_the_author_of_a_members_statement_beside_its_text(period, statement_task, member):
    (own,) = statements(statement_task, 1, author=member, prefix="Oma")
    vote([(own, m, 1) for m in users(5)])
    figures = {"statements": statement_figures(period, k=5)}
    assert figures["statements"][0]["statements"][0]["quote"] == {"text": "Oma 0", "author": member.pk}
    erase(figures, member.pk)
    row = figures["statements"][0]["statements"][0]
    assert row["quote"]["text"] == "[poistettu]" and row["voters"] == 5


def test_it_reads_statement_votes_in_a_fixed_number_of_queries(sote):
    counts = []
    for size in (5, 20):
        period = PeriodFactory(organisations=[sote])
        two_camps(TaskFactory(period=period, kind=TaskKind.STATEMENTS), size, size)
        two_camps(TaskFactory(period=period, kind=TaskKind.STATEMENTS), size, size)
        with CaptureQueriesContext(connection) as queries:
            statement_figures(period, k=5)
        counts.append(len(queries))
    assert counts[0] == counts[1] <= 3


def test_it_gives_no_statement_figures_without_statement_tasks(period, discussion):
    assert statement_figures(period, k=5) == []


# Discussions -------------------------------------------------------------------------------------


def post(task, author, text, *, parent=None, hidden=False, likes=(), minutes=0) -> Post:
    created = Post.objects.create(
        task=task,
        author=author,
        parent=parent,
        text=text,
        hidden_at=timezone.now() if hidden else None,
        created_at=timezone.now() + timedelta(minutes=minutes),
    )
    Like.objects.bulk_create([Like(post=created, member=m) for m in likes])
    return created


@pytest.fixture
def posters():
    return users(8)


@pytest.fixture
def talk(discussion, posters):
    """Seven top-level posts liked 0–6 times (one hidden, liked most), replies, a liked reply."""
    posts = [post(discussion, posters[i], f"Viesti {i}", likes=posters[:i], minutes=i) for i in range(7)]
    secret = post(discussion, posters[7], "Salainen viesti", hidden=True, likes=posters, minutes=8)
    post(discussion, posters[0], "Vastaus 1", parent=posts[3], minutes=9)
    post(discussion, posters[1], "Vastaus 2", parent=posts[3], minutes=10)
    post(discussion, posters[2], "Piilotettu vastaus", parent=posts[3], hidden=True, minutes=11)
    post(discussion, posters[4], "Suosittu vastaus", parent=posts[0], likes=posters, minutes=12)
    # Two posts liked equally: the earlier one first.
    post(discussion, posters[5], "Toinen neljän tykkäyksen viesti", likes=posters[:4], minutes=13)
    return posts, secret


def test_it_counts_posts_replies_hidden_posts_and_posters(period, talk):
    (task,) = discussion_figures(period, k=5)
    assert (task["posts"], task["replies"], task["hidden"]) == (8, 3, 2)
    assert task["participants"] == 7 and not task["too_few"]


def test_it_lists_the_five_most_liked_top_level_posts_in_order(period, talk):
    posts, _secret = talk
    (task,) = discussion_figures(period, k=5)
    top = [(p["quote"]["text"], p["likes"], p["replies"]) for p in task["top_posts"]]
    assert top == [
        ("Viesti 6", 6, 0),
        ("Viesti 5", 5, 0),
        ("Viesti 4", 4, 0),
        ("Toinen neljän tykkäyksen viesti", 4, 0),
        ("Viesti 3", 3, 2),
    ]
    assert task["top_posts"][0]["quote"] == {"text": "Viesti 6", "author": posts[6].author_id}


def test_it_never_quotes_a_hidden_post(period, talk):
    figures = {"k": 5, "discussions": discussion_figures(period, k=5)}
    text = json.dumps(figures) + json.dumps(list(discussion_rows(figures)))
    assert "Salainen" not in text and "Piilotettu" not in text


def test_it_quotes_nothing_when_fewer_than_k_members_posted(period, discussion, posters):
    for i in range(4):
        post(discussion, posters[i], f"Harvojen viesti {i}", likes=posters)
    post(discussion, posters[4], "Piilotettu", hidden=True)
    (task,) = discussion_figures(period, k=5)
    assert task["too_few"] and task["participants"] is None and task["top_posts"] == []
    assert (task["posts"], task["replies"], task["hidden"]) == (4, 0, 1)
    assert "Harvojen" not in json.dumps(task)
    exported = list(discussion_rows({"k": 5, "discussions": [task]}))
    assert exported[1] == [task["title"], 4, 0, 1, "fewer than 5", "", "", ""] and len(exported) == 2


def test_it_reads_discussions_in_a_fixed_number_of_queries(sote):
    counts = []
    for size in (6, 30):
        period = PeriodFactory(organisations=[sote])
        members = users(size)
        for task in (TaskFactory(period=period, kind=TaskKind.DISCUSSION) for _ in range(2)):
            first = post(task, members[0], "Alku", likes=members)
            for m in members[1:]:
                post(task, m, "Vastaus", parent=first, likes=members[:2])
                post(task, m, "Oma", likes=members[:3])
        with CaptureQueriesContext(connection) as queries:
            figures = discussion_figures(period, k=5)
        assert figures[0]["top_posts"][0]["likes"] == size
        counts.append(len(queries))
    assert counts[0] == counts[1] <= 3


def test_every_quote_is_a_text_with_its_author(period, talk, statement_task, member):
    two_camps(statement_task, 20, 20)
    statements(statement_task, 1, author=member, prefix="Jäsenen")
    figures = {"discussions": discussion_figures(period, k=5), "statements": statement_figures(period, k=5)}
    quotes = [item for item in walk(figures) if "text" in item]
    assert len(quotes) > 5 + 12  # posts, statements, and the representative and consensus ones
    assert all(set(item) == {"text", "author"} for item in quotes)
    erase(figures, talk[0][6].author_id)
    assert figures["discussions"][0]["top_posts"][0]["quote"]["text"] == "[poistettu]"
    assert figures["discussions"][0]["top_posts"][0]["likes"] == 6


def test_it_exports_opinion_groups_or_why_they_are_hidden(period, statement_task):
    two_camps(statement_task, 27, 3)
    rows = list(opinion_group_rows({"k": 5, "statements": statement_figures(period, k=5)}))
    assert rows[0][:3] == ["Statement vote", "Group", "Group size"]
    assert rows[1][1:4] == ["not shown", "", "A group would have fewer than 5 members."]
    assert len(rows) == 2


def test_it_exports_shown_opinion_groups(period, camps):
    rows = list(opinion_group_rows({"k": 5, "statements": statement_figures(period, k=5)}))
    assert [row[2] for row in rows if row[1] in (1, 2) and row[3] == ""] == [20, 20]
    assert any(row[1] == "all groups (consensus)" and row[3] == "Yhteinen 0" and row[4] == "agree" for row in rows)


# The report page -----------------------------------------------------------------------------------


def _url(period) -> str:
    return reverse("reports:detail", args=[period.pk])


def _built(period):
    """Store the draft's figures as the background build would, so the page shows them."""
    report = report_for(period)
    report.figures = report_figures(period)
    report.save(update_fields=["figures"])


def test_it_shows_discussions_and_statements_on_the_report_page(manager_client, period, talk, statement_task):
    two_camps(statement_task, 20, 20)
    few = statements(statement_task, 1, prefix="<script>alert(1)</script>")[0]
    vote([(few, m, 1) for m in users(2)])
    _built(period)
    assert _url(period) == f"/en/staff/reports/{period.pk}/"
    html = manager_client.get(_url(period)).content.decode()
    assert '<h2 id="report-discussions">Discussions</h2>' in html
    assert '<h2 id="report-statements">Statements and opinion groups</h2>' in html
    assert "Viesti 6" in html and "Salainen" not in html and "Piilotettu" not in html
    assert '<th scope="row">Hidden by moderators</th><td>2</td>' in html
    assert "Väite 0" in html and "(100.0 %)" in html and "Group 2" in html
    assert 'role="img" aria-labelledby="chart-statement-' in html
    assert "too few to show (fewer than 5 voters)" in html
    assert "<script>alert(1)" not in html and "&lt;script&gt;alert(1)" in html


def test_it_gives_the_reason_for_hidden_groups_on_the_page(manager_client, period, statement_task):
    two_camps(statement_task, 27, 3)
    _built(period)
    html = manager_client.get(_url(period)).content.decode()
    assert "a group would have fewer than 5 members." in html and "Group 1" not in html


def test_it_hides_the_sections_from_a_member_and_the_other_organisation(
    member_client, outsider_client, period, talk, statement_task
):
    two_camps(statement_task, 20, 20)
    _built(period)
    assert member_client.get(_url(period)).status_code == 403
    response = outsider_client.get(_url(period))
    assert response.status_code == 404 and "Viesti 6" not in response.content.decode()


def test_it_renders_the_page_in_the_same_number_of_queries_for_10_and_40_members(manager_client, sote):
    counts = []
    for size in (5, 20):
        period = PeriodFactory(organisations=[sote])
        members = users(2 * size)
        discussion = TaskFactory(period=period, kind=TaskKind.DISCUSSION)
        for m in members:
            post(discussion, m, "Viesti", likes=members[:3])
        two_camps(TaskFactory(period=period, kind=TaskKind.STATEMENTS), size, size)
        _built(period)
        with CaptureQueriesContext(connection) as queries:
            assert manager_client.get(_url(period)).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1] <= 15


def test_it_leaves_the_sections_out_of_figures_that_do_not_have_them():
    # Figures still building, and snapshots delivered before these sections existed.
    html = render_to_string("reports/_discussions.html", {"figures": {"k": 5}})
    html += render_to_string("reports/_statements.html", {"figures": {"k": 5}})
    assert html.strip() == ""
    html = render_to_string("reports/_discussions.html", {"figures": {"k": 5, "discussions": []}})
    assert "No discussions in this period." in html


@pytest.mark.parametrize(("language", "header"), [("fi", "Viesti"), ("sv", "Inlägg")])
def test_the_post_column_is_headed_by_the_noun(period, talk, language, header):
    figures = {"k": 5, "discussions": discussion_figures(period, k=5)}
    with translation.override(language):
        html = render_to_string("reports/_discussions.html", {"figures": figures})
    assert f'<th scope="col">{header}</th>' in html and "Lähetä" not in html and "Skicka" not in html


def test_it_finds_three_planted_camps_among_150_voters_and_20_statements(period, statement_task):
    # The timing at 1000 voters x 100 statements is bench/opinion_groups' job; here only the outcome.
    rng = random.Random(1)
    items, members = statements(statement_task, 20), users(150)
    votes = []
    for i, m in enumerate(members):
        camp = i % 3
        for j, s in enumerate(items):
            if rng.random() < 0.8:
                value = 1 if j % 3 == camp else -1
                votes.append(Vote(statement=s, member=m, value=value if rng.random() > 0.15 else 0))
    Vote.objects.bulk_create(votes, batch_size=5000)
    (task,) = statement_figures(period, k=5)
    assert task["opinion_groups"]["shown"] and len(task["opinion_groups"]["groups"]) == 3
