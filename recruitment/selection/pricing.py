"""The pricing problem: the quota-feasible panel with the largest total weight, as a HiGHS MIP."""

from dataclasses import dataclass, field

import highspy
import numpy as np

from .model import InfeasibleQuotas, Problem

INF = highspy.kHighsInf


def run_with_time_limit(highs: highspy.Highs, seconds: float) -> None:
    """Run HiGHS for at most `seconds` more: its time_limit counts the object's whole life, not one run."""
    highs.setOptionValue("time_limit", float(highs.getRunTime()) + seconds)
    highs.run()


@dataclass
class Priced:
    """The best panel found for some weights, the MIP's proven bound, and other good panels seen."""

    counts: np.ndarray
    value: float
    bound: float
    others: list[np.ndarray] = field(default_factory=list)


class PanelFinder:
    """One HiGHS model of "choose n_t people of each type t", reused with new weights each call.

    Variables are the counts per type (0 … members of the type), integer; rows are the panel
    size and the quota rows. Only the objective changes between calls, so the model is built once.
    """

    def __init__(self, problem: Problem, *, time_limit_s: float = 30.0) -> None:
        self.problem = problem
        self.highs = highspy.Highs()
        self.highs.silent()
        self.time_limit_s = float(time_limit_s)
        self.highs.setOptionValue("mip_rel_gap", 1e-7)
        self.highs.setOptionValue("threads", 1)
        # Improving solutions found on the way are often good columns too, and cost nothing.
        self.highs.setOptionValue("mip_improving_solution_save", True)
        n = problem.n_types
        self.highs.addVars(n, np.zeros(n), problem.type_counts.astype(float))
        self.highs.changeColsIntegrality(n, np.arange(n, dtype=np.int32), np.array([highspy.HighsVarType.kInteger] * n))
        self.highs.changeObjectiveSense(highspy.ObjSense.kMaximize)
        every = np.arange(n, dtype=np.int32)
        self.highs.addRow(problem.size, problem.size, n, every, np.ones(n))
        for feature, value, low, high, mask in problem.quota_rows:
            index = np.flatnonzero(mask).astype(np.int32)
            if len(index):
                self.highs.addRow(float(low), float(high), len(index), index, np.ones(len(index)))
            elif low > 0:
                raise InfeasibleQuotas(f"{feature}={value}: nobody has this value, but the minimum is {low}.")

    def best(self, weights: np.ndarray) -> Priced | None:
        """The panel maximising sum(weights * counts), or None when no panel meets the quotas."""
        n = self.problem.n_types
        self.highs.changeColsCost(n, np.arange(n, dtype=np.int32), weights.astype(float))
        run_with_time_limit(self.highs, self.time_limit_s)
        status = self.highs.getModelStatus()
        if status not in (highspy.HighsModelStatus.kOptimal, highspy.HighsModelStatus.kTimeLimit):
            return None
        counts = self._counts(self.highs.getSolution().col_value)
        if counts is None:
            return None
        value = float(weights @ counts)
        bound = float(self.highs.getInfo().mip_dual_bound)
        if not np.isfinite(bound):
            bound = INF
        others = []
        for saved in self.highs.getSavedMipSolutions():
            other = self._counts(saved.col_value)
            if other is not None and not np.array_equal(other, counts):
                others.append(other)
        return Priced(counts, value, max(bound, value), others)

    def _counts(self, values) -> np.ndarray | None:
        if len(values) != self.problem.n_types:
            return None
        counts = np.rint(np.asarray(values, dtype=float)).astype(np.int64)
        return counts if counts.sum() == self.problem.size and (counts >= 0).all() else None


def explain_infeasibility(problem: Problem) -> str:
    """Find a quota whose removal makes the panel possible, to name it in the message."""
    for position, (feature, value, low, high, _mask) in enumerate(problem.quota_rows):
        relaxed = Problem(
            problem.people,
            problem.features,
            problem.size,
            problem.type_of,
            problem.type_counts,
            problem.type_values,
            [row for i, row in enumerate(problem.quota_rows) if i != position],
        )
        if PanelFinder(relaxed, time_limit_s=5).best(np.zeros(problem.n_types)) is not None:
            return f"{feature}={value} (min {low}, max {high}) conflicts with the other quotas."
    return "The quotas conflict with each other: no panel meets them all."
