"""LEXIMIN by column generation (Flanigan, Gölz, Gupta, Hennig, Procaccia, Nature 596, 2021).

Stage 1 (MAXIMIN) maximises the lowest selection chance; each later stage fixes the types whose
chance cannot rise any further and maximises the lowest chance of the rest. In every stage a
master LP over the panels found so far gives dual weights, and the pricing MIP looks for a panel
that the duals say would help; when none does, the stage's optimum is proven.

The master LP, over panels P with probabilities p_P ≥ 0 and the bound z:
    maximise z   subject to   Σ_P p_P = 1,
    Σ_P p_P · n_t(P) / |t|  ≥ z        for each type t still free,
    Σ_P p_P · n_t(P) / |t|  ≥ fixed_t  for each type t already fixed.
"""

import random
import time
from collections.abc import Callable
from dataclasses import dataclass

import highspy
import numpy as np

from .model import InfeasibleQuotas, Problem
from .pricing import INF, PanelFinder, explain_infeasibility

EPS = 1e-7
FIX_SLACK = 1e-9


@dataclass
class LeximinResult:
    panels: list[np.ndarray]  # counts per type
    weights: np.ndarray  # probability of each panel
    type_probability: np.ndarray  # chance of each member of a type
    stages_done: int
    complete: bool
    runtime_s: float

    @property
    def lp_min_probability(self) -> float:
        return float(self.type_probability.min()) if len(self.type_probability) else 0.0


class _Master:
    """The master LP, kept in one HiGHS instance; panels are added as columns."""

    def __init__(self, problem: Problem) -> None:
        self.problem = problem
        self.highs = highspy.Highs()
        self.highs.silent()
        n = problem.n_types
        # Column 0 is z, a probability; objective: minimise -z.
        self.highs.addVar(0.0, 1.0)
        self.highs.changeColCost(0, -1.0)
        for _ in range(n):
            self.highs.addRow(0.0, INF, 1, np.array([0], dtype=np.int32), np.array([-1.0]))
        self.highs.addRow(1.0, 1.0, 0, np.array([], dtype=np.int32), np.array([]))
        self.sum_row = n
        self.panels: list[np.ndarray] = []
        self.keys: set[bytes] = set()

    def add(self, counts: np.ndarray) -> bool:
        key = counts.tobytes()
        if key in self.keys:
            return False
        self.keys.add(key)
        self.panels.append(counts)
        rows = np.flatnonzero(counts)
        values = counts[rows] / self.problem.type_counts[rows]
        index = np.append(rows, self.sum_row).astype(np.int32)
        self.highs.addCol(0.0, 0.0, INF, len(index), index, np.append(values, 1.0))
        return True

    def fix(self, types: np.ndarray, level: float) -> None:
        for t in types:
            self.highs.changeCoeff(int(t), 0, 0.0)
            self.highs.changeRowBounds(int(t), max(0.0, level - FIX_SLACK), INF)

    def solve(self) -> tuple[float, np.ndarray, float, np.ndarray]:
        """Return z, the duals of the type rows, the dual of the sum row, and the panel weights."""
        self.highs.run()
        solution = self.highs.getSolution()
        duals = np.array(solution.row_dual)
        weights = np.array(solution.col_value[1:])
        return float(solution.col_value[0]), duals[: self.sum_row], float(duals[self.sum_row]), weights


def initial_panels(finder: PanelFinder, problem: Problem, count: int, rng: random.Random) -> list[np.ndarray]:
    """Varied feasible panels from random weights, favouring small types, to start the master LP."""
    panels = []
    for _ in range(count):
        weights = np.array([rng.random() for _ in range(problem.n_types)]) / problem.type_counts
        found = finder.best(weights)
        if found is None:
            raise InfeasibleQuotas(explain_infeasibility(problem))
        panels.append(found[0])
    return panels


def leximin(
    problem: Problem,
    *,
    time_cap_s: float = 60.0,
    seed: int = 0,
    on_progress: Callable[[float, str], None] | None = None,
) -> LeximinResult:
    started = time.monotonic()
    rng = random.Random(seed)
    finder = PanelFinder(problem)
    master = _Master(problem)
    for panel in initial_panels(finder, problem, min(40, 5 + problem.n_types // 10), rng):
        master.add(panel)
    n = problem.n_types
    free = np.ones(n, dtype=bool)
    fixed_level = np.zeros(n)
    stages = 0
    z, duals, sum_dual, weights = master.solve()
    while free.any():
        # Column generation until no panel improves the bound.
        while True:
            found = finder.best(duals / problem.type_counts)
            if found is None:
                raise InfeasibleQuotas(explain_infeasibility(problem))
            counts, value = found
            if value + sum_dual <= EPS or not master.add(counts):
                break
            z, duals, sum_dual, weights = master.solve()
            if time.monotonic() - started > time_cap_s and stages > 0:
                break
        stages += 1
        # Types with a positive dual cannot rise above z without lowering another: fix them.
        blocking = free & (duals > EPS)
        if not blocking.any():
            blocking = free.copy()
        master.fix(np.flatnonzero(blocking), z)
        fixed_level[blocking] = z
        free &= ~blocking
        if on_progress:
            on_progress(1 - free.sum() / n, f"stage {stages}: {int((~free).sum())} of {n} types fixed")
        if not free.any():
            break
        if time.monotonic() - started > time_cap_s:
            master.fix(np.flatnonzero(free), z)
            break
        z, duals, sum_dual, weights = master.solve()
    z, duals, sum_dual, weights = master.solve()
    weights = np.clip(weights, 0.0, None)
    weights /= weights.sum()
    type_probability = np.zeros(n)
    for weight, panel in zip(weights, master.panels, strict=True):
        type_probability += weight * panel / problem.type_counts
    return LeximinResult(
        panels=master.panels,
        weights=weights,
        type_probability=type_probability,
        stages_done=stages,
        complete=not free.any() and time.monotonic() - started <= time_cap_s,
        runtime_s=time.monotonic() - started,
    )
