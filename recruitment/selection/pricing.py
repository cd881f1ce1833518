"""The pricing problem: the quota-feasible panel with the largest total weight, as a HiGHS MIP."""

import highspy
import numpy as np

from .model import InfeasibleQuotas, Problem

INF = highspy.kHighsInf


class PanelFinder:
    """One HiGHS model of "choose n_t people of each type t", reused with new weights each call.

    Variables are the counts per type (0 … members of the type), integer; rows are the panel
    size and the quota rows. Only the objective changes between calls.
    """

    def __init__(self, problem: Problem, *, time_limit_s: float = 30.0) -> None:
        self.problem = problem
        self.highs = highspy.Highs()
        self.highs.silent()
        self.highs.setOptionValue("time_limit", float(time_limit_s))
        self.highs.setOptionValue("mip_rel_gap", 1e-6)
        n = problem.n_types
        self.highs.addVars(n, np.zeros(n), problem.type_counts.astype(float))
        self.highs.changeColsIntegrality(n, np.arange(n, dtype=np.int32), np.array([highspy.HighsVarType.kInteger] * n))
        self.highs.changeObjectiveSense(highspy.ObjSense.kMaximize)
        every = np.arange(n, dtype=np.int32)
        self.highs.addRow(problem.size, problem.size, n, every, np.ones(n))
        for _feature, _value, low, high, mask in problem.quota_rows:
            index = np.flatnonzero(mask).astype(np.int32)
            if len(index):
                self.highs.addRow(float(low), float(high), len(index), index, np.ones(len(index)))
            elif low > 0:
                raise InfeasibleQuotas(f"{_feature}={_value}: nobody has this value, but the minimum is {low}.")

    def best(self, weights: np.ndarray) -> tuple[np.ndarray, float] | None:
        """The counts per type of the panel maximising sum(weights * counts), or None if infeasible."""
        n = self.problem.n_types
        self.highs.changeColsCost(n, np.arange(n, dtype=np.int32), weights.astype(float))
        self.highs.run()
        status = self.highs.getModelStatus()
        if status == highspy.HighsModelStatus.kInfeasible:
            return None
        solution = np.rint(np.array(self.highs.getSolution().col_value)).astype(np.int64)
        if solution.sum() != self.problem.size:
            return None
        return solution, float(weights @ solution)


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
