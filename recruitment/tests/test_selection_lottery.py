"""The transparent lottery, the draw, the fairness figures and the greedy baseline."""

import hashlib
import json
import random

import pytest

from recruitment.selection import (
    build_problem,
    check_quotas,
    compute_lottery,
    draw,
    draw_index,
    estimate_greedy_chances,
    fairness_figures,
    greedy_panel,
)


def skewed_pool(n: int, seed: int = 3) -> dict[str, dict[str, str]]:
    rng = random.Random(seed)
    return {
        f"p{i}": {
            "age": rng.choices(["young", "middle", "old"], weights=[1, 4, 5])[0],
            "place": rng.choices(["town", "city", "village"], weights=[3, 5, 2])[0],
            "tongue": rng.choices(["fi", "sv"], weights=[9, 1])[0],
        }
        for i in range(n)
    }


QUOTAS = {
    "age": {"young": (2, 4), "middle": (3, 5), "old": (3, 5)},
    "place": {"town": (2, 5), "city": (3, 6), "village": (1, 3)},
    "tongue": {"fi": (8, 11), "sv": (1, 2)},
}


@pytest.fixture(scope="module")
def lottery():
    return compute_lottery(skewed_pool(80), QUOTAS, 12, lottery_size=500, greedy_runs=300, seed=4)


def test_it_rounds_to_m_panels_keeping_everyone_within_a_few_panels_of_the_lp(lottery):
    m = 500
    assert len(lottery.panels) == m
    for person, chance in lottery.probabilities.items():
        assert abs(chance - lottery.lp_probabilities[person]) <= 2.5 / m
    figures = lottery.figures
    assert figures["min_probability"] >= figures["lp_min_probability"] - 2 / m
    assert figures["mean_probability"] == pytest.approx(12 / 80)


def test_it_rounds_to_panels_that_all_meet_the_quotas(lottery):
    pool = skewed_pool(80)
    for panel in lottery.panels:
        assert len(set(panel)) == 12
        for feature, values in QUOTAS.items():
            for value, (low, high) in values.items():
                assert low <= sum(pool[p][feature] == value for p in panel) <= high


def test_it_reproduces_the_draw_from_the_stored_panels_and_seed_alone(lottery, tmp_path):
    seed = "Lotto 2026-09-12: 3 7 12 19 25 31 36"
    stored = tmp_path / "lottery.json"
    stored.write_text(json.dumps({"panels": lottery.panels, "seed": seed}))
    # An auditor: only the file and the published method, no LP.
    audit = json.loads(stored.read_text())
    index = int(hashlib.sha256(audit["seed"].encode("utf-8")).hexdigest(), 16) % len(audit["panels"])
    assert draw(audit["panels"], audit["seed"]) == audit["panels"][index] == lottery.panels[index]
    assert draw_index(len(lottery.panels), seed) == index
    assert draw(lottery.panels, "another seed") == draw(audit["panels"], "another seed")
    with pytest.raises(ValueError, match="no panels"):
        draw([], seed)


def test_it_publishes_the_figures_and_beats_the_greedy_filler(lottery):
    figures = lottery.figures
    assert figures["stages_done"] >= 1
    assert figures["panels"] <= 500
    assert figures["lp_min_probability"] >= figures["greedy_min_probability"]
    assert figures["lp_gini"] <= figures["greedy_gini"]
    assert set(lottery.greedy_probabilities) == set(lottery.probabilities)


def test_it_fills_greedy_panels_that_meet_the_quotas_and_estimates_their_chances():
    pool = skewed_pool(80)
    problem = build_problem(pool, QUOTAS, 12)
    check_quotas(problem)
    import numpy as np

    panel = greedy_panel(problem, np.random.default_rng(1))
    assert panel is not None and panel.sum() == 12
    chances = estimate_greedy_chances(pool, QUOTAS, 12, runs=200, seed=2)
    assert sum(chances.values()) == pytest.approx(12)
    assert chances == estimate_greedy_chances(pool, QUOTAS, 12, runs=200, seed=2)


def test_it_computes_the_lowest_and_mean_chance_and_gini():
    figures = fairness_figures({"a": 0.5, "b": 0.5, "c": 0.0, "d": 1.0})
    assert figures["min_probability"] == 0.0
    assert figures["mean_probability"] == pytest.approx(0.5)
    # Σ|x_i − x_j| over ordered pairs / (2 n² mean) = 6 / (2 · 16 · 0.5)
    assert figures["gini"] == pytest.approx(0.375)
    assert fairness_figures({})["gini"] == 0.0
