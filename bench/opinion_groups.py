"""Opinion-groups benchmark: planted groups voting on their own statement blocks, with noise and gaps."""

import random
import time

from sklearn.metrics import adjusted_rand_score

from reports.analysis.opinion_groups import opinion_groups

SEED = 2026


def planted_votes(
    groups: int, per_group: int, statements: int, *, noise: float = 0.15, seen: float = 0.8, seed: int = SEED
) -> tuple[list[tuple[str, str, int]], dict[str, int]]:
    """Votes where group g agrees with block g and disagrees with the others; noise flips or passes."""
    rng = random.Random(seed)
    votes, truth = [], {}
    block = statements // groups
    for g in range(groups):
        for i in range(per_group):
            participant = f"g{g}p{i}"
            truth[participant] = g
            for s in range(statements):
                if rng.random() > seen:
                    continue
                vote = 1 if s // block == g else -1
                if rng.random() < noise:
                    vote = rng.choice([0, -vote])
                votes.append((participant, f"s{s}", vote))
    return votes, truth


def run(smoke: bool) -> dict:
    """Time the full analysis with bootstrap and measure how well it recovers the planted groups."""
    groups, per_group, statements = (3, 20, 15) if smoke else (4, 250, 100)
    votes, truth = planted_votes(groups, per_group, statements)
    started = time.perf_counter()
    result = opinion_groups(votes, seed=1, bootstrap=5 if smoke else 50)
    runtime = time.perf_counter() - started
    found = list(result.groups)
    return {
        "participants": groups * per_group,
        "statements": statements,
        "runtime_s": round(runtime, 3),
        "k": result.k,
        "silhouette": round(result.silhouette, 4),
        "stability": round(result.stability, 4),
        "ari_vs_planted": round(adjusted_rand_score([truth[p] for p in found], [result.groups[p] for p in found]), 4),
    }
