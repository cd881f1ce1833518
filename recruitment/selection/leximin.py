"""LEXIMIN by column generation (Flanigan, Gölz, Gupta, Hennig, Procaccia, Nature 596, 2021).

Stage 1 (MAXIMIN) maximises the lowest selection chance; each later stage fixes the types whose
chance cannot rise any further and maximises the lowest chance of the rest. In every stage a
master LP over the panels found so far gives dual weights, and the pricing MIP looks for the
panel of largest dual weight; when none beats the master, the stage's optimum is proven.

The master LP, over panels P with probabilities p_P ≥ 0 and the bound z:
    maximise z   subject to   Σ_P p_P = 1,
    Σ_P p_P · n_t(P) / |t|  ≥ z        for each type t still free,
    Σ_P p_P · n_t(P) / |t|  ≥ fixed_t  for each type t already fixed.
Its dual, for type weights y ≥ 0 with Σ_free y = 1, bounds every stage from above:
    z* ≤ max_P Σ_t y_t n_t(P) / |t|  −  Σ_fixed y_t fixed_t,
so each pricing call also gives an upper bound. Pricing at a mix of the master's duals and the
best duals so far (Wentges smoothing) cuts the number of rounds on these degenerate LPs a lot.
"""

import logging
import random
import time
from collections.abc import Callable
from dataclasses import dataclass

import highspy
import numpy as np

from .model import InfeasibleQuotas, People, Problem, Quotas, build_problem, check_quotas
from .pricing import INF, PanelFinder, explain_infeasibility, run_with_time_limit

EPS = 1e-7  # reduced cost that counts as an improvement; dual weight that pins a type
FIX_SLACK = 1e-9  # fixed levels are relaxed by this much so that rounding noise keeps the LP feasible
SMOOTHING = 0.6  # weight of the best duals so far in the pricing duals
FIRST_STAGE_CAP_FACTOR = 4  # even MAXIMIN stops at this multiple of the time cap (at least a minute): never hang
FIRST_STAGE_MIN_CAP_S = 60.0
MASTER_TIME_LIMIT_S = 30.0  # one master LP solve; they take milliseconds

logger = logging.getLogger(__name__)


class MasterTrouble(Exception):
    """The master LP came back without an optimal solution (numerical trouble or a time limit)."""


@dataclass
class LeximinResult:
    """The fair distribution over panels, with each type's chance and how far LEXIMIN got."""

    problem: Problem
    panels: list[np.ndarray]  # counts per type
    weights: np.ndarray  # probability of each panel
    type_probability: np.ndarray  # chance of each member of a type
    stages_done: int
    complete: bool
    runtime_s: float
    pricing_calls: int = 0
    levels: np.ndarray | None = None  # each type's guaranteed chance from the stage that fixed it

    @property
    def lp_min_probability(self) -> float:
        return float(self.type_probability.min()) if len(self.type_probability) else 0.0

    @property
    def probabilities(self) -> dict[str, float]:
        """Each person's chance of selection under the LP's distribution."""
        chances = self.type_probability[self.problem.type_of]
        return {person: float(chance) for person, chance in zip(self.problem.people, chances, strict=True)}


class _Master:
    """The master LP, kept in one HiGHS instance; panels are added as columns (warm starts)."""

    def __init__(self, problem: Problem) -> None:
        self.problem = problem
        self.highs = highspy.Highs()
        self.highs.silent()
        # New columns leave the basis primal feasible: primal simplex picks up where it stopped.
        self.highs.setOptionValue("simplex_strategy", 4)
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
        self.good_weights: np.ndarray | None = None  # the last optimal solution's panel weights

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

    def solve(self) -> tuple[float, np.ndarray, float]:
        """Return z, the duals y of the type rows, and μ, the dual of the sum row (as in the docstring)."""
        run_with_time_limit(self.highs, MASTER_TIME_LIMIT_S)
        if self.highs.getModelStatus() != highspy.HighsModelStatus.kOptimal:
            # A warm start gone astray (rare): solve again from scratch.
            logger.warning("master LP: %s; solving again from scratch", self.highs.getModelStatus())
            self.highs.clearSolver()
            run_with_time_limit(self.highs, MASTER_TIME_LIMIT_S)
            if self.highs.getModelStatus() != highspy.HighsModelStatus.kOptimal:
                raise MasterTrouble(str(self.highs.getModelStatus()))
        solution = self.highs.getSolution()
        weights = np.clip(np.array(solution.col_value[1:]), 0.0, None)
        self.good_weights = weights / weights.sum()
        duals = np.array(solution.row_dual)
        return float(solution.col_value[0]), duals[: self.sum_row], -float(duals[self.sum_row])

    def weights(self) -> np.ndarray:
        """The last optimal solution's panel weights, over every panel added so far."""
        weights = np.zeros(len(self.panels))
        if self.good_weights is not None:
            weights[: len(self.good_weights)] = self.good_weights
        return weights


def initial_panels(finder: PanelFinder, problem: Problem, count: int, rng: random.Random) -> list[np.ndarray]:
    """Varied feasible panels from random weights that favour small types, to start the master LP."""
    panels = []
    for _ in range(count):
        weights = np.array([rng.random() for _ in range(problem.n_types)]) / problem.type_counts
        found = finder.best(weights)
        if found is None:
            raise InfeasibleQuotas(explain_infeasibility(problem))
        panels.append(found.counts)
        panels.extend(found.others[:2])
    return panels


