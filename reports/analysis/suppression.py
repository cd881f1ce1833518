"""The anonymity threshold k in tables: small groups are never shown, nor recoverable by subtraction.

A *group* is any set of respondents a view singles out. Primary suppression hides every group with
fewer than k respondents. Secondary suppression follows from the margins a table shows: when a line
(a row or a column, whose total is shown) has exactly one hidden group, the total minus the shown
groups would give it away, so the next smallest group of that line is hidden too, until no line has
exactly one.
"""

from collections.abc import Hashable, Mapping

Key = Hashable


def _next_smallest(counts: Mapping[Key, int], hidden: set[Key]) -> Key | None:
    shown = [key for key in counts if key not in hidden]
    if not shown:
        return None
    return min(shown, key=lambda key: (counts[key], str(key)))


def suppress_groups(counts: Mapping[Key, int], k: int) -> set[Key]:
    """The groups of a one-way table (with its total shown) to hide: those under k, and a partner if one alone."""
    hidden = {key for key, count in counts.items() if count < k}
    if len(hidden) == 1:
        partner = _next_smallest(counts, hidden)
        if partner is not None:
            hidden.add(partner)
    return hidden


def suppress_table(cells: Mapping[tuple[Key, Key], int], k: int) -> tuple[set[tuple[Key, Key]], set[Key], set[Key]]:
    """Hide the groups of a two-way table whose cells, row totals, column totals and grand total are shown.

    Every cell is a group (the intersection of two filters), and so is every row and every column.
    Returns (hidden cells, hidden row totals, hidden column totals). A hidden row or column total does
    not hide its cells: they are groups of their own and follow the same rules.
    """
    rows = sorted({row for row, _ in cells}, key=str)
    columns = sorted({column for _, column in cells}, key=str)
    row_totals = {row: sum(cells.get((row, column), 0) for column in columns) for row in rows}
    column_totals = {column: sum(cells.get((row, column), 0) for row in rows) for column in columns}
    full = {(row, column): cells.get((row, column), 0) for row in rows for column in columns}

    hidden = {cell for cell, count in full.items() if count < k}
    hidden_rows = {row for row, count in row_totals.items() if count < k}
    hidden_columns = {column for column, count in column_totals.items() if count < k}

    changed = True
    while changed:
        changed = False
        # Within a row whose total is shown, the cells add up to it: none may be hidden alone.
        for row in rows:
            line = {(row, column): full[(row, column)] for column in columns}
            changed |= _pair_up(line, hidden, total_shown=row not in hidden_rows)
        for column in columns:
            line = {(row, column): full[(row, column)] for row in rows}
            changed |= _pair_up(line, hidden, total_shown=column not in hidden_columns)
        # The grand total is shown, so the row totals and the column totals each add up to it.
        changed |= _pair_up(row_totals, hidden_rows, total_shown=True)
        changed |= _pair_up(column_totals, hidden_columns, total_shown=True)
    return hidden, hidden_rows, hidden_columns


def _pair_up(line: Mapping[Key, int], hidden: set[Key], *, total_shown: bool) -> bool:
    """Hide the next smallest member of a line that has exactly one hidden; say whether anything changed."""
    if not total_shown:
        return False
    inside = [key for key in line if key in hidden]
    if len(inside) != 1:
        return False
    partner = _next_smallest(line, hidden)
    if partner is None:
        return False
    hidden.add(partner)
    return True
