"""The report reads a bounded number of queries, however many questions and members a period has.

report_figures reads every closed answer of a period at once (reports.figures.closed_figures) and
counts in Python; these tests pin that: the same number of queries for 2 and for 6 questions, for
5 and for 25 members, the same numbers as the one-question functions, and the report page within
a fixed budget.
"""

import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import Member
from periods.models import QuestionKind
from periods.tests.factories import PeriodFactory, QuestionFactory, TaskFactory, options
from reports.figures import closed_figures, crosstabs, question_table, report_figures
from reports.models import Report
from reports.tests.test_report_figures import answer, respondents

KINDS = [
    QuestionKind.SINGLE,
    QuestionKind.MULTIPLE,
    QuestionKind.SCALE5,
    QuestionKind.YESNO,
    QuestionKind.LIKERT,
    QuestionKind.SCALE10,
    QuestionKind.RANKING,
]
AGES = ["35-44", "65-74", "16-24"]


def _value(kind: str, i: int):
    return {
        QuestionKind.SINGLE: "__other__" if i % 4 == 3 else "ab"[i % 2],
        QuestionKind.MULTIPLE: ["a", "b"] if i % 2 else ["c"],
        QuestionKind.SCALE5: 1 + i % 5,
        QuestionKind.YESNO: "yes" if i % 3 else "no",
        QuestionKind.LIKERT: {"a": 1 + i % 5, "b": 5 - i % 5},
        QuestionKind.SCALE10: i % 11,
        QuestionKind.RANKING: ["a", "b", "c"] if i % 2 else ["c", "a", "b"],
    }[kind]


def make_period(sote, *, questions: int, members: int, tasks: int = 2):
    """A period of `tasks` surveys sharing `questions` closed questions of mixed kinds, all answered."""
    period = PeriodFactory(organisations=[sote])
    surveys = [TaskFactory(period=period) for _ in range(tasks)]
    closed = [
        QuestionFactory(
            task=surveys[n % tasks],
            kind=KINDS[n % len(KINDS)],
            choices=options("Rivi A", "Rivi B")
            if KINDS[n % len(KINDS)] == QuestionKind.LIKERT
            else options("A", "B", "C"),
            allow_other=KINDS[n % len(KINDS)] == QuestionKind.SINGLE,
        )
        for n in range(questions)
    ]
    texts = [QuestionFactory(task=task, kind=QuestionKind.TEXT) for task in surveys]
    users = []
    for i in range(members):
        users += respondents(period, 1, age_group=AGES[i % len(AGES)], municipality="Kotka" if i % 2 else "Kouvola")
    for i, user in enumerate(users):
        for task, text in zip(surveys, texts, strict=True):
            values = {q: _value(q.kind, i) for q in closed if q.task_id == task.pk}
            values[text] = f"Vastaus {i}"
            others = {q: f"Muuta {i}" for q, v in values.items() if v == "__other__"}
            answer(task, user, values, submitted=i != 0, other=others)
    return period


def _queries(call) -> int:
    with CaptureQueriesContext(connection) as captured:
        call()
    return len(captured)


def test_report_figures_read_as_many_queries_for_6_questions_as_for_2(sote):
    small = make_period(sote, questions=2, members=6)
    large = make_period(sote, questions=6, members=6)
    assert len(report_figures(large, k=2)["questions"]) == 6
    assert _queries(lambda: report_figures(small, k=2)) == _queries(lambda: report_figures(large, k=2))


def test_report_figures_read_as_many_queries_for_25_members_as_for_5(sote):
    small = make_period(sote, questions=7, members=5)
    large = make_period(sote, questions=7, members=25)
    # The first member of each period left their answers unsent: 24 of 25 count.
    assert report_figures(large, k=2)["questions"][0]["n"] == 24
    count = _queries(lambda: report_figures(small, k=2))
    assert count == _queries(lambda: report_figures(large, k=2))
    assert count <= 25


def test_the_closed_questions_take_three_queries_in_all(sote):
    period = make_period(sote, questions=7, members=8)
    questions = list(period.tasks.first().questions.exclude(kind=QuestionKind.TEXT)) + list(
        period.tasks.last().questions.exclude(kind=QuestionKind.TEXT)
    )
    with CaptureQueriesContext(connection) as captured:
        tables, tabs = closed_figures(period, questions, k=2)
    # The values, the rare "other" texts, and the respondents' backgrounds.
    assert len(captured) == 3
    assert len(tables) == 7 and len(tabs) == 7


