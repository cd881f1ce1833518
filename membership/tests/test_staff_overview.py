"""The manager's membership page: aggregates only, small groups hidden; nobody else may open it."""

from datetime import date, datetime, timedelta

import pytest
import time_machine
from django.utils import timezone

from accounts.models import Member
from conftest import make_member
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
    # At least k in all: texts show, without reasons, but only where their reason's count shows.
    # (The one who moved away used to be quoted although their count was hidden.)
    assert "Ei aikaa" in page and "Muutin Ouluun" not in page
    assert "Written feedback whose reason fewer than 5 members gave is not shown." in page
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


def leave(user, when: datetime) -> None:
    Member.objects.filter(user=user).update(left_at=timezone.make_aware(when))


def test_the_leavers_by_month_and_the_reasons_count_the_same_months(manager_client):
    for n in range(6):
        leave(make_member(f"left{n}@example.fi", f"Lähtijä {n}"), datetime(2026, 5, 3 + n, 10, 0))
    # Late on the last evening of April in Helsinki is already 1 May in UTC: it is April's leaver.
    leave(make_member("late@example.fi", "Myöhäinen"), datetime(2026, 4, 30, 23, 30))
    # An invitation never taken up and then erased has left_at too, but nobody left.
    never = make_member("never@example.fi", "Ei koskaan")
    Member.objects.filter(user=never).update(joined_at=None)
    leave(never, datetime(2026, 5, 20, 10, 0))
    ExitFeedback.objects.bulk_create(
        ExitFeedback(reason=ExitReason.TOO_LITTLE_TIME, created_on=date(2026, 5, 1)) for _ in range(6)
    )
    # Feedback older than the shown months is left out of the reasons, as its leavers are.
    ExitFeedback.objects.bulk_create(
        ExitFeedback(reason=ExitReason.MOVED, created_on=date(2025, 1, 1)) for _ in range(5)
    )
    with time_machine.travel(NOW, tick=False):
        context = manager_client.get(URL).context
    by_month = dict(context["left_per_month"])
    assert by_month[date(2026, 5, 1)] == 6 and by_month[date(2026, 4, 1)] == 1
    assert sum(by_month.values()) == 7
    assert context["feedback_total"] == 6
    counts = {row["key"]: row["count"] for row in context["reasons"]}
    assert counts[ExitReason.TOO_LITTLE_TIME] == 6 and counts[ExitReason.MOVED] == 0


def test_texts_of_a_hidden_reason_are_held_back_with_a_note(manager_client):
    feedback(ExitReason.NOT_INTERESTING, 6, "Tylsää")
    feedback(ExitReason.TOO_LITTLE_TIME, 5, "Ei aikaa")
    feedback(ExitReason.MOVED, 2, "Muutin Ouluun")
    with time_machine.travel(NOW, tick=False):
        response = manager_client.get(URL.replace("/en/", "/fi/"))
    page = response.content.decode()
    # The 2 who moved are hidden, and the 5 with them (else 13 - 6 - 5 would give the 2 away):
    # the texts of both stay out.
    assert "Tylsää" in page and "Ei aikaa" not in page and "Muutin Ouluun" not in page
    assert "Kirjallista palautetta ei näytetä, jos sen syyn on antanut alle 5 jäsentä." in page
