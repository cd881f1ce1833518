"""From quotas to invitations: compute the lottery, draw with a seed, invite, tell the others."""

import json
import re

import pytest
from django.core import mail
from django.test import Client

from accounts.models import User
from audit.models import AuditEvent
from recruitment.models import Application, Quota, SelectionRun
from recruitment.quotas import quotas_save, quotas_suggest
from recruitment.selection import draw_index
from recruitment.tests.factories import ApplicationFactory, RoundFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def ready_round():
    round = RoundFactory(target_size=6, municipalities=["Kotka", "Kouvola"])
    for n in range(14):
        ApplicationFactory(
            round=round,
            municipality="Kouvola" if n % 5 in (0, 1) else "Kotka",
            age_group=["16-24", "45-54", "75+"][n % 3],
            gender=["female", "male"][n % 2],
            reserve_consent=n % 4 == 0,
        )
    quotas_save(round=round, quotas=quotas_suggest(round))
    return round


def start(client, round, capture):
    with capture(execute=True):
        return client.post(f"/fi/staff/recruitment/{round.pk}/selection/start/")


def test_the_whole_selection_from_lottery_to_invitations(
    manager_client, manager, ready_round, django_capture_on_commit_callbacks, django_assert_max_num_queries
):
    assert start(manager_client, ready_round, django_capture_on_commit_callbacks).status_code == 302
    run = SelectionRun.objects.get()
    assert run.status == "done", run.error
    assert len(run.panels) == 1000 and all(len(panel) == 6 for panel in run.panels)
    assert sum(run.probabilities.values()) == pytest.approx(6, abs=0.01)
    assert run.figures["min_probability"] >= run.figures["greedy_min_probability"]
    with django_assert_max_num_queries(20):
        page = manager_client.get(f"/fi/staff/recruitment/{ready_round.pk}/selection/")
    assert len(page.context["page"]) == 14
    assert AuditEvent.objects.filter(action="selection_run").exists()

    response = manager_client.post(
        f"/fi/staff/recruitment/{ready_round.pk}/selection/{run.pk}/draw/", {"seed": "Lotto 37/2026"}
    )
    assert response.status_code == 302
    run.refresh_from_db()
    assert run.drawn_index == draw_index(1000, "Lotto 37/2026")
    selected = set(Application.objects.filter(status="selected").values_list("pk", flat=True))
    assert selected == set(run.panels[run.drawn_index])
    reserve = list(
        Application.objects.filter(status="reserve").order_by("reserve_rank").values_list("reserve_rank", flat=True)
    )
    assert reserve == list(range(1, 9))
    # Drawing twice is refused: the published seed decides once.
    manager_client.post(f"/fi/staff/recruitment/{ready_round.pk}/selection/{run.pk}/draw/", {"seed": "another"})
    run.refresh_from_db()
    assert run.seed == "Lotto 37/2026"

    lottery = json.loads(
        manager_client.get(f"/fi/staff/recruitment/{ready_round.pk}/selection/{run.pk}/lottery.json").content
    )
    assert lottery["panels"][draw_index(len(lottery["panels"]), lottery["seed"])] == [
        f"A{pk}" for pk in run.panels[run.drawn_index]
    ]

    with django_capture_on_commit_callbacks(execute=True):
        manager_client.post(f"/fi/staff/recruitment/{ready_round.pk}/selection/{run.pk}/invite/")
    assert Application.objects.filter(status="invited", member__isnull=False).count() == 6
    invited = Application.objects.filter(status="invited").first()
    assert User.objects.get(pk=invited.member_id).member.municipality == invited.municipality
    assert len(mail.outbox) == 14
    others = [m for m in mail.outbox if "/join/reserve/" in m.body]
    assert len(others) == 8

    # A person not selected answers the reserve question through their own link.
    link = re.search(r"http://testserver(/\S+/join/reserve/\S+/)", others[0].body).group(1)
    visitor = Client()
    assert visitor.get(link).status_code == 200
    visitor.post(link, {"stay": "yes"})
    assert Application.objects.get(email=others[0].to[0]).reserve_consent
    assert visitor.get(link[:-5] + "xxxx/").status_code == 404


def test_quotas_that_cannot_be_met_give_a_clear_message_and_no_run(
    manager_client, ready_round, django_capture_on_commit_callbacks
):
    Quota.objects.filter(round=ready_round, feature="age_group", value="75+").update(minimum=6, maximum=6)
    response = start(manager_client, ready_round, django_capture_on_commit_callbacks)
    assert response.status_code == 302
    assert not SelectionRun.objects.exists()
    page = manager_client.get(f"/fi/staff/recruitment/{ready_round.pk}/selection/")
    assert "75+" in page.content.decode()


def test_an_excluded_applicant_is_left_out_and_an_included_one_is_in_every_panel(
    manager_client, ready_round, django_capture_on_commit_callbacks
):
    applications = list(Application.objects.filter(round=ready_round).order_by("pk"))
    out, inside = applications[0], applications[1]
    for application, kind in ((out, "exclude"), (inside, "include")):
        assert (
            manager_client.post(
                f"/fi/staff/recruitment/{ready_round.pk}/applicants/{application.pk}/override/",
                {"kind": kind, "reason": ""},
            ).status_code
            == 200
        )
        manager_client.post(
            f"/fi/staff/recruitment/{ready_round.pk}/applicants/{application.pk}/override/",
            {"kind": kind, "reason": "Moved away" if kind == "exclude" else "Needed for the rescue tasks"},
        )
    start(manager_client, ready_round, django_capture_on_commit_callbacks)
    run = SelectionRun.objects.get()
    assert run.status == "done", run.error
    assert all(inside.pk in panel and out.pk not in panel for panel in run.panels)
    assert AuditEvent.objects.filter(action="selection_override").count() == 2


def test_only_managers_reach_the_selection(developer_client, ready_round):
    assert developer_client.get(f"/fi/staff/recruitment/{ready_round.pk}/selection/").status_code == 403
    assert developer_client.post(f"/fi/staff/recruitment/{ready_round.pk}/selection/start/").status_code == 403


def test_another_rounds_run_is_404(manager_client, ready_round, django_capture_on_commit_callbacks):
    start(manager_client, ready_round, django_capture_on_commit_callbacks)
    other = RoundFactory()
    run = SelectionRun.objects.get()
    assert (
        manager_client.post(f"/fi/staff/recruitment/{other.pk}/selection/{run.pk}/draw/", {"seed": "x"}).status_code
        == 404
    )
