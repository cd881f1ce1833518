"""Figures of a period report on small fixtures, with exact numbers; suppression of small groups."""

import itertools

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from conftest import make_member
from periods.models import Answer, Participant, QuestionKind, Response
from periods.tests.factories import PeriodFactory, QuestionFactory, TaskFactory, options
from reports.figures import crosstab, open_answers, participation, question_table, report_figures

_seq = itertools.count()


def respondents(period, count: int, **background) -> list:
    """`count` new members invited to `period` with the given background."""
    users = []
    for _ in range(count):
        n = next(_seq)
        users.append(make_member(f"r{n}@example.fi", f"Nimimerkki{n}", **background))
    Participant.objects.bulk_create([Participant(period=period, member=u) for u in users])
    return users


def answer(task, user, values: dict, *, submitted: bool = True, other: dict | None = None) -> Response:
    """A response of `user` to `task` with {question: value} answers."""
    response = Response.objects.create(task=task, member=user, submitted_at=timezone.now() if submitted else None)
    Answer.objects.bulk_create(
        [Answer(response=response, question=q, value=v, other_text=(other or {}).get(q, "")) for q, v in values.items()]
    )
    return response


def make_survey(sote):
    """A period with one survey task: a single choice, a multiple choice and an open question."""
    period = PeriodFactory(organisations=[sote])
    task = TaskFactory(period=period)
    single = QuestionFactory(task=task, kind=QuestionKind.SINGLE, choices=options("Hyvä", "Huono"), allow_other=True)
    multiple = QuestionFactory(task=task, kind=QuestionKind.MULTIPLE, choices=options("A", "B", "C"))
    text = QuestionFactory(task=task, kind=QuestionKind.TEXT)
    return period, task, single, multiple, text


def fill(survey):
    """6 members aged 35–44 in Kotka, 3 aged 65–74 in Kotka; one of the older invited but silent."""
    period, task, single, multiple, text = survey
    middle = respondents(period, 6, age_group="35-44", municipality="Kotka")
    older = respondents(period, 3, age_group="65-74", municipality="Kotka")
    for i, user in enumerate(middle):
        answer(
            task, user, {single: "a" if i < 4 else "b", multiple: ["a", "b"] if i < 3 else ["c"], text: f"Keski {i}"}
        )
    for user in older[:2]:
        answer(task, user, {single: "b", multiple: ["a"], text: "Vanhempi"}, other={single: "Jotain muuta"})
    return survey


def test_it_counts_participation_in_total_and_per_task(filled):
    period, task, *_ = filled
    figures = participation(period, k=5)
    assert (figures["invited"], figures["started"], figures["finished"]) == (9, 8, 8)
    assert figures["tasks"] == [{"id": task.pk, "title": task.title, "invited": 9, "started": 8, "finished": 8}]


def test_it_hides_a_small_background_group_and_its_partner(filled):
    period, *_ = filled
    age = participation(period, k=5)["by_variable"]["age_group"]
    groups = {g["value"]: g for g in age["groups"]}
    # 3 members aged 65–74 is under k; hiding it alone would leave it as total minus 6, so 35–44 goes too.
    assert groups["65-74"]["hidden"] and groups["65-74"]["invited"] is None
    assert groups["35-44"]["hidden"] and groups["35-44"]["invited"] is None
    municipality = {g["value"]: g for g in participation(period, k=5)["by_variable"]["municipality"]["groups"]}
    assert municipality["Kotka"] == {
        "value": "Kotka",
        "label": "Kotka",
        "hidden": False,
        "invited": 9,
        "started": 8,
        "finished": 8,
    }


def test_it_counts_a_single_and_a_multiple_choice_question(filled):
    _period, _task, single, multiple, _text = filled
    table = question_table(single, k=5)
    assert table["n"] == 8
    assert [(r["value"], r["count"], r["pct"]) for r in table["rows"]] == [("a", 4, 50.0), ("b", 4, 50.0)]
    assert table["other"] == ["Jotain muuta", "Jotain muuta"]
    table = question_table(multiple, k=5)
    assert [(r["value"], r["count"], r["pct"]) for r in table["rows"]] == [
        ("a", 5, 62.5),
        ("b", 3, 37.5),
        ("c", 3, 37.5),
    ]


def test_it_lists_no_other_answers_from_fewer_than_k(survey):
    period, task, single, *_ = survey
    for user in respondents(period, 3):
        answer(task, user, {single: "a"}, other={single: "Salaisuus"})
    table = question_table(single, k=5)
    assert table["other"] == [] and table["other_hidden"]


