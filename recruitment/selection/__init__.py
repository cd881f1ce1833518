"""Fair selection of a panel by lottery (pure Python with HiGHS; no Django).

`compute_lottery` runs LEXIMIN, rounds it to equally likely panels and compares it with the
greedy filler; `draw_index` picks the panel from a published seed.
"""

import time
from collections.abc import Callable
from dataclasses import dataclass

from .greedy import greedy_probabilities
from .leximin import LeximinResult, leximin
from .model import InfeasibleQuotas, People, Problem, Quotas, build_problem, check_quotas
from .rounding import draw_index, gini, marginals, transparent_lottery

__all__ = [
    "InfeasibleQuotas",
    "LeximinResult",
    "Lottery",
    "Problem",
    "build_problem",
    "compute_lottery",
    "draw_index",
    "gini",
    "leximin",
]


@dataclass
class Lottery:
    panels: list[list[str]]
    probabilities: dict[str, float]
    lp_probabilities: dict[str, float]
    greedy_probabilities: dict[str, float]
    figures: dict[str, float | int | bool | None]


def compute_lottery(
    people: People,
    quotas: Quotas,
    size: int,
    *,
    lottery_size: int = 1000,
    greedy_runs: int = 1000,
    time_cap_s: float = 20.0,
    seed: int = 0,
    on_progress: Callable[[int, str], None] | None = None,
) -> Lottery:
    """The whole selection: fair distribution, transparent rounding, and the greedy comparison."""
    started = time.monotonic()
    report = on_progress or (lambda percent, message: None)
    problem = build_problem(people, quotas, size)
    check_quotas(problem)
    report(5, f"{len(problem.people)} people in {problem.n_types} background types")
    result = leximin(
        problem, time_cap_s=time_cap_s, seed=seed, on_progress=lambda share, text: report(5 + int(70 * share), text)
    )
    report(75, "rounding to equally likely panels")
    panels = transparent_lottery(problem, result, lottery_size, seed=seed)
    probabilities = marginals(problem.people, panels)
    lp = {person: float(result.type_probability[problem.type_of[i]]) for i, person in enumerate(problem.people)}
    runtime = time.monotonic() - started
    report(85, "estimating the greedy filler's chances")
    greedy_types = greedy_probabilities(problem, greedy_runs, seed=seed) if greedy_runs else None
    greedy = (
        {person: float(greedy_types[problem.type_of[i]]) for i, person in enumerate(problem.people)}
        if greedy_types is not None
        else {}
    )
    values = list(probabilities.values())
    figures = {
        "runtime_s": round(runtime, 3),
        "min_probability": min(values),
        "lp_min_probability": result.lp_min_probability,
        "mean_probability": sum(values) / len(values),
        "gini": gini(values),
        "lp_gini": gini(list(lp.values())),
        "panels": len({tuple(panel) for panel in panels}),
        "stages_done": result.stages_done,
        "complete": result.complete,
        "types": problem.n_types,
        "greedy_min_probability": min(greedy.values()) if greedy else None,
        "greedy_gini": gini(list(greedy.values())) if greedy else None,
        "greedy_runs": greedy_runs,
    }
    report(100, "")
    return Lottery(panels, probabilities, lp, greedy, figures)