def unreachable_types(finder: PanelFinder, master: _Master, problem: Problem) -> np.ndarray:
    """Types that no quota-feasible panel contains (their chance is 0); adds panels covering the rest."""
    covered = np.zeros(problem.n_types, dtype=bool)
    for panel in master.panels:
        covered |= panel > 0
    while not covered.all():
        found = finder.best(np.where(covered, 0.0, 1.0 / problem.type_counts))
        if found is None or found.value <= 0:
            break
        master.add(found.counts)
        covered |= found.counts > 0
    return ~covered


class _Stage:
    """One LEXIMIN stage: column generation until the lowest free chance is proven optimal."""

    def __init__(self, master: _Master, finder: PanelFinder, free: np.ndarray, levels: np.ndarray) -> None:
        self.master, self.finder, self.free, self.levels = master, finder, free, levels
        self.sizes = master.problem.type_counts
        self.pricing_calls = 0

    def run(self, deadline: float | None) -> tuple[float, np.ndarray, bool]:
        """Return z, the master's duals, and whether z is proven optimal (False: stopped at the deadline)."""
        center: np.ndarray | None = None
        best_bound = INF
        smooth_next = True
        while True:
            z, y, mu = self.master.solve()
            if deadline is not None and time.monotonic() > deadline:
                return z, y, False
            smoothing = smooth_next and center is not None and best_bound - z > EPS and self._normal(y)
            price_at = SMOOTHING * center + (1 - SMOOTHING) * y if smoothing and center is not None else y
            found = self.finder.best(price_at / self.sizes)
            self.pricing_calls += 1
            if found is None:
                raise InfeasibleQuotas(explain_infeasibility(self.master.problem))
            if self._normal(price_at):
                bound = found.bound - float(price_at[~self.free] @ self.levels[~self.free])
                if bound < best_bound:
                    best_bound, center = bound, price_at.copy()
            added = sum(
                1
                for counts in (found.counts, *found.others)
                if float(y @ (counts / self.sizes)) > mu + EPS and self.master.add(counts)
            )
            if added == 0 and not smoothing:
                return z, y, True
            # A smoothed price that gives nothing new (a "misprice") is followed by an exact one.
            smooth_next = added > 0

    def _normal(self, y: np.ndarray) -> bool:
        return abs(float(y[self.free].sum()) - 1.0) < 1e-6


def leximin_types(
    problem: Problem,
    *,
    time_cap_s: float = 60.0,
    seed: int = 0,
    on_progress: Callable[[float, str, dict[str, int]], None] | None = None,
) -> LeximinResult:
    """LEXIMIN over background types; stages after the first stop at the time cap.

    `on_progress(share, step, figures)` names the step and its figures; the caller words them.
    """
    started = time.monotonic()
    report = on_progress or (lambda share, step, figures: None)
    rng = random.Random(seed)
    finder = PanelFinder(problem, time_limit_s=max(5.0, time_cap_s / 2))
    master = _Master(problem)
    for panel in initial_panels(finder, problem, min(40, 5 + problem.n_types // 10), rng):
        master.add(panel)
    n = problem.n_types
    free = ~unreachable_types(finder, master, problem)
    levels = np.zeros(n)
    master.fix(np.flatnonzero(~free), 0.0)
    stages, complete, calls = 0, True, 0
    while free.any():
        cap = max(FIRST_STAGE_CAP_FACTOR * time_cap_s, FIRST_STAGE_MIN_CAP_S) if stages == 0 else time_cap_s
        stage = _Stage(master, finder, free, levels)
        try:
            z, y, proven = stage.run(started + cap)
        except MasterTrouble as error:
            # Keep the last optimal distribution; its chances become the levels.
            logger.warning("LEXIMIN stopped after %d stages: master LP %s", stages, error)
            complete = False
            break
        calls += stage.pricing_calls
        if not proven:
            # Out of time: everyone still free keeps at least the level reached so far.
            master.fix(np.flatnonzero(free), z)
            levels[free] = z
            free[:] = False
            complete = False
            break
        stages += 1
        # Types with a positive dual cannot rise above z without lowering another: fix them.
        pinned = free & (y > EPS)
        if not pinned.any():
            pinned = free.copy()
        master.fix(np.flatnonzero(pinned), z)
        levels[pinned] = z
        free &= ~pinned
        report(1 - free.sum() / n, "stage", {"stage": stages, "fixed": int((~free).sum()), "types": n})
    try:
        master.solve()
    except MasterTrouble as error:
        logger.warning("final LP: %s; keeping the last optimal distribution", error)
        complete = False
    weights = master.weights()
    type_probability = (weights @ np.array(master.panels, dtype=float)) / problem.type_counts
    if (type_probability < levels - 1e-6).any():
        # Never publish a distribution that breaks a proven level (it would be a solver fault).
        raise RuntimeError("The LP's distribution falls below a proven LEXIMIN level.")
    return LeximinResult(
        problem=problem,
        panels=master.panels,
        weights=weights,
        type_probability=type_probability,
        stages_done=stages,
        complete=complete,
        runtime_s=time.monotonic() - started,
        pricing_calls=calls,
        levels=levels,
    )


def leximin(
    pool: People,
    quotas: Quotas,
    k: int,
    *,
    time_cap_s: float = 60.0,
    seed: int = 0,
    on_progress: Callable[[float, str, dict[str, int]], None] | None = None,
) -> LeximinResult:
    """The LEXIMIN lottery for a pool (id → {feature: value}), quotas and panel size k.

    Raises InfeasibleQuotas, naming the feature and value, when no panel meets the quotas.
    """
    problem = build_problem(pool, quotas, k)
    check_quotas(problem)
    return leximin_types(problem, time_cap_s=time_cap_s, seed=seed, on_progress=on_progress)
