"""Respondent labels: one per member and report, in a random order of the report's own, never a pseudonym."""

import random

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from accounts.services import member_erase
from periods.models import QuestionKind
from periods.tests.factories import PeriodFactory, QuestionFactory, TaskFactory
from reports import respondents as labels
from reports.models import ReportRespondent
from reports.respondents import respondent_labels, respondents_number
from reports.services import report_deliver, report_for
from reports.tests.test_report_figures import answer, respondents


@pytest.fixture
def survey(sote):
    period = PeriodFactory(organisations=[sote])
    task = TaskFactory(period=period)
    text = QuestionFactory(task=task, kind=QuestionKind.TEXT)
    return period, task, text


def _numbers(report) -> dict[int, int]:
    return dict(ReportRespondent.objects.filter(report=report).values_list("member_id", "number"))


def test_respondents_are_numbered_once_from_one_in_a_random_order(survey, monkeypatch):
    monkeypatch.setattr(labels, "_random", random.Random(3))
    period, task, text = survey
    users = respondents(period, 8)
    for user in users:
        answer(task, user, {text: "Vastaus"})
    answer(task, respondents(period, 1)[0], {text: "Luonnos"}, submitted=False)
    report = report_for(period)
    assert respondents_number(report) == 8
    numbers = _numbers(report)
    assert sorted(numbers) == [u.pk for u in users], "submitted respondents only"
    assert sorted(numbers.values()) == list(range(1, 9))
    assert [numbers[u.pk] for u in users] != list(range(1, 9)), "not in the order of joining"
    assert respondents_number(report) == 0 and _numbers(report) == numbers, "never renumbered"
    late = respondents(period, 2)
    for user in late:
        answer(task, user, {text: "Myöhässä"})
    assert respondents_number(report) == 2
    assert sorted(_numbers(report)[u.pk] for u in late) == [9, 10] and _numbers(report).items() >= numbers.items()


def test_the_same_member_has_another_label_in_another_report(sote, monkeypatch):
    monkeypatch.setattr(labels, "_random", random.Random(5))
    users = None
    reports = []
    for _ in range(2):
        period = PeriodFactory(organisations=[sote])
        task = TaskFactory(period=period)
        text = QuestionFactory(task=task, kind=QuestionKind.TEXT)
        users = users or respondents(period, 10)
        for user in users:
            answer(task, user, {text: "Vastaus"})
        reports.append(report_for(period))
        respondents_number(reports[-1])
    first, second = (_numbers(report) for report in reports)
    assert first[users[0].pk] != second[users[0].pk]
    assert sum(first[u.pk] == second[u.pk] for u in users) <= 2


def test_labels_are_read_in_one_query_once_given(survey):
    period, task, text = survey
    users = respondents(period, 6)
    for user in users:
        answer(task, user, {text: "Vastaus"})
    report = report_for(period)
    ids = [u.pk for u in users]
    with translation.override("en"):
        first = respondent_labels(report, ids)
        with CaptureQueriesContext(connection) as queries:
            assert respondent_labels(report, ids) == first
    assert len(queries) == 1
    assert sorted(first.values(), key=lambda label: int(label.split()[-1])) == [f"Respondent {n}" for n in range(1, 7)]
    with translation.override("fi"):
        assert respondent_labels(report, ids[:1])[ids[0]].startswith("Vastaaja ")
    with translation.override("sv"):
        assert respondent_labels(report, ids[:1])[ids[0]].startswith("Svarande ")


def test_delivery_gives_every_respondent_a_label(survey, manager):
    period, task, text = survey
    for user in respondents(period, 5):
        answer(task, user, {text: "Vastaus"})
    report = report_deliver(report=report_for(period), actor=manager)
    assert sorted(_numbers(report).values()) == [1, 2, 3, 4, 5]


def test_an_erased_member_loses_the_labels_and_is_not_labelled_again(survey, manager_client):
    period, task, text = survey
    users = respondents(period, 5)
    for user in users:
        answer(task, user, {text: f"Vastaus {user.pk}"})
    report = report_for(period)
    respondents_number(report)
    member_erase(user=users[0], contributions=False)
    assert users[0].pk not in _numbers(report) and len(_numbers(report)) == 4
    with translation.override("en"):
        page = manager_client.get(reverse("reports:answers", args=[period.pk]))
    rows = {row["text"]: row["respondent"] for row in page.context["rows"]}
    assert rows[f"Vastaus {users[0].pk}"] == "deleted member"
    assert users[0].pk not in _numbers(report), "viewing the page gives no new label"
