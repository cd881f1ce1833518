"""The round page's "next step" box: applications → quotas → selection → draw → invitations."""

from datetime import timedelta

import pytest
from django.utils import timezone

from core.tests.next_step import next_step_box
from recruitment.models import ApplicationStatus, Quota, SelectionRun
from recruitment.tests.factories import ApplicationFactory, RoundFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def closed_round():
    now = timezone.now()
    return RoundFactory(opens_at=now - timedelta(days=20), closes_at=now - timedelta(days=1))


def _run(round, manager, **fields):
    return SelectionRun.objects.create(**{"round": round, "created_by": manager, "size": 2, "status": "done", **fields})


def _page(client, round):
    return client.get(f"/fi/staff/recruitment/{round.pk}/")


def test_it_shows_the_open_round_s_closing_time(manager_client):
    round = RoundFactory(closes_at=timezone.now() + timedelta(days=3))
    page = _page(manager_client, round)
    assert page.context["next_step"].stage == "applying"
    assert "Seuraava vaihe" in next_step_box(page)
    assert f"/fi/staff/recruitment/{round.pk}/applicants/" in next_step_box(page)


def test_it_asks_for_quotas_once_the_round_closes(manager_client, closed_round):
    page = _page(manager_client, closed_round)
    assert page.context["next_step"].stage == "quotas"
    assert f'href="/fi/staff/recruitment/{closed_round.pk}/quotas/"' in next_step_box(page)
    assert "Aseta kiintiöt" in next_step_box(page)


def test_it_asks_to_run_the_selection_once_quotas_are_set(manager_client, closed_round, manager):
    Quota.objects.create(round=closed_round, feature="gender", value="female", minimum=1, maximum=2)
    _run(closed_round, manager, status=SelectionRun.Status.FAILED)
    page = _page(manager_client, closed_round)
    assert page.context["next_step"].stage == "selection"
    assert f'href="/fi/staff/recruitment/{closed_round.pk}/selection/"' in next_step_box(page)


def test_it_asks_to_draw_and_then_to_invite(manager_client, closed_round, manager):
    Quota.objects.create(round=closed_round, feature="gender", value="female", minimum=1, maximum=2)
    run = _run(closed_round, manager)
    assert _page(manager_client, closed_round).context["next_step"].stage == "draw"
    run.drawn_at = timezone.now()
    run.save()
    selected = ApplicationFactory(round=closed_round, status=ApplicationStatus.SELECTED)
    page = _page(manager_client, closed_round)
    assert page.context["next_step"].stage == "invite"
    assert "Lähetä kutsut" in next_step_box(page)
    selected.status = ApplicationStatus.INVITED
    selected.save()
    assert _page(manager_client, closed_round).context["next_step"].stage == "done"


def test_the_box_costs_at_most_one_query_more_than_the_page_s_five(
    manager_client, closed_round, manager, django_assert_max_num_queries
):
    Quota.objects.create(round=closed_round, feature="gender", value="female", minimum=1, maximum=2)
    _run(closed_round, manager, drawn_at=timezone.now())
    with django_assert_max_num_queries(6):
        _page(manager_client, closed_round)


def test_a_developer_is_not_offered_the_round_s_steps(developer_client, closed_round):
    assert _page(developer_client, closed_round).status_code == 403
