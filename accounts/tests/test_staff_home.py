"""The staff home as a to-do list: what waits for this staff member first, then the staff pages by group."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from community.models import Report as PostReport
from community.tests.factories import PostFactory, TopicFactory
from membership.tests.conftest import term_of
from periods.models import Approval, Response
from periods.tests.factories import PeriodFactory, TaskFactory
from reports.models import Report
from support.tests.factories import member_request

pytestmark = pytest.mark.django_db

URL = "/fi/staff/"

MANAGER_ONLY = ["hyväksyntääsi", "moderointia", "tukipyyntö", "jäsenkausi"]


@pytest.fixture
def everything_waits(sote, rescue, member, other_member):
    """One of each to-do: a proposal, a reported post, a support request, reports, open periods, an ending term."""
    now = timezone.now()
    PeriodFactory(organisations=[sote], approval=Approval.PROPOSED, published_at=None)
    post = PostFactory(topic=TopicFactory(started_by=member), author=member)
    PostReport.objects.create(post=post, reporter=other_member, reason="Asiaton")
    member_request(member)
    closed = {"starts_at": now - timedelta(days=12), "ends_at": now - timedelta(days=2)}
    Report.objects.create(period=PeriodFactory(organisations=[sote], title_fi="Sote päättynyt", **closed))
    Report.objects.create(period=PeriodFactory(organisations=[rescue], title_fi="Pelastus päättynyt", **closed))
    soon = PeriodFactory(
        organisations=[sote], members=[member, other_member], title_fi="Sote auki", ends_at=now + timedelta(days=1)
    )
    Response.objects.create(task=TaskFactory(period=soon), member=member, submitted_at=now)
    PeriodFactory(organisations=[rescue], members=[member], title_fi="Pelastus auki")
    term_of(member, timezone.localdate() + timedelta(days=10))


def test_a_manager_sees_everything_that_waits_in_finnish(manager_client, everything_waits):
    html = manager_client.get(URL).content.decode()
    assert "Odottaa sinua" in html
    for text in [
        "1 ehdotus odottaa hyväksyntääsi",
        "1 ilmoitettu viesti odottaa moderointia",
        "1 uusi tukipyyntö",
        "2 päättyneen aktiivijakson raporttia odottaa koodausta tai luovutusta",
        "kutsutuista 1/2 on vastannut (50\xa0%)",
        "1 jäsenen jäsenkausi päättyy 30 päivän sisällä",
    ]:
        assert text in html, text
    assert 'class="todo-urgent"' in html  # the period that closes tomorrow
    assert html.index("Sote auki") < html.index("ehdotus")  # what closes soon comes first
    assert f'href="{reverse("periods:staff_approvals")}"' in html
    assert "Mikään ei odota sinua" not in html


def test_a_developer_never_sees_manager_items_or_another_organisations_periods(developer_client, everything_waits):
    html = developer_client.get(URL).content.decode()
    assert "1 päättyneen aktiivijakson raportti odottaa koodausta tai luovutusta" in html
    assert "Sote auki" in html
    assert "Pelastus" not in html
    for text in MANAGER_ONLY:
        assert text not in html, text


def test_the_other_organisations_developer_sees_only_their_own(outsider_client, everything_waits):
    html = outsider_client.get(URL).content.decode()
    assert "1 päättyneen aktiivijakson raportti" in html and "Pelastus auki" in html
    assert "Sote" not in html
    for text in MANAGER_ONLY:
        assert text not in html, text


def test_it_says_so_when_nothing_waits(manager_client):
    html = manager_client.get(URL).content.decode()
    assert "Mikään ei odota sinua juuri nyt." in html
    assert "todo-list" not in html


def test_it_has_a_query_budget_for_a_manager_with_everything_waiting(
    manager_client, everything_waits, database_queue, django_assert_max_num_queries
):
    # The page's own three, seven COUNTs for the to-do list, three for the background queue.
    with django_assert_max_num_queries(15):
        assert manager_client.get(URL).status_code == 200


def test_the_staff_pages_are_grouped_under_headings(manager_client, developer_client):
    html = manager_client.get(URL).content.decode()
    headings = ["Ihmiset", "Haut, aktiivijaksot ja raportit", "Yhteisö", "Tuki ja ylläpito"]
    positions = [html.index(f">{heading}</h3>") for heading in headings]
    assert positions == sorted(positions)
    assert 'class="tiles"' not in html
    assert f'href="{reverse("accounts:member_list")}"' in html
    developer = developer_client.get(URL).content.decode()
    assert f'href="{reverse("accounts:member_list")}"' not in developer
