"""The older greedy quota filler ("legacy" selection), as a baseline to compare fairness with.

It picks people one at a time: first for the quota that is hardest to fill (most still needed
for the fewest people left), then at random among anyone who breaks no maximum; a dead end
starts the panel over. Everyone of a type is alike to it, so it works on type counts.
Its chances are not computed but estimated by running it many times.
"""

import numpy as np

from .model import People, Problem, Quotas, build_problem, check_quotas

MAX_RESTARTS = 200


def greedy_panel(problem: Problem, rng: np.random.Generator) -> np.ndarray | None:
    """One greedy panel as counts per type, or None when every restart hit a dead end."""
    rows = problem.quota_rows
    masks = np.array([row[4] for row in rows]) if rows else np.zeros((0, problem.n_types), dtype=bool)
    lows = np.array([row[2] for row in rows])
    highs = np.array([row[3] for row in rows])
    for _attempt in range(MAX_RESTARTS):
        remaining = problem.type_counts.astype(np.int64).copy()
        taken = np.zeros(problem.n_types, dtype=np.int64)
        filled = np.zeros(len(rows), dtype=np.int64)
        for _pick in range(problem.size):
            full = filled >= highs
            allowed = (remaining > 0) & ~(
                masks[full].any(axis=0) if full.any() else np.zeros(problem.n_types, dtype=bool)
            )
            needed = lows - filled
            candidates = allowed
            if (needed > 0).any():
                supply = masks.astype(np.int64) @ (remaining * allowed)
                hardness = np.where(needed > 0, needed / np.maximum(supply, 1e-9), -1.0)
                hardest = int(np.argmax(hardness))
                candidates = allowed & masks[hardest]
            weights = remaining * candidates
            if weights.sum() == 0:
                break
            t = int(rng.choice(problem.n_types, p=weights / weights.sum()))
            remaining[t] -= 1
            taken[t] += 1
            filled += masks[:, t]
        else:
            if (filled >= lows).all():
                return taken
    return None


def greedy_probabilities(problem: Problem, runs: int, seed: int = 0) -> np.ndarray | None:
    """Each type's members' chance under the greedy filler, estimated from `runs` panels."""
    rng = np.random.default_rng(seed)
    totals = np.zeros(problem.n_types)
    done = 0
    for _ in range(runs):
        panel = greedy_panel(problem, rng)
        if panel is not None:
            totals += panel
            done += 1
    return totals / (done * problem.type_counts) if done else None


def greedy_chances(problem: Problem, runs: int = 1000, seed: int = 0) -> dict[str, float]:
    """Each person's estimated chance under the greedy filler ({} when it never fills a panel)."""
    chances = greedy_probabilities(problem, runs, seed=seed)
    if chances is None:
        return {}
    return {person: float(chances[t]) for person, t in zip(problem.people, problem.type_of, strict=True)}


def estimate_greedy_chances(pool: People, quotas: Quotas, k: int, runs: int = 1000, seed: int = 0) -> dict[str, float]:
    """The greedy filler's per-person chances on a pool, from `runs` seeded runs."""
    problem = build_problem(pool, quotas, k)
    check_quotas(problem)
    return greedy_chances(problem, runs, seed)
