"""Fair selection of a panel by lottery (pure Python with HiGHS; no Django).

- `leximin(pool, quotas, k)`: the LEXIMIN distribution over quota-feasible panels.
- `compute_lottery(...)`: the whole selection — LEXIMIN, rounding to m equally likely panels,
  fairness figures and the greedy baseline's figures beside them.
- `draw(panels, seed)` / `draw_index`: the published, reproducible pick of one panel.

Data: a pool maps person id → {feature: value}; quotas map feature → value → (min, max).
"""

import time
from collections.abc import Callable
from dataclasses import dataclass

from .fairness import fairness_figures, gini, marginals
from .greedy import estimate_greedy_chances, greedy_chances, greedy_panel, greedy_probabilities
from .leximin import LeximinResult, leximin, leximin_types
from .model import InfeasibleQuotas, People, Problem, Quotas, build_problem, check_quotas
from .rounding import draw, draw_index, transparent_lottery

__all__ = [
    "DEFAULT_TIME_CAP_S",
    "InfeasibleQuotas",
    "LeximinResult",
    "Lottery",
    "People",
    "Problem",
    "Quotas",
    "build_problem",
    "check_quotas",
    "compute_lottery",
    "draw",
    "draw_index",
    "estimate_greedy_chances",
    "fairness_figures",
    "gini",
    "greedy_chances",
    "greedy_panel",
    "greedy_probabilities",
    "leximin",
    "leximin_types",
    "marginals",
    "transparent_lottery",
]

DEFAULT_TIME_CAP_S = 60.0


@dataclass
class Lottery:
    """m equally likely panels (lists of ids), everyone's chances, and the figures to publish."""

    panels: list[list[str]]
    probabilities: dict[str, float]  # in the final lottery of equally likely panels
    lp_probabilities: dict[str, float]  # in the LP's distribution, before rounding
    greedy_probabilities: dict[str, float]
    figures: dict[str, float | int | bool | None]


def compute_lottery(
    people: People,
    quotas: Quotas,
    size: int,
    *,
    lottery_size: int = 1000,
    greedy_runs: int = 1000,
    time_cap_s: float = DEFAULT_TIME_CAP_S,
    seed: int = 0,
    on_progress: Callable[[int, str, dict[str, int]], None] | None = None,
) -> Lottery:
    """The whole selection: fair distribution, transparent rounding, and the greedy comparison.

    `on_progress(percent, step, figures)` names each step ("types", "stage", "rounding", "greedy")
    with its figures, not a sentence: this package has no Django, and the page words it in the
    reader's language.

    `runtime_s` covers LEXIMIN and the rounding, not the greedy estimate (a comparison only).
    """
    started = time.monotonic()
    report = on_progress or (lambda percent, step, figures: None)
    problem = build_problem(people, quotas, size)
    check_quotas(problem)
    report(5, "types", {"people": len(problem.people), "types": problem.n_types})
    result = leximin_types(
        problem,
        time_cap_s=time_cap_s,
        seed=seed,
        on_progress=lambda share, step, figures: report(5 + int(70 * share), step, figures),
    )
    report(75, "rounding", {})
    panels = transparent_lottery(problem, result, lottery_size, seed=seed)
    probabilities = marginals(problem.people, panels)
    lp = result.probabilities
    runtime = time.monotonic() - started
    report(85, "greedy", {})
    greedy = greedy_chances(problem, greedy_runs, seed=seed) if greedy_runs else {}
    final = fairness_figures(probabilities)
    greedy_figures = fairness_figures(greedy) if greedy else {}
    figures = {
        "runtime_s": round(runtime, 3),
        "min_probability": final["min_probability"],
        "lp_min_probability": result.lp_min_probability,
        "mean_probability": final["mean_probability"],
        "gini": final["gini"],
        "lp_gini": gini(list(lp.values())),
        "panels": len({tuple(panel) for panel in panels}),
        "stages_done": result.stages_done,
        "complete": result.complete,
        "types": problem.n_types,
        "greedy_min_probability": greedy_figures.get("min_probability"),
        "greedy_gini": greedy_figures.get("gini"),
        "greedy_runs": greedy_runs,
    }
    report(100, "done", {})
    return Lottery(panels, probabilities, lp, greedy, figures)