def test_it_counts_scales_yes_no_likert_and_ranking(survey):
    period, task, *_ = survey
    scale = QuestionFactory(task=task, kind=QuestionKind.SCALE5)
    yesno = QuestionFactory(task=task, kind=QuestionKind.YESNO)
    likert = QuestionFactory(task=task, kind=QuestionKind.LIKERT, choices=options("Nopeus", "Hinta"))
    ranking = QuestionFactory(task=task, kind=QuestionKind.RANKING, choices=options("X", "Y"))
    users = respondents(period, 4)
    values = [
        (5, "yes", {"a": 5, "b": 1}, ["a", "b"]),
        (4, "yes", {"a": 4}, ["a", "b"]),
        (4, "no", {"a": 4, "b": 2}, ["b", "a"]),
        (1, "yes", {"b": 2}, ["a", "b"]),
    ]
    for user, (s, y, lk, rk) in zip(users, values, strict=True):
        answer(task, user, {scale: s, yesno: y, likert: lk, ranking: rk})
    assert [r["count"] for r in question_table(scale)["rows"]] == [1, 0, 0, 2, 1]
    assert [(r["value"], r["count"], r["pct"]) for r in question_table(yesno)["rows"]] == [
        ("yes", 3, 75.0),
        ("no", 1, 25.0),
    ]
    rows = question_table(likert)["likert"]
    assert rows[0]["n"] == 3 and [c["count"] for c in rows[0]["cells"]] == [0, 0, 0, 2, 1]
    assert rows[1]["n"] == 3 and [c["count"] for c in rows[1]["cells"]] == [1, 2, 0, 0, 0]
    assert [(r["value"], r["mean_rank"]) for r in question_table(ranking)["rows"]] == [("a", 1.25), ("b", 1.75)]


def test_it_crosstabulates_and_hides_small_columns_with_a_partner(filled):
    _period, _task, single, *_ = filled
    table = crosstab(single, "age_group", k=5)
    # Only 2 of the older answered: under k, hidden with its partner, so no column is shown at all.
    assert table["columns"] == [] and table["any_hidden"]
    assert [r["total"] for r in table["rows"]] == [4, 4]
    table = crosstab(single, "age_group", k=2)
    assert [c["value"] for c in table["columns"]] == ["35-44", "65-74"]
    assert [[(c["count"], c["pct"]) for c in r["cells"]] for r in table["rows"]] == [
        [(4, 66.7), (0, 0.0)],
        [(2, 33.3), (2, 100.0)],
    ]


def test_it_lists_open_answers_without_pseudonyms(filled):
    period, *_ = filled
    result = open_answers(period, k=5)
    rows = list(result["answers"])
    assert len(rows) == 8
    assert set(rows[0]) == {"id", "value", "question_id", "question__task_id", "response__member_id"}
    assert [r["value"] for r in open_answers(period, search="keski 2", k=5)["answers"]] == ["Keski 2"]


def test_it_shows_nothing_of_a_segment_under_k_or_with_a_complement_under_k(filled):
    period, *_ = filled
    # 6 aged 35–44 and 2 aged 65–74 answered: 65–74 is under k, and 35–44 is all but 2 of them.
    for value in ("65-74", "35-44"):
        result = open_answers(period, variable="age_group", value=value, k=5)
        assert result["too_few"] and list(result["answers"]) == []
    assert open_answers(period, variable="age_group", k=5)["segments"] == []
    result = open_answers(period, variable="age_group", value="35-44", k=2)
    assert not result["too_few"] and len(list(result["answers"])) == 6
    assert result["segments"] == ["35-44", "65-74"]


def test_it_searches_answers_with_finnish_letters(survey):
    period, task, _s, _m, text = survey
    for user in respondents(period, 5):
        answer(task, user, {text: "Äänestäminen on tärkeää"})
    assert len(list(open_answers(period, search="äänestä", k=5)["answers"])) == 5


def _build_queries(period) -> int:
    with CaptureQueriesContext(connection) as queries:
        report_figures(period, k=5)
    return len(queries)


@pytest.mark.parametrize("_label", ["budget"])
def test_it_builds_the_report_in_the_same_number_of_queries_for_3_and_30(sote, _label):
    counts = []
    for size in (3, 30):
        period = PeriodFactory(organisations=[sote])
        task = TaskFactory(period=period)
        single = QuestionFactory(task=task, kind=QuestionKind.SINGLE, choices=options("A", "B"))
        for user in respondents(period, size, age_group="35-44"):
            answer(task, user, {single: "a"})
        counts.append(_build_queries(period))
    assert counts[0] == counts[1]
