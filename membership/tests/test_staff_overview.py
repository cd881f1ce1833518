"""The manager's membership page: aggregates only, small groups hidden; nobody else may open it."""

from datetime import datetime, timedelta

import pytest
import time_machine
from django.utils import timezone

from accounts.models import Member
from membership.models import ExitFeedback, ExitReason

from .conftest import TODAY, term_of

pytestmark = pytest.mark.django_db

URL = "/en/staff/membership/"
NOW = datetime(TODAY.year, TODAY.month, TODAY.day, 12, 0).astimezone()


def feedback(reason: str, count: int, text: str = "") -> None:
    for _ in range(count):
        ExitFeedback.objects.create(reason=reason, text=text, created_on=TODAY)


@pytest.mark.parametrize("who", ["developer_client", "outsider_client", "member_client"])
def test_only_managers_may_open_it(who, request):
    assert request.getfixturevalue(who).get(URL).status_code == 403


def test_it_is_linked_from_the_manager_home_only(manager_client, developer_client):
    assert 'href="/en/staff/membership/"' in manager_client.get("/en/staff/").content.decode()
    assert 'href="/en/staff/membership/"' not in developer_client.get("/en/staff/").content.decode()


def test_few_feedbacks_are_all_hidden_and_texts_not_shown(manager_client):
    feedback(ExitReason.MOVED, 2, "Muutin Ouluun kesäkuussa")
    feedback(ExitReason.OTHER, 1)
    page = manager_client.get(URL).content.decode()
    assert "fewer than 5" in page
    assert "Muutin Ouluun" not in page
    assert "The written feedback is shown once at least 5 members" in page


def test_large_groups_show_small_ones_hide_with_a_partner(manager_client, django_assert_max_num_queries):
    feedback(ExitReason.TOO_LITTLE_TIME, 7, "Ei aikaa")
    feedback(ExitReason.NOT_INTERESTING, 6)
    feedback(ExitReason.MOVED, 1, "Muutin Ouluun")
    with time_machine.travel(NOW, tick=False), django_assert_max_num_queries(12):
        response = manager_client.get(URL)
    page = response.content.decode()
    # The one who moved away is hidden, and so is the 6: else the total minus 7 and 6 would be 1.
    assert ">7<" in page and ">6<" not in page and ">1<" not in page
    assert ">14<" in page  # the total
    assert ">0<" in page  # reasons nobody gave are shown: an empty group singles nobody out
    assert "Ei aikaa" in page and "Muutin Ouluun" in page  # at least k in all: texts show, without reasons
    assert TODAY.isoformat() not in page and TODAY.strftime("%d.%m.%Y") not in page


def test_it_counts_terms_ending_soon_and_leavers_by_month(manager_client, member, other_member):
    term_of(member, TODAY + timedelta(days=30))
    term_of(other_member, TODAY + timedelta(days=200))
    Member.objects.filter(user=other_member).update(left_at=timezone.make_aware(datetime(2026, 5, 3, 10, 0)))
    with time_machine.travel(NOW, tick=False):
        page = manager_client.get(URL).content.decode()
    assert "1 membership term ends in the next 60 days" in page
    assert "May 2026" in page


def test_a_lone_small_group_is_hidden_with_a_partner():
    from membership.stats import exit_reasons

    ExitFeedback.objects.bulk_create(
        ExitFeedback(reason=reason, created_on=TODAY)
        for reason, count in [*((r, 5 + i) for i, r in enumerate(ExitReason.values)), ("", 2)]
        for _ in range(count)
    )
    rows, total, total_hidden = exit_reasons(5)
    hidden = [row for row in rows if row["count"] is None]
    assert [row["not_given"] for row in hidden] == [False, True]
    assert hidden[0]["label"] == ExitReason.TOO_LITTLE_TIME.label  # the next smallest (5)
    assert not total_hidden and total == sum(5 + i for i in range(len(ExitReason.values))) + 2


def test_a_script_in_an_exit_text_shows_escaped(manager_client):
    feedback(ExitReason.OTHER, 5, '<script>alert(1)</script><img src=x onerror="alert(2)">')
    page = manager_client.get(URL).content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<script>alert" not in page and "<img src=x" not in page
