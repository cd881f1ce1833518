"""The fair selection against exact answers computed by enumerating every feasible panel."""

import itertools
import random

import numpy as np
import pytest
from scipy.optimize import linprog

from recruitment.selection import (
    InfeasibleQuotas,
    build_problem,
    compute_lottery,
    draw_index,
    gini,
    greedy_probabilities,
    leximin,
    marginals,
)


def feasible_panels(people: dict, quotas: dict, size: int) -> list[tuple[str, ...]]:
    panels = []
    for panel in itertools.combinations(people, size):
        if all(
            low <= sum(people[p][feature] == value for p in panel) <= high
            for feature, values in quotas.items()
            for value, (low, high) in values.items()
        ):
            panels.append(panel)
    return panels


def exact_leximin(people: dict, quotas: dict, size: int) -> dict[str, float]:
    """LEXIMIN by definition: raise the lowest chance, fix whoever cannot go higher, repeat."""
    ids = list(people)
    panels = feasible_panels(people, quotas, size)
    incidence = np.array([[person in panel for panel in panels] for person in ids], dtype=float)
    # Whoever is in no feasible panel has chance 0, whatever the lottery.
    fixed: dict[int, float] = {i: 0.0 for i in range(len(ids)) if not incidence[i].any()}
    while len(fixed) < len(ids):
        free = [i for i in range(len(ids)) if i not in fixed]
        # Variables: panel probabilities, then z. Maximise z.
        cost = np.zeros(len(panels) + 1)
        cost[-1] = -1
        rows, bounds = [], []
        for i in free:
            rows.append(np.append(-incidence[i], 1.0))
            bounds.append(0.0)
        for i, level in fixed.items():
            rows.append(np.append(-incidence[i], 0.0))
            bounds.append(-level + 1e-9)
        equality = [np.append(np.ones(len(panels)), 0.0)]
        result = linprog(
            cost, A_ub=rows, b_ub=bounds, A_eq=equality, b_eq=[1.0], bounds=[(0, None)] * len(panels) + [(0, 1)]
        )
        z = -result.fun
        for i in free:
            # Can i go above z while every free person keeps z and the fixed keep their level?
            cost_i = np.append(-incidence[i], 0.0)
            rows_i = [np.append(-incidence[j], 0.0) for j in free] + [np.append(-incidence[j], 0.0) for j in fixed]
            bounds_i = [-z + 1e-9] * len(free) + [-level + 1e-9 for level in fixed.values()]
            best = linprog(
                cost_i,
                A_ub=rows_i,
                b_ub=bounds_i,
                A_eq=equality,
                b_eq=[1.0],
                bounds=[(0, None)] * len(panels) + [(0, 0)],
            )
            if -best.fun <= z + 1e-6:
                fixed[i] = z
    return {ids[i]: level for i, level in fixed.items()}


def random_case(seed: int) -> tuple[dict, dict, int]:
    rng = random.Random(seed)
    n = rng.randint(6, 8)
    people = {f"p{i}": {"age": rng.choice("aab"), "place": rng.choice("xyz")} for i in range(n)}
    size = rng.randint(2, 3)
    quotas = {
        "age": {"a": (1, size), "b": (1, size)},
        "place": {"x": (0, 2), "y": (0, 2), "z": (0, 1)},
    }
    return people, quotas, size


@pytest.mark.parametrize("seed", range(1, 11))
def test_it_finds_the_exact_leximin_chances_on_small_pools(seed):
    people, quotas, size = random_case(seed)
    assert feasible_panels(people, quotas, size), "these seeds give pools with feasible panels"
    expected = exact_leximin(people, quotas, size)
    result = leximin(people, quotas, size, time_cap_s=30)
    assert result.complete
    ours = result.probabilities
    assert sorted(ours.values()) == pytest.approx(sorted(expected.values()), abs=1e-5)
    assert ours == pytest.approx(expected, abs=1e-5)
    assert sum(ours.values()) == pytest.approx(size)


def test_it_gives_chance_zero_to_whoever_no_feasible_panel_contains():
    # Two "a" seats and one "b"; one "x" seat and two "y"; nobody from "z". The a-x person could only
    # sit beside a b-y person, and there is none; the a-z person is barred by the maximum of 0.
    people = {
        "a1": {"age": "a", "place": "y"},
        "a2": {"age": "a", "place": "y"},
        "a3": {"age": "a", "place": "x"},
        "az": {"age": "a", "place": "z"},
        "b1": {"age": "b", "place": "x"},
        "b2": {"age": "b", "place": "x"},
    }
    quotas = {"age": {"a": (2, 2), "b": (1, 1)}, "place": {"x": (1, 1), "y": (2, 2), "z": (0, 0)}}
    result = leximin(people, quotas, 3, time_cap_s=30)
    assert result.probabilities == pytest.approx({"a1": 1, "a2": 1, "a3": 0, "az": 0, "b1": 0.5, "b2": 0.5}, abs=1e-7)
    assert result.probabilities["a3"] == 0.0 and result.probabilities["az"] == 0.0
    assert result.complete


