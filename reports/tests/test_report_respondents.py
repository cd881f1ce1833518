"""A report shows its period's respondent labels (periods.respondents), never pseudonyms.

How labels are numbered is tested in periods/tests/test_respondents.py; here, what a report adds:
delivery labels everyone, the answers page shows the labels, an erased member shows as deleted.
"""

import pytest
from django.urls import reverse
from django.utils import translation

from accounts.services import member_erase
from periods.models import PeriodRespondent, QuestionKind
from periods.respondents import respondents_number
from periods.tests.factories import PeriodFactory, QuestionFactory, TaskFactory
from reports.services import report_for
from reports.tests.delivery import deliver_built
from reports.tests.test_report_figures import answer, respondents


@pytest.fixture
def survey(sote):
    period = PeriodFactory(organisations=[sote])
    task = TaskFactory(period=period)
    text = QuestionFactory(task=task, kind=QuestionKind.TEXT)
    return period, task, text


def _numbers(period) -> dict[int, int]:
    return dict(PeriodRespondent.objects.filter(period=period).values_list("member_id", "number"))


def test_delivery_gives_every_respondent_a_label(survey, manager):
    period, task, text = survey
    for user in respondents(period, 5):
        answer(task, user, {text: "Vastaus"})
    deliver_built(report_for(period), manager)
    assert sorted(_numbers(period).values()) == [1, 2, 3, 4, 5]


def test_the_answers_page_shows_the_periods_labels(survey, developer_client):
    period, task, text = survey
    users = respondents(period, 5)
    for user in users:
        answer(task, user, {text: f"Vastaus {user.pk}"})
    with translation.override("en"):
        page = developer_client.get(reverse("reports:answers", args=[period.pk]))
    numbers = _numbers(period)
    rows = {row["text"]: row["respondent"] for row in page.context["rows"]}
    assert rows == {f"Vastaus {u.pk}": f"Respondent {numbers[u.pk]}" for u in users}


def test_an_erased_member_loses_the_labels_and_is_not_labelled_again(survey, manager_client):
    period, task, text = survey
    users = respondents(period, 5)
    for user in users:
        answer(task, user, {text: f"Vastaus {user.pk}"})
    respondents_number(period)
    member_erase(user=users[0], contributions=False)
    assert users[0].pk not in _numbers(period) and len(_numbers(period)) == 4
    with translation.override("en"):
        page = manager_client.get(reverse("reports:answers", args=[period.pk]))
    rows = {row["text"]: row["respondent"] for row in page.context["rows"]}
    assert rows[f"Vastaus {users[0].pk}"] == "deleted member"
    assert users[0].pk not in _numbers(period), "viewing the page gives no new label"