def test_the_batched_figures_equal_the_one_question_functions(sote):
    """One read for the whole period gives exactly the tables and cross-tabs of one query per question."""
    period = make_period(sote, questions=7, members=12)
    figures = report_figures(period, k=3)
    for table in figures["questions"]:
        question = period.tasks.get(pk=table["task_id"]).questions.get(pk=table["id"])
        assert table == question_table(question, k=3)
        assert figures["crosstabs"][str(question.pk)] == crosstabs(question, k=3)
    # The numbers themselves, for the single choice: 11 sent answers, "__other__" from members 3 and 7.
    single = figures["questions"][0]
    assert single["n"] == 11
    assert [(r["value"], r["count"]) for r in single["rows"]] == [("a", 5), ("b", 3), ("c", 0)]
    assert single["other"] == ["Muuta 11", "Muuta 3", "Muuta 7"]
    # The snapshot is JSON: no numpy number may slip into it.
    assert json.loads(json.dumps(figures)) == figures


def test_a_respondent_without_a_member_profile_counts_as_not_given(sote):
    period = make_period(sote, questions=1, members=8)
    before = report_figures(period, k=1)["crosstabs"]
    question_id, tables = next(iter(before.items()))
    Member.objects.filter(user__participations__period=period, age_group="16-24").delete()
    after = crosstabs(period.tasks.first().questions.get(pk=question_id), k=1)["age_group"]
    not_given = {c["value"]: c["n"] for c in after["columns"]}
    was = {c["value"]: c["n"] for c in tables["age_group"]["columns"]}
    # The 16–24 year olds' answers still count, in the group "" (not given), not dropped.
    assert "16-24" not in not_given and not_given[""] == was["16-24"]
    assert after["n"] == tables["age_group"]["n"]


def test_bad_stored_values_count_for_nothing(sote):
    """A multiple choice or ranking answer that is not a list, and an empty single choice, add no counts."""
    period = PeriodFactory(organisations=[sote])
    task = TaskFactory(period=period)
    multiple = QuestionFactory(task=task, kind=QuestionKind.MULTIPLE, choices=options("A", "B"))
    ranking = QuestionFactory(task=task, kind=QuestionKind.RANKING, choices=options("A", "B"))
    single = QuestionFactory(task=task, kind=QuestionKind.SINGLE, choices=options("A", "B"))
    users = respondents(period, 3)
    answer(task, users[0], {multiple: "a", ranking: {"a": 1}, single: ""})
    answer(task, users[1], {multiple: ["a"], ranking: ["b", "a"], single: "b"})
    answer(task, users[2], {multiple: None, ranking: None, single: None})
    figures = report_figures(period, k=1)
    tables = {t["id"]: t for t in figures["questions"]}
    # An SQL NULL (user 2) is no answer at all; "a" instead of ["a"] is an answer that picks nothing.
    assert tables[multiple.pk]["n"] == 2 and [r["count"] for r in tables[multiple.pk]["rows"]] == [1, 0]
    assert [(r["count"], r["mean_rank"]) for r in tables[ranking.pk]["rows"]] == [(1, 2.0), (1, 1.0)]
    assert [r["count"] for r in tables[single.pk]["rows"]] == [0, 1]
    assert figures["crosstabs"][str(multiple.pk)]["age_group"]["rows"][0]["total"] == 1


@pytest.mark.parametrize("questions,members", [(2, 5), (6, 25)])
def test_the_report_page_keeps_to_its_query_budget(
    sote, manager_client, django_assert_max_num_queries, questions, members
):
    period = make_period(sote, questions=questions, members=members)
    report, _created = Report.objects.get_or_create(period=period)
    report.figures = report_figures(period)
    report.save()
    url = reverse("reports:detail", args=[period.pk])
    with django_assert_max_num_queries(12):
        response = manager_client.get(url)
    assert response.status_code == 200
    # The page shows the stored figures, and reads no answer to do so.
    with CaptureQueriesContext(connection) as captured:
        manager_client.get(url)
    assert not [q for q in captured.captured_queries if "periods_answer" in q["sql"]]


def test_the_report_page_reads_as_many_queries_for_many_questions_and_members_as_for_few(sote, manager_client):
    counts = []
    for questions, members in [(2, 5), (6, 25)]:
        period = make_period(sote, questions=questions, members=members)
        report, _created = Report.objects.get_or_create(period=period)
        report.figures = report_figures(period)
        report.save()
        url = reverse("reports:detail", args=[period.pk])
        manager_client.get(url)
        counts.append(_queries(lambda url=url: manager_client.get(url)))
    assert counts[0] == counts[1]