@pytest.mark.parametrize("seed", range(11, 17))
def test_it_matches_the_exact_leximin_when_a_category_has_maximum_zero(seed):
    people, quotas, size = random_case(seed)
    people["barred"] = {"age": "a", "place": "z"}
    quotas["place"]["z"] = (0, 0)
    if not feasible_panels(people, quotas, size):
        with pytest.raises(InfeasibleQuotas):
            leximin(people, quotas, size)
        return
    expected = exact_leximin(people, quotas, size)
    result = leximin(people, quotas, size, time_cap_s=30)
    assert result.probabilities == pytest.approx(expected, abs=1e-5)
    assert result.probabilities["barred"] == 0.0


def test_it_records_stages_and_stops_later_stages_at_the_time_cap():
    rng = random.Random(5)
    people = {f"p{i}": {"age": rng.choices("abc", weights=[8, 3, 1])[0], "place": rng.choice("xyz")} for i in range(60)}
    quotas = {"age": {"a": (2, 6), "b": (2, 4), "c": (1, 3)}, "place": {"x": (2, 5), "y": (2, 5), "z": (2, 5)}}
    full = leximin(people, quotas, 10, time_cap_s=30)
    assert full.complete and full.stages_done >= 2
    capped = leximin(people, quotas, 10, time_cap_s=0.0)
    assert capped.stages_done == 1 and not capped.complete
    # The first stage (MAXIMIN) always finishes: the lowest chance is already the optimum.
    assert capped.lp_min_probability == pytest.approx(full.lp_min_probability, abs=1e-7)


def test_it_gives_interchangeable_people_equal_chances_and_the_scarce_more():
    people = {f"a{i}": {"group": "many"} for i in range(9)} | {"b0": {"group": "few"}}
    lottery = compute_lottery(people, {"group": {"many": (1, 2), "few": (1, 1)}}, 2, greedy_runs=0, lottery_size=90)
    assert lottery.probabilities["b0"] == 1.0
    assert [lottery.probabilities[f"a{i}"] for i in range(9)] == pytest.approx([1 / 9] * 9, abs=0.012)


def test_it_rounds_to_equally_likely_panels_that_keep_the_chances():
    people, quotas, size = random_case(3)
    lottery = compute_lottery(people, quotas, size, greedy_runs=0, lottery_size=1000)
    assert len(lottery.panels) == 1000
    for person, chance in marginals(list(people), lottery.panels).items():
        assert chance == pytest.approx(lottery.lp_probabilities[person], abs=0.004)
    for panel in lottery.panels:
        assert len(set(panel)) == size
    assert lottery.figures["min_probability"] <= lottery.figures["lp_min_probability"] + 0.004


def test_it_draws_reproducibly_from_the_seed():
    assert draw_index(1000, "lotto 2026-09-12: 3 7 12 19 25 31 36") == draw_index(
        1000, "lotto 2026-09-12: 3 7 12 19 25 31 36"
    )
    indices = {draw_index(1000, f"seed {n}") for n in range(200)}
    assert len(indices) > 150 and all(0 <= index < 1000 for index in indices)
    # The method is published: SHA-256 of the seed as a number, modulo the number of panels.
    import hashlib

    assert draw_index(1000, "abc") == int(hashlib.sha256(b"abc").hexdigest(), 16) % 1000


@pytest.mark.parametrize(
    ("quotas", "size", "names"),
    [
        ({"age": {"a": (3, 4), "b": (2, 2)}}, 4, "age"),
        ({"age": {"a": (0, 1), "b": (0, 1)}}, 4, "age"),
        ({"age": {"a": (0, 4), "b": (3, 3)}}, 4, "age=b"),
        ({"age": {"a": (0, 4)}}, 2, "'b'"),
    ],
)
def test_it_names_the_feature_and_value_of_infeasible_quotas(quotas, size, names):
    people = {f"p{i}": {"age": "a" if i < 4 else "b"} for i in range(6)}
    with pytest.raises(InfeasibleQuotas, match=names):
        compute_lottery(people, quotas, size, greedy_runs=0)


def test_it_explains_a_conflict_between_features():
    # Every "b" lives in "y", but "y" may have nobody while "b" needs someone.
    people = {"p0": {"age": "a", "place": "x"}, "p1": {"age": "a", "place": "x"}, "p2": {"age": "b", "place": "y"}}
    quotas = {"age": {"a": (0, 2), "b": (1, 1)}, "place": {"x": (0, 2), "y": (0, 0)}}
    with pytest.raises(InfeasibleQuotas, match="conflicts"):
        compute_lottery(people, quotas, 2, greedy_runs=0)


def test_it_is_fairer_than_the_greedy_filler_on_a_skewed_pool():
    rng = random.Random(7)
    people = {f"p{i}": {"age": rng.choices("abc", weights=[8, 3, 1])[0], "place": rng.choice("xy")} for i in range(40)}
    quotas = {"age": {"a": (2, 4), "b": (2, 3), "c": (1, 2)}, "place": {"x": (3, 5), "y": (3, 5)}}
    lottery = compute_lottery(people, quotas, 8, greedy_runs=400, seed=1)
    assert lottery.figures["min_probability"] >= lottery.figures["greedy_min_probability"]
    assert lottery.figures["gini"] <= lottery.figures["greedy_gini"]
    problem = build_problem(people, quotas, 8)
    chances = greedy_probabilities(problem, 200, seed=2)
    assert (problem.type_counts * chances).sum() == pytest.approx(8)


def test_it_computes_gini_zero_for_equal_chances_and_high_for_concentrated_ones():
    assert gini([0.1] * 10) == pytest.approx(0.0)
    assert gini([0.0] * 9 + [1.0]) == pytest.approx(0.9)
