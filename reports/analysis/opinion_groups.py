"""Opinion groups from statement votes, after the method Pol.is describes (own implementation)."""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

from .threads import single_threaded

VOTES = (-1, 0, 1)
# One-sided 90 % critical value of the standard normal distribution.
Z_90 = 1.2815515655446004
MAX_REPRESENTATIVE = 5
MAX_CONSENSUS = 5
MIN_PARTICIPANTS = 4


@dataclass
class OpinionGroups:
    """The grouping and the statements that explain it."""

    groups: dict[str, int] = field(default_factory=dict)
    representative: list[tuple[int, str, str, float]] = field(default_factory=list)
    consensus: list[tuple[str, str, float]] = field(default_factory=list)
    silhouette: float = 0.0
    stability: float = 0.0
    k: int = 0
    participants_clustered: int = 0
    sizes: list[int] = field(default_factory=list)


def _latest(votes: list[tuple[str, str, int]]) -> dict[tuple[str, str], int]:
    """Keep the last vote per participant and statement, because people change their minds."""
    latest: dict[tuple[str, str], int] = {}
    for participant, statement, vote in votes:
        if vote not in VOTES:
            raise ValueError(f"vote must be -1, 0 or 1, got {vote!r}")
        latest[(participant, statement)] = int(vote)
    return latest


def agreement_per_statement(votes: list[tuple[str, str, int]]) -> dict[str, dict[str, int]]:
    """Count agree, disagree and pass per statement for the plain tallies shown next to the groups."""
    counts: dict[str, dict[str, int]] = {}
    for (_, statement), vote in _latest(votes).items():
        # Not a literal {"pass": 0}: bandit reads a key "pass" as a password (B105).
        row = counts.setdefault(statement, dict.fromkeys(("agree", "disagree", "pass", "votes"), 0))
        row[{1: "agree", -1: "disagree", 0: "pass"}[vote]] += 1
        row["votes"] += 1
    return counts


def _project(matrix: np.ndarray) -> np.ndarray:
    """Map participants to 2-D so k-means sees opinions, not which statements they happened to see."""
    seen = ~np.isnan(matrix)
    counts = seen.sum(axis=0)
    means = np.divide(np.nansum(matrix, axis=0), counts, out=np.zeros(matrix.shape[1]), where=counts > 0)
    filled = np.where(seen, matrix, means)
    centred = filled - filled.mean(axis=0)
    _, _, vt = np.linalg.svd(centred, full_matrices=False)
    components = vt[:2]
    projection = centred @ components.T
    if projection.shape[1] < 2:
        projection = np.hstack([projection, np.zeros((projection.shape[0], 2 - projection.shape[1]))])
    # Imputed means pull sparse voters to the centre; this pushes them back out.
    cast = np.maximum(seen.sum(axis=1), 1)
    return projection * np.sqrt(matrix.shape[1] / cast)[:, None]


def _kmeans(points: np.ndarray, k: int, seed: int) -> np.ndarray:
    """Cluster with several starts so one unlucky start does not decide the groups."""
    from sklearn.cluster import KMeans  # on first use: see reports/analysis/text.py

    return KMeans(n_clusters=k, n_init=10, random_state=seed).fit_predict(points)


def _distinct(points: np.ndarray) -> int:
    """Count distinct positions, since k-means cannot make more groups than there are."""
    return len(np.unique(points.round(9), axis=0))


def _choose_k(points: np.ndarray, seed: int) -> tuple[int, np.ndarray, float]:
    """Pick the number of groups by silhouette, as few groups as the participants support."""
    from sklearn.metrics import silhouette_score

    n = len(points)
    best = (0, np.zeros(n, dtype=int), -math.inf)
    for k in range(2, min(5, 2 + n // 12, n - 1, _distinct(points)) + 1):
        labels = _kmeans(points, k, seed)
        if not 2 <= len(set(labels.tolist())) <= n - 1:
            continue
        score = float(silhouette_score(points, labels))
        if score > best[2]:
            best = (k, labels, score)
    return best


def _stability(matrix: np.ndarray, labels: np.ndarray, k: int, seed: int, runs: int) -> float:
    """Mean adjusted Rand index against bootstrap regroupings, so unstable maps can be hidden."""
    from sklearn.metrics import adjusted_rand_score

    if runs <= 0:
        return 0.0
    rng = np.random.default_rng(seed)
    n, m = matrix.shape
    scores = []
    for run in range(runs):
        rows = rng.integers(0, n, size=(n,))
        columns = rng.integers(0, m, size=(m,))
        sample = matrix[np.ix_(rows, columns)]
        present = np.unique(rows)
        if len(present) <= k or np.isnan(sample).all():
            scores.append(0.0)
            continue
        points = _project(sample)
        if _distinct(points) < k:
            scores.append(0.0)
            continue
        regrouped = _kmeans(points, k, seed + run + 1)
        # A duplicated participant gets the label of its first copy.
        first = {row: i for i, row in reversed(list(enumerate(rows.tolist())))}
        scores.append(adjusted_rand_score(labels[present], regrouped[[first[row] for row in present.tolist()]]))
    return float(np.mean(scores))


def _z_two(x1: float, n1: float, x2: float, n2: float) -> float:
    """Two-proportion z statistic: is the share inside the group above the share outside it."""
    if n1 == 0 or n2 == 0:
        return 0.0
    pooled = (x1 + x2) / (n1 + n2)
    spread = math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2))
    return 0.0 if spread == 0 else (x1 / n1 - x2 / n2) / spread


