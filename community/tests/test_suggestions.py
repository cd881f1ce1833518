"""Theme suggestions: members suggest, support and withdraw; managers review and the suggester is told once."""

import pytest
from django.core import mail

from audit.models import AuditEvent
from community.models import SuggestionStatus, Support, ThemeSuggestion
from community.services import SUGGESTIONS_PER_DAY
from conftest import make_member, verified_client
from notifications.models import Delivery, Kind, Notification
from periods.tests.factories import PeriodFactory

from .factories import SuggestionFactory

pytestmark = pytest.mark.django_db

LIST = "/en/community/suggestions/"
STAFF = "/en/staff/community/suggestions/"


def test_a_member_suggests_a_theme(member_client, member):
    response = member_client.post(LIST, {"title": "Ajanvaraus", "description": "Illalla verkossa"})
    assert response.status_code == 302
    suggestion = ThemeSuggestion.objects.get()
    assert suggestion.member == member and suggestion.status == SuggestionStatus.REVIEW


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"title": "", "description": "x"}, "title"),
        ({"title": "   ", "description": "x"}, "title"),
        ({"title": "x", "description": ""}, "description"),
        ({"title": "x" * 151, "description": "x"}, "title"),
        ({"title": "x", "description": "x" * 2001}, "description"),
    ],
)
def test_it_rejects_a_bad_suggestion_and_saves_nothing(member_client, data, field):
    response = member_client.post(LIST, data)
    assert response.status_code == 400
    assert field in response.context["form"].errors
    assert not ThemeSuggestion.objects.exists()


def test_over_long_text_gets_a_clear_message(member_client):
    response = member_client.post(LIST, {"title": "x", "description": "x" * 2001})
    assert "Please keep it to 2000 characters (now 2001)." in response.content.decode()


def test_suggestions_are_throttled_per_day(member_client, member):
    for n in range(SUGGESTIONS_PER_DAY):
        SuggestionFactory(member=member, title=f"t{n}")
    response = member_client.post(LIST, {"title": "One too many", "description": "x"})
    assert response.status_code == 400
    assert "at most 5 suggestions a day" in response.content.decode()
    assert ThemeSuggestion.objects.count() == SUGGESTIONS_PER_DAY


def test_members_see_others_by_pseudonym_only(member_client, other_member):
    SuggestionFactory(member=other_member, title="<script>alert(1)</script>")
    page = member_client.get(LIST).content.decode()
    assert "Kuusipuu" in page and "Resident Person" not in page and "other@example.fi" not in page
    assert "<script>alert(1)" not in page and "&lt;script&gt;" in page


def test_a_member_supports_once_and_can_take_it_back(member_client, member, other_member):
    suggestion = SuggestionFactory(member=other_member)
    url = f"{LIST}{suggestion.pk}/support/"
    member_client.post(url)
    assert Support.objects.filter(member=member, suggestion=suggestion).count() == 1
    member_client.post(url)
    assert not Support.objects.exists()


def test_one_support_per_member_is_a_database_rule(member, other_member):
    from django.db import IntegrityError, transaction

    suggestion = SuggestionFactory(member=other_member)
    Support.objects.create(member=member, suggestion=suggestion)
    with pytest.raises(IntegrityError), transaction.atomic():
        Support.objects.create(member=member, suggestion=suggestion)


def test_a_member_cannot_support_their_own_or_a_reviewed_suggestion(member_client, member, other_member):
    own = SuggestionFactory(member=member)
    reviewed = SuggestionFactory(member=other_member, status=SuggestionStatus.DECLINED, decline_reason="no")
    member_client.post(f"{LIST}{own.pk}/support/")
    member_client.post(f"{LIST}{reviewed.pk}/support/")
    assert not Support.objects.exists()


def test_support_and_withdraw_refuse_get(member_client, member):
    suggestion = SuggestionFactory(member=member)
    assert member_client.get(f"{LIST}{suggestion.pk}/support/").status_code == 405
    assert member_client.get(f"{LIST}{suggestion.pk}/withdraw/").status_code == 405
    assert ThemeSuggestion.objects.exists()


def test_a_member_withdraws_their_own_suggestion_in_review(member_client, member):
    suggestion = SuggestionFactory(member=member)
    assert member_client.post(f"{LIST}{suggestion.pk}/withdraw/").status_code == 302
    assert not ThemeSuggestion.objects.exists()


def test_a_reviewed_suggestion_cannot_be_withdrawn(member_client, member):
    suggestion = SuggestionFactory(member=member, status=SuggestionStatus.DECLINED, decline_reason="no")
    member_client.post(f"{LIST}{suggestion.pk}/withdraw/")
    assert ThemeSuggestion.objects.exists()


def test_withdrawing_someone_elses_suggestion_is_a_logged_404(member_client, other_member):
    suggestion = SuggestionFactory(member=other_member)
    assert member_client.post(f"{LIST}{suggestion.pk}/withdraw/").status_code == 404
    assert ThemeSuggestion.objects.exists()
    assert AuditEvent.objects.filter(action=AuditEvent.Action.ACCESS_DENIED).exists()


