"""Fairness figures of a lottery: each person's chance, the lowest, the mean and the Gini coefficient."""

import math
from collections.abc import Iterable, Mapping

import numpy as np


def marginals(people: Iterable[str], panels: list[list[str]]) -> dict[str, float]:
    """Each person's chance in a lottery of equally likely panels: the share of panels they sit in."""
    appearances = dict.fromkeys(people, 0)
    for panel in panels:
        for person in panel:
            appearances[person] += 1
    return {person: count / len(panels) for person, count in appearances.items()}


def gini(values: Iterable[float] | np.ndarray) -> float:
    """Gini coefficient: 0 when everyone has the same chance, towards 1 as chances concentrate."""
    array = np.sort(np.asarray(list(values) if not isinstance(values, np.ndarray) else values, dtype=float))
    n = len(array)
    if n == 0 or math.isclose(array.sum(), 0.0):
        return 0.0
    cumulative = np.cumsum(array)
    return float((n + 1 - 2 * (cumulative / cumulative[-1]).sum()) / n)


def fairness_figures(probabilities: Mapping[str, float]) -> dict[str, float]:
    """The lowest and mean chance and the Gini coefficient, the figures staff compare methods by."""
    values = np.fromiter(probabilities.values(), dtype=float, count=len(probabilities))
    if not len(values):
        return {"min_probability": 0.0, "mean_probability": 0.0, "gini": 0.0}
    return {
        "min_probability": float(values.min()),
        "mean_probability": float(values.mean()),
        "gini": gini(values),
    }