def _z_one(x: float, n: float) -> float:
    """One-proportion z statistic against one half: does the group lean this way at all."""
    if n == 0:
        return 0.0
    return ((x + 1) / (n + 2) - 0.5) / math.sqrt(0.25 / n)


def _representative(matrix: np.ndarray, labels: np.ndarray, k: int, statements: list[str]) -> list:
    """Statements that set each group apart, kept only if both z-tests pass at 90 %."""
    found: list[tuple[int, str, str, float]] = []
    for group in range(k):
        inside = labels == group
        candidates = []
        for direction, value in (("agree", 1), ("disagree", -1)):
            hits_in = (matrix[inside] == value).sum(axis=0)
            votes_in = (~np.isnan(matrix[inside])).sum(axis=0)
            hits_out = (matrix[~inside] == value).sum(axis=0)
            votes_out = (~np.isnan(matrix[~inside])).sum(axis=0)
            for j, statement in enumerate(statements):
                p_in = (hits_in[j] + 1) / (votes_in[j] + 2)
                p_out = (hits_out[j] + 1) / (votes_out[j] + 2)
                if (
                    _z_two(hits_in[j], votes_in[j], hits_out[j], votes_out[j]) > Z_90
                    and _z_one(hits_in[j], votes_in[j]) > Z_90
                ):
                    candidates.append((p_in / p_out * p_in, group, statement, direction, float(p_in)))
        candidates.sort(key=lambda c: (-c[0], c[2], c[3]))
        found.extend((g, s, d, score) for _, g, s, d, score in candidates[:MAX_REPRESENTATIVE])
    return found


def _consensus(matrix: np.ndarray, labels: np.ndarray, k: int, statements: list[str]) -> list:
    """Statements every group leans the same way on: the product of the groups' shares."""
    found: list[tuple[str, str, float]] = []
    for direction, value in (("agree", 1), ("disagree", -1)):
        score = np.ones(len(statements))
        for group in range(k):
            rows = matrix[labels == group]
            score *= ((rows == value).sum(axis=0) + 1) / ((~np.isnan(rows)).sum(axis=0) + 2)
        # Above 0.5**k means the groups lean this way on (geometric) average, not just one group.
        ranked = sorted(
            (j for j in range(len(statements)) if score[j] > 0.5**k), key=lambda j: (-score[j], statements[j])
        )
        found.extend((statements[j], direction, float(score[j])) for j in ranked[:MAX_CONSENSUS])
    return found


@single_threaded
def opinion_groups(
    votes: list[tuple[str, str, int]], *, seed: int = 0, min_votes: int | None = None, bootstrap: int = 50
) -> OpinionGroups:
    """Group participants by how they vote and name what sets each group apart and what unites them."""
    latest = _latest(votes)
    participants = sorted({p for p, _ in latest})
    statements = sorted({s for _, s in latest})
    if not participants:
        return OpinionGroups()
    row = {p: i for i, p in enumerate(participants)}
    column = {s: j for j, s in enumerate(statements)}
    matrix = np.full((len(participants), len(statements)), np.nan)
    for (participant, statement), vote in latest.items():
        matrix[row[participant], column[statement]] = vote

    threshold = min(7, len(statements)) if min_votes is None else min_votes
    eligible = (~np.isnan(matrix)).sum(axis=1) >= threshold
    clustered = [p for p, keep in zip(participants, eligible, strict=True) if keep]
    matrix = matrix[eligible]
    if len(clustered) < MIN_PARTICIPANTS:
        return OpinionGroups(participants_clustered=len(clustered))

    k, labels, silhouette = _choose_k(_project(matrix), seed)
    if k == 0:
        return OpinionGroups(participants_clustered=len(clustered))
    # Number groups by size so the largest is group 0 whatever k-means happened to call it.
    order = sorted(range(k), key=lambda g: (-int((labels == g).sum()), int(np.argmax(labels == g))))
    labels = np.array([order.index(g) for g in labels])
    return OpinionGroups(
        groups={p: int(g) for p, g in zip(clustered, labels, strict=True)},
        representative=_representative(matrix, labels, k, statements),
        consensus=_consensus(matrix, labels, k, statements),
        silhouette=silhouette,
        stability=_stability(matrix, labels, k, seed, bootstrap),
        k=k,
        participants_clustered=len(clustered),
        sizes=[int((labels == g).sum()) for g in range(k)],
    )


def groups_publishable(result: OpinionGroups, *, k_anonymity: int, min_stability: float = 0.6) -> bool:
    """Show groups only if they would reappear on other samples and no group is small enough to identify."""
    return result.k >= 2 and result.stability >= min_stability and all(size >= k_anonymity for size in result.sizes)