def test_an_unknown_suggestion_is_a_logged_404(member_client, manager_client):
    assert member_client.get(f"{LIST}999/").status_code == 404
    assert manager_client.get(f"{STAFF}999/").status_code == 404
    assert AuditEvent.objects.filter(action=AuditEvent.Action.ACCESS_DENIED).count() == 2


def test_staff_cannot_use_the_member_pages(manager_client):
    assert manager_client.get(LIST).status_code == 403


def test_accepting_links_the_period_and_tells_the_suggester_once(
    manager_client, manager, member, django_capture_on_commit_callbacks
):
    period = PeriodFactory()
    suggestion = SuggestionFactory(member=member)
    data = {"status": "accepted", "period": period.pk}
    with django_capture_on_commit_callbacks(execute=True):
        assert manager_client.post(f"{STAFF}{suggestion.pk}/", data).status_code == 302
    suggestion.refresh_from_db()
    assert suggestion.status == SuggestionStatus.ACCEPTED and suggestion.period == period
    assert suggestion.reviewed_by == manager
    assert Delivery.objects.filter(kind=Kind.SUGGESTION_REVIEWED, user=member).count() == 1
    assert len(mail.outbox) == 1 and period.title_fi in mail.outbox[0].body
    assert AuditEvent.objects.filter(action=AuditEvent.Action.SUGGESTION_REVIEWED).count() == 1
    # Reviewing again is refused; the member hears nothing more.
    manager_client.post(f"{STAFF}{suggestion.pk}/", {"status": "declined", "reason": "x"})
    suggestion.refresh_from_db()
    assert suggestion.status == SuggestionStatus.ACCEPTED
    assert Notification.objects.filter(user=member, kind=Kind.SUGGESTION_REVIEWED).count() == 1


def test_declining_tells_the_reason(manager_client, member, django_capture_on_commit_callbacks):
    suggestion = SuggestionFactory(member=member)
    with django_capture_on_commit_callbacks(execute=True):
        manager_client.post(f"{STAFF}{suggestion.pk}/", {"status": "declined", "reason": "Ei kuulu meille"})
    suggestion.refresh_from_db()
    assert suggestion.status == SuggestionStatus.DECLINED and suggestion.decline_reason == "Ei kuulu meille"
    assert "Ei kuulu meille" in mail.outbox[0].body


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"status": "accepted"}, "period"),
        ({"status": "accepted", "period": "999"}, "period"),
        ({"status": "declined", "reason": ""}, "reason"),
        ({"status": "declined", "reason": "   "}, "reason"),
        ({"status": "declined", "reason": "x" * 501}, "reason"),
        ({"status": "review"}, "status"),
        ({}, "status"),
    ],
)
def test_it_rejects_a_bad_review_and_changes_nothing(manager_client, member, data, field):
    suggestion = SuggestionFactory(member=member)
    response = manager_client.post(f"{STAFF}{suggestion.pk}/", data)
    assert response.status_code == 400
    assert field in response.context["form"].errors
    suggestion.refresh_from_db()
    assert suggestion.status == SuggestionStatus.REVIEW
    assert not Notification.objects.exists() and not AuditEvent.objects.filter(action="suggestion_reviewed").exists()


def test_developers_may_view_but_not_review(developer_client, member):
    suggestion = SuggestionFactory(member=member)
    assert developer_client.get(STAFF).status_code == 200
    page = developer_client.get(f"{STAFF}{suggestion.pk}/")
    assert page.status_code == 200 and "Save the decision" not in page.content.decode()
    assert developer_client.post(f"{STAFF}{suggestion.pk}/", {"status": "declined", "reason": "x"}).status_code == 403
    suggestion.refresh_from_db()
    assert suggestion.status == SuggestionStatus.REVIEW


def test_members_cannot_review(member_client, member):
    suggestion = SuggestionFactory(member=member)
    assert member_client.get(STAFF).status_code == 403
    assert member_client.post(f"{STAFF}{suggestion.pk}/", {"status": "declined", "reason": "x"}).status_code == 403


@pytest.mark.parametrize("rows", [1, 12])
def test_query_budgets_do_not_grow_with_rows(rows, member, manager_client, django_assert_max_num_queries):
    supporter = make_member("s@example.fi", "Tukija")
    period = PeriodFactory()
    for n in range(rows):
        author = make_member(f"a{n}@example.fi", f"Ehdottaja{n}")
        suggestion = SuggestionFactory(member=author, period=period if n % 2 else None)
        Support.objects.create(member=supporter, suggestion=suggestion)
    client = verified_client(member)
    with django_assert_max_num_queries(12):
        assert client.get(LIST).status_code == 200
    with django_assert_max_num_queries(12):
        assert client.get(f"{LIST}{suggestion.pk}/").status_code == 200
    with django_assert_max_num_queries(12):
        assert manager_client.get(f"{STAFF}?status=all").status_code == 200
    with django_assert_max_num_queries(12):
        assert manager_client.get(f"{STAFF}{suggestion.pk}/").status_code == 200
