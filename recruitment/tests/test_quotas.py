import pytest

from recruitment.models import Quota
from recruitment.quotas import quota_problems, quotas_suggest
from recruitment.tests.factories import ApplicationFactory, RoundFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def pool_round():
    round = RoundFactory(target_size=10, municipalities=["Kotka", "Kouvola"])
    ApplicationFactory.create_batch(12, round=round, municipality="Kouvola", age_group="65-74", gender="female")
    ApplicationFactory.create_batch(8, round=round, municipality="Kotka", age_group="25-34", gender="undisclosed")
    return round


def test_the_suggestion_follows_population_shares_and_is_feasible(pool_round):
    suggestion = quotas_suggest(pool_round)
    kotka, kouvola = suggestion["municipality"]["Kotka"], suggestion["municipality"]["Kouvola"]
    # Kouvola has 61 % of the two towns' people: about 6 of 10, give or take a quarter.
    assert kouvola == (4, 8) and kotka == (2, 5)
    # Values nobody applied with get no seats.
    assert suggestion["age_group"]["16-24"] == (0, 0)
    assert quota_problems(pool_round, suggestion) == []


def test_problems_name_the_variable_and_value(pool_round):
    quotas = {"municipality": {"Kotka": (9, 10), "Kouvola": (4, 10)}, "age_group": {"16-24": (1, 2)}}
    problems = " ".join(quota_problems(pool_round, quotas))
    assert "Municipality" in problems or "Kunta" in problems
    assert "16–24" in problems


def test_a_manager_saves_quotas_and_bad_input_changes_nothing(manager_client, pool_round):
    page = manager_client.get(f"/fi/staff/recruitment/{pool_round.pk}/quotas/")
    assert page.status_code == 200 and page.context["showing_suggestion"]
    data = {name: field.initial for name, field in page.context["form"].fields.items()}
    bad = {**data, "q0_min": "5", "q0_max": "2"}
    assert manager_client.post(f"/fi/staff/recruitment/{pool_round.pk}/quotas/", bad).status_code == 200
    assert not Quota.objects.exists()
    assert manager_client.post(f"/fi/staff/recruitment/{pool_round.pk}/quotas/", data).status_code == 302
    assert Quota.objects.filter(round=pool_round).count() == len(page.context["form"].rows)
    assert not manager_client.get(f"/fi/staff/recruitment/{pool_round.pk}/quotas/").context["showing_suggestion"]


def test_developers_cannot_set_quotas(developer_client, pool_round):
    assert developer_client.get(f"/fi/staff/recruitment/{pool_round.pk}/quotas/").status_code == 403
