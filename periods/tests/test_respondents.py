"""Respondent labels: one per member and period, in a random order of the period's own, never a pseudonym."""

import random
from itertools import count

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from accounts.services import member_data_export, member_erase
from conftest import make_member
from periods import respondents as labels
from periods.models import Participant, PeriodRespondent, Post, Response, Statement
from periods.respondents import respondent_labels, respondent_names, respondents_number
from periods.tests.factories import PeriodFactory, TaskFactory

pytestmark = pytest.mark.django_db

_seq = count()


def invited(period, how_many: int) -> list:
    users = [make_member(f"l{n}@example.fi", f"Nimimerkki{n}") for n in (next(_seq) for _ in range(how_many))]
    Participant.objects.bulk_create([Participant(period=period, member=user) for user in users])
    return users


def _numbers(period) -> dict[int, int]:
    return dict(PeriodRespondent.objects.filter(period=period).values_list("member_id", "number"))


def test_the_periods_members_are_numbered_once_from_one_in_a_random_order(sote, monkeypatch, developer):
    monkeypatch.setattr(labels, "_random", random.Random(3))
    period = PeriodFactory(organisations=[sote])
    survey, discussion = TaskFactory(period=period), TaskFactory(period=period, kind="discussion")
    users = invited(period, 8)
    # Not invited (added by hand, say), yet on the staff pages: a starter, a poster, a statement author.
    starter, poster, author = (make_member(f"extra{n}@example.fi", f"Muu{n}") for n in range(3))
    Response.objects.create(task=survey, member=starter)
    Post.objects.create(task=discussion, author=poster, text="Ajatus")
    Statement.objects.create(task=TaskFactory(period=period, kind="statements"), author=author, text_fi="Väite")
    Statement.objects.create(task=survey, author=None, text_fi="Henkilöstön väite")
    erased = invited(period, 1)[0]
    member_erase(user=erased, contributions=False)
    everyone = [*users, starter, poster, author]
    assert respondents_number(period) == 11
    numbers = _numbers(period)
    assert sorted(numbers) == sorted(u.pk for u in everyone), "members only: no staff, nobody erased"
    assert sorted(numbers.values()) == list(range(1, 12))
    assert [numbers[u.pk] for u in everyone] != list(range(1, 12)), "not in the order of joining"
    assert respondents_number(period) == 0 and _numbers(period) == numbers, "never renumbered"
    late = invited(period, 2)
    assert respondents_number(period) == 2
    assert sorted(_numbers(period)[u.pk] for u in late) == [12, 13] and _numbers(period).items() >= numbers.items()


def test_the_same_member_has_another_label_in_another_period(sote, monkeypatch):
    monkeypatch.setattr(labels, "_random", random.Random(5))
    periods = [PeriodFactory(organisations=[sote]) for _ in range(2)]
    users = invited(periods[0], 10)
    Participant.objects.bulk_create([Participant(period=periods[1], member=user) for user in users])
    first, second = (respondents_number(period) and _numbers(period) for period in periods)
    assert first[users[0].pk] != second[users[0].pk]
    assert sum(first[u.pk] == second[u.pk] for u in users) <= 2


def test_labels_are_read_in_one_query_once_given_in_each_language(sote):
    period = PeriodFactory(organisations=[sote])
    ids = [user.pk for user in invited(period, 6)]
    with translation.override("en"):
        first = respondent_labels(period, ids)
        with CaptureQueriesContext(connection) as queries:
            assert respondent_labels(period, ids) == first
    assert len(queries) == 1
    assert sorted(first.values(), key=lambda label: int(label.split()[-1])) == [f"Respondent {n}" for n in range(1, 7)]
    with translation.override("fi"):
        assert respondent_labels(period, ids[:1])[ids[0]].startswith("Vastaaja ")
    with translation.override("sv"):
        assert respondent_labels(period, ids[:1])[ids[0]].startswith("Svarande ")


def test_managers_see_pseudonyms_developers_labels_and_staff_names_stay(sote, manager, developer):
    period = PeriodFactory(organisations=[sote])
    users = invited(period, 3)
    with CaptureQueriesContext(connection) as queries:
        shown = respondent_names(manager, period, [*users, developer, None])
    assert len(queries) == 0 and not PeriodRespondent.objects.exists()
    assert [shown[u.pk] for u in users] == [u.display_name for u in users]
    with translation.override("en"):
        shown = respondent_names(developer, period, [*users, developer, None])
    numbers = _numbers(period)
    assert [shown[u.pk] for u in users] == [f"Respondent {numbers[u.pk]}" for u in users]
    assert shown[developer.pk] == developer.display_name and developer.pk not in numbers


def test_an_erased_member_loses_every_label_and_is_not_labelled_again(sote, developer):
    periods = [PeriodFactory(organisations=[sote]) for _ in range(2)]
    users = invited(periods[0], 4)
    Participant.objects.create(period=periods[1], member=users[0])
    for period in periods:
        respondents_number(period)
    member_erase(user=users[0], contributions=False)
    assert not PeriodRespondent.objects.filter(member=users[0]).exists()
    users[0].refresh_from_db()
    with translation.override("en"), CaptureQueriesContext(connection) as queries:
        assert respondent_names(developer, periods[0], users)[users[0].pk] == "deleted member"
    assert len(queries) == 2, "the labels, and a look that finds nobody to label: no lock"
    assert not PeriodRespondent.objects.filter(member=users[0]).exists(), "reading gives no new label"
    assert len(_numbers(periods[0])) == 3


@pytest.mark.parametrize("contributions", [False, True])
def test_both_erasure_modes_remove_the_labels_and_the_export_lists_them(sote, contributions):
    period = PeriodFactory(organisations=[sote])
    member = invited(period, 1)[0]
    respondents_number(period)
    number = PeriodRespondent.objects.get(member=member).number
    with translation.override("fi"):
        exported = member_data_export(user=member)["periods"]["respondent_labels"]
    assert exported == [{"period": period.title, "label": f"Vastaaja {number}"}]
    member_erase(user=member, contributions=contributions)
    assert not PeriodRespondent.objects.filter(member=member).exists()
