"""The anonymity threshold k in tables: no group under k is shown, nor can be worked out from what is.

A *group* is a set of people a table counts apart: the members of one background group among the
invited, among those who finished, among the respondents of one question.

Primary suppression hides every count of 1 to k − 1 people. A count of 0 is shown: nobody can be
found in an empty group, and the table reads better. But then a hidden count is known to be at
least 1, and the secondary rule allows for that.

Secondary suppression follows from the totals a table shows. In a line whose total is shown the
hidden counts add up to the total minus the shown ones, so a reader knows their sum S exactly, and
knows that each of the h hidden counts is at least 1. Each of them can then be anything from 1 to
S − (h − 1), and the sum itself is a group too (everyone not shown). The line is safe when
S − h + 1 ≥ k: every hidden count could be k or more, and so could their sum. A line with one
hidden count fails (it is the total minus the rest, and a large one is hidden only to protect a
small one elsewhere), as does a line with several that together stay under k; the smallest shown
non-zero count is then hidden too. One such partner always suffices, being at least k itself;
where none is left, the whole line is hidden, its zeros included.

A *row* of counts (a group's size and counts of its subsets: invited, started, finished) is hidden
whole. Its size follows the rule above; each other column only needs the hidden rows' sum to be 0
or at least k, since a hidden row may well have none who started.

`reports.analysis.disclosure_audit` proves by integer programming that what these rules leave shown
pins no hidden count below k, also across the tables of a report.
"""

from collections.abc import Hashable, Iterable, Mapping, Sequence
from typing import TypeVar

Key = TypeVar("Key", bound=Hashable)


def exposed(hidden: Sequence[int], k: int) -> bool:
    """Whether hidden counts of a line with a shown total could be pinned below k (each known ≥ 1).

    One hidden count alone is exposed whatever its size: it is hidden to protect another table.
    """
    return len(hidden) == 1 or (bool(hidden) and sum(hidden) - len(hidden) + 1 < k)


def _failing_columns(rows: Mapping[Key, Sequence[int]], hidden: set[Key], k: int) -> list[int]:
    if not hidden:
        return []
    width = len(next(iter(rows.values())))
    failing = []
    if exposed([rows[key][0] for key in hidden], k):
        failing.append(0)
    for column in range(1, width):
        if 0 < sum(rows[key][column] for key in hidden) < k:
            failing.append(column)
    return failing


def _partner(rows: Mapping[Key, Sequence[int]], hidden: set[Key], failing: list[int]) -> Key | None:
    """The smallest shown row that adds to every failing column, else to any; None if none can help."""
    shown = [key for key in rows if key not in hidden and rows[key][0] > 0]

    def order(key: Key) -> tuple:
        return (rows[key][0], str(key))

    for helps in (all, any):
        candidates = [key for key in shown if helps(rows[key][column] > 0 for column in failing)]
        if candidates:
            return min(candidates, key=order)
    return None


def suppress_rows(rows: Mapping[Key, Sequence[int]], k: int, *, hidden: Iterable[Key] = ()) -> set[Key]:
    """The rows to hide: those with a count of 1 to k − 1, then partners until no column is exposed.

    Each row is (size, *sub-counts); the totals of every column are shown. `hidden` are rows that
    must be hidden anyway (hidden in another table of the same report), so that partners agree.
    """
    result = {key for key in hidden if key in rows}
    result |= {key for key, counts in rows.items() if any(0 < count < k for count in counts)}
    while failing := _failing_columns(rows, result, k):
        partner = _partner(rows, result, failing)
        if partner is None:
            if 0 in failing:
                # Nothing left to add: the line goes whole, zeros too, or "hidden" would mean "not 0".
                result = set(rows)
            break
        result.add(partner)
    return result


def suppress_groups(counts: Mapping[Key, int], k: int, *, hidden: Iterable[Key] = ()) -> set[Key]:
    """The groups of a one-way table with its total shown to hide: those under k, and a partner if needed."""
    return suppress_rows({key: (count,) for key, count in counts.items()}, k, hidden=hidden)
