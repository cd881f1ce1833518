"""The anonymity threshold: no group under k is shown, and none can be recovered by subtracting shown figures."""

from hypothesis import given, settings
from hypothesis import strategies as st

from reports.analysis.suppression import suppress_groups, suppress_table

counts = st.dictionaries(st.sampled_from("abcdefgh"), st.integers(min_value=0, max_value=40), min_size=1)
k_values = st.integers(min_value=1, max_value=10)


def test_a_small_group_is_hidden_with_the_next_smallest():
    assert suppress_groups({"16-24": 3, "25-34": 12, "35-44": 8, "75+": 30}, k=5) == {"16-24", "35-44"}


def test_nothing_is_hidden_when_every_group_is_big_enough():
    assert suppress_groups({"fi": 40, "sv": 5}, k=5) == set()


def test_two_small_groups_protect_each_other():
    assert suppress_groups({"a": 2, "b": 4, "c": 50}, k=5) == {"a", "b"}


@settings(max_examples=300, deadline=None)
@given(counts, k_values)
def test_one_way_tables_never_show_a_small_group_nor_hide_one_alone(table, k):
    hidden = suppress_groups(table, k)
    assert all(count >= k for key, count in table.items() if key not in hidden)
    # With the total shown, a lone hidden group would be the total minus the others.
    assert len(hidden) != 1 or len(table) == 1


def test_a_two_way_table_pairs_up_hidden_cells_in_rows_and_columns():
    cells = {
        ("Kotka", "woman"): 12,
        ("Kotka", "man"): 3,
        ("Kouvola", "woman"): 20,
        ("Kouvola", "man"): 15,
        ("Hamina", "woman"): 9,
        ("Hamina", "man"): 7,
    }
    hidden, hidden_rows, hidden_columns = suppress_table(cells, k=5)
    assert ("Kotka", "man") in hidden
    # Kotka's row total is shown (15), so a second Kotka cell goes; the "man" column needs a partner too.
    assert ("Kotka", "woman") in hidden
    assert sum(1 for cell in hidden if cell[1] == "man") >= 2
    assert hidden_rows == set() and hidden_columns == set()


tables = st.dictionaries(
    st.tuples(st.sampled_from("ABCDE"), st.sampled_from("vwxyz")),
    st.integers(min_value=0, max_value=30),
    min_size=1,
)


@settings(max_examples=300, deadline=None)
@given(tables, k_values)
def test_two_way_tables_never_show_a_small_group_nor_leave_a_line_with_one_hidden(cells, k):
    hidden, hidden_rows, hidden_columns = suppress_table(cells, k)
    rows = {row for row, _ in cells}
    columns = {column for _, column in cells}
    full = {(r, c): cells.get((r, c), 0) for r in rows for c in columns}
    assert all(count >= k for cell, count in full.items() if cell not in hidden)
    row_totals = {r: sum(full[(r, c)] for c in columns) for r in rows}
    column_totals = {c: sum(full[(r, c)] for r in rows) for c in columns}
    assert all(total >= k for r, total in row_totals.items() if r not in hidden_rows)
    assert all(total >= k for c, total in column_totals.items() if c not in hidden_columns)
    for r in rows - hidden_rows:
        assert sum(1 for c in columns if (r, c) in hidden) != 1
    for c in columns - hidden_columns:
        assert sum(1 for r in rows if (r, c) in hidden) != 1
    assert len(hidden_rows) != 1 or len(rows) == 1
    assert len(hidden_columns) != 1 or len(columns) == 1
