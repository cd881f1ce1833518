"""The selection problem: people, quotas, and people grouped into background types.

People with the same background values are interchangeable for every quota, so the fair
lottery treats them alike: it is computed over *types* (hundreds) instead of people (thousands),
and each type's chance is shared equally by its members. LEXIMIN's optimum gives equal
chances to interchangeable people anyway, so nothing is lost and the problem gets much smaller.
"""

from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np

People = Mapping[str, Mapping[str, str]]
Quotas = Mapping[str, Mapping[str, tuple[int, int]]]


class InfeasibleQuotas(Exception):
    """No panel meets the quotas; the message names the feature and value in conflict."""


@dataclass
class Problem:
    """The selection problem in numbers: types, their sizes, and quota rows over types."""

    people: list[str]
    features: list[str]
    size: int
    type_of: np.ndarray  # person index → type index
    type_counts: np.ndarray  # members per type
    type_values: list[tuple[str, ...]]  # each type's value per feature
    quota_rows: list[tuple[str, str, int, int, np.ndarray]] = field(
        default_factory=list
    )  # feature, value, lo, hi, mask

    @property
    def n_types(self) -> int:
        return len(self.type_counts)

    def members(self) -> list[list[int]]:
        """Person indices of each type, in input order."""
        groups: list[list[int]] = [[] for _ in range(self.n_types)]
        for person, type_index in enumerate(self.type_of):
            groups[type_index].append(person)
        return groups


def build_problem(people: People, quotas: Quotas, size: int) -> Problem:
    features = list(quotas)
    ids = list(people)
    index_of_type: dict[tuple[str, ...], int] = {}
    type_of = np.empty(len(ids), dtype=np.int64)
    for position, person_id in enumerate(ids):
        key = tuple(str(people[person_id][feature]) for feature in features)
        type_of[position] = index_of_type.setdefault(key, len(index_of_type))
    type_values = list(index_of_type)
    counts = np.bincount(type_of, minlength=len(type_values)).astype(np.int64)
    problem = Problem(ids, features, size, type_of, counts, type_values)
    for column, feature in enumerate(features):
        for value, (low, high) in quotas[feature].items():
            mask = np.array([values[column] == value for values in type_values], dtype=bool)
            problem.quota_rows.append((feature, value, int(low), int(high), mask))
    return problem


def check_quotas(problem: Problem) -> None:
    """Refuse quotas that certainly cannot be met, naming the feature and value."""
    if problem.size <= 0:
        raise InfeasibleQuotas("The panel size must be positive.")
    if problem.size > len(problem.people):
        raise InfeasibleQuotas(f"The panel of {problem.size} is larger than the pool of {len(problem.people)}.")
    for column, feature in enumerate(problem.features):
        rows = [row for row in problem.quota_rows if row[0] == feature]
        known = {row[1] for row in rows}
        for values in problem.type_values:
            if values[column] not in known:
                raise InfeasibleQuotas(f"{feature}: the value {values[column]!r} has no quota.")
        if sum(row[2] for row in rows) > problem.size:
            raise InfeasibleQuotas(f"{feature}: the minimums add up to more than the panel size {problem.size}.")
        if sum(min(row[3], int(problem.type_counts[row[4]].sum())) for row in rows) < problem.size:
            raise InfeasibleQuotas(
                f"{feature}: the maximums (capped by the people available) add up to less than the panel size {problem.size}."
            )
        for _feature, value, low, _high, mask in rows:
            available = int(problem.type_counts[mask].sum())
            if low > available:
                raise InfeasibleQuotas(
                    f"{feature}={value}: the minimum {low} is more than the {available} people available."
                )
