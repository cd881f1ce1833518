"""Transparent lottery (Flanigan, Kehne, Procaccia, NeurIPS 2021): m equally likely panels.

The LP's distribution over panels is rounded to whole numbers of m panels, keeping every type's
chance as close to the LP as an ILP can; then the people of each type are dealt into those panels
in turn, so that everyone of a type appears in as near the same number of panels as possible.
The draw is then a uniform pick of one of m panels that anyone can check.
"""

import hashlib
import random
from collections.abc import Sequence

import highspy
import numpy as np

from .leximin import LeximinResult
from .model import Problem
from .pricing import INF, run_with_time_limit


def round_counts(problem: Problem, result: LeximinResult, m: int, *, time_limit_s: float | None = None) -> np.ndarray:
    """How many of the m panels each LP panel becomes: floor(m·p) or one more, minimising the worst deviation."""
    scaled = result.weights * m
    floors = np.floor(scaled + 1e-9).astype(np.int64)
    missing = m - int(floors.sum())
    fractional = np.flatnonzero(scaled - floors > 1e-9)
    if missing <= 0 or len(fractional) == 0:
        return floors
    # Variables: one binary per fractional panel (round up or not) and the deviation d.
    highs = highspy.Highs()
    highs.silent()
    # Within a tenth of a panel of the best rounding is as good as it: don't spend seconds proving more.
    highs.setOptionValue("mip_abs_gap", 0.1)
    k = len(fractional)
    highs.addVars(k, np.zeros(k), np.ones(k))
    highs.changeColsIntegrality(k, np.arange(k, dtype=np.int32), np.array([highspy.HighsVarType.kInteger] * k))
    # d (column k) bounds the shortfall below each type's LP chance, which is what fairness is
    # about; u (column k+1) bounds the excess and weighs little.
    highs.addVar(0.0, INF)
    highs.changeColCost(k, 1.0)
    highs.addVar(0.0, INF)
    highs.changeColCost(k + 1, 0.01)
    highs.addRow(missing, missing, k, np.arange(k, dtype=np.int32), np.ones(k))
    panels = np.array(result.panels, dtype=float)  # panels × types
    base = floors @ panels / problem.type_counts
    target = m * result.type_probability
    for t in range(problem.n_types):
        coefficients = panels[fractional, t] / problem.type_counts[t]
        nonzero = np.flatnonzero(coefficients)
        gap = target[t] - base[t]
        # target − d ≤ base + Σ b·c ≤ target + u
        below = np.append(nonzero, k).astype(np.int32)
        above = np.append(nonzero, k + 1).astype(np.int32)
        highs.addRow(gap, INF, len(below), below, np.append(coefficients[nonzero], 1.0))
        highs.addRow(-INF, gap, len(above), above, np.append(coefficients[nonzero], -1.0))
    # Its lower bound rarely meets the best rounding found: a time limit that grows with the size ends it.
    run_with_time_limit(highs, time_limit_s if time_limit_s is not None else min(3.0, 1.0 + 0.004 * k))
    counts = floors.copy()
    solution = highs.getSolution().col_value
    if (
        highs.getModelStatus() in (highspy.HighsModelStatus.kOptimal, highspy.HighsModelStatus.kTimeLimit)
        and len(solution) == k + 2
    ):
        chosen = np.rint(np.array(solution[:k])).astype(np.int64)
        if chosen.sum() == missing:
            counts[fractional] += chosen
            return counts
    # Fallback: largest remainders.
    order = fractional[np.argsort(-(scaled - floors)[fractional], kind="stable")]
    counts[order[:missing]] += 1
    return counts


def deal_people(problem: Problem, type_panels: list[np.ndarray], seed: int) -> list[list[str]]:
    """Turn panels of type counts into panels of people, dealing each type's members in turn."""
    rng = random.Random(seed)
    members = problem.members()
    for group in members:
        rng.shuffle(group)
    pointer = [0] * problem.n_types
    panels = []
    for counts in type_panels:
        chosen = []
        for t in np.flatnonzero(counts):
            group = members[t]
            for _ in range(int(counts[t])):
                chosen.append(problem.people[group[pointer[t] % len(group)]])
                pointer[t] += 1
        panels.append(sorted(chosen))
    return panels


def transparent_lottery(problem: Problem, result: LeximinResult, m: int = 1000, *, seed: int = 0) -> list[list[str]]:
    counts = round_counts(problem, result, m)
    type_panels = [panel for panel, count in zip(result.panels, counts, strict=True) for _ in range(int(count))]
    return deal_people(problem, type_panels, seed)


def draw_index(panel_count: int, seed: str) -> int:
    """The drawn panel's index: SHA-256 of the published seed (UTF-8 text), read as a big-endian
    number, modulo the number of panels. Anyone can redo it, e.g. with `sha256sum` and a calculator.
    (With a 256-bit number the modulo's bias is far below anything measurable.)"""
    if panel_count <= 0:
        raise ValueError("There are no panels to draw from.")
    digest = hashlib.sha256(str(seed).encode("utf-8")).hexdigest()
    return int(digest, 16) % panel_count


def draw(panels: Sequence[Sequence[str]], seed: str) -> list[str]:
    """The panel drawn from the stored lottery with the published seed; needs no LP, only the list."""
    return list(panels[draw_index(len(panels), seed)])
