"""The anonymity threshold: no group under k is shown, and none can be worked out from what is.

The property tests check the rules against the integer-programming audit: on random tables, after
suppression, no hidden count of 1 to k − 1 people can be narrowed to a range that reaches neither 0
nor k (SECURITY.md #6, #29).
"""

from hypothesis import given, settings
from hypothesis import strategies as st

from reports.analysis.disclosure_audit import PEOPLE, Model, audit, crosstab_model, one_way_model, participation_model
from reports.analysis.suppression import suppress_groups, suppress_rows
from reports.figures import background_table, crosstab_table

k_values = st.sampled_from([3, 5])


def test_a_small_group_is_hidden_with_the_next_smallest():
    assert suppress_groups({"16-24": 3, "25-34": 12, "35-44": 8, "75+": 30}, k=5) == {"16-24", "35-44"}


def test_nothing_is_hidden_when_every_group_is_big_enough():
    assert suppress_groups({"fi": 40, "sv": 5}, k=5) == set()


def test_small_groups_that_stay_under_k_together_take_a_partner():
    # 1 + 2 with the total shown would give away that these two groups have 3 people between them.
    assert suppress_groups({"a": 1, "b": 2, "c": 50, "d": 9}, k=5) == {"a", "b", "d"}


def test_small_groups_that_could_each_be_k_protect_each_other():
    # Their sum is 8 and each is at least 1: either could be 7, so neither is pinned below 5.
    assert suppress_groups({"a": 4, "b": 4, "c": 50}, k=5) == {"a", "b"}
    # 2 + 2 + 2 = 6, but then one of them is at most 4: a partner is needed.
    assert suppress_groups({"a": 2, "b": 2, "c": 2, "d": 7, "e": 9}, k=5) == {"a", "b", "c", "d"}


def test_zeros_are_shown_and_never_partners():
    assert suppress_groups({"empty": 0, "small": 3, "big": 10, "bigger": 12}, k=5) == {"small", "big"}


def test_a_line_that_cannot_be_protected_is_hidden_whole_with_its_zeros():
    # 1 + 1 of 2: were the zero shown, "hidden" would mean "at least 1", and so exactly 1 each.
    assert suppress_groups({"a": 1, "b": 1, "c": 0}, k=5) == {"a", "b", "c"}


def test_groups_hidden_elsewhere_are_hidden_here_too():
    assert suppress_groups({"a": 30, "b": 40, "c": 50}, k=5, hidden={"a", "x"}) == {"a", "b"}


def test_a_row_goes_when_few_of_its_group_finished():
    rows = {"young": (30, 6, 2), "middle": (40, 30, 25), "old": (50, 45, 40)}
    # 2 young finished: the row goes. Its partner must add finishers, else the 2 stay alone.
    assert suppress_rows(rows, k=5) == {"young", "middle"}
    # A partner with no finishers would not do: the next one that has some is taken.
    rows = {"young": (30, 6, 2), "middle": (40, 0, 0), "old": (50, 45, 40)}
    assert suppress_rows(rows, k=5) == {"young", "old"}


groups = st.dictionaries(st.sampled_from("abcdefgh"), st.integers(min_value=0, max_value=40), min_size=1, max_size=8)


@settings(max_examples=60, deadline=None)
@given(groups, k_values)
def test_one_way_tables_pass_the_audit(counts, k):
    hidden = suppress_groups(counts, k)
    assert all(not 0 < count < k for key, count in counts.items() if key not in hidden)
    assert audit(one_way_model(counts, hidden), k) == []


people = st.tuples(
    st.integers(min_value=1, max_value=30),
    st.integers(min_value=0, max_value=30),
    st.integers(min_value=0, max_value=30),
).map(lambda row: (row[0], min(row[0], row[1]), min(row[0], row[1], row[2])))


@settings(max_examples=40, deadline=None)
@given(st.dictionaries(st.sampled_from(["18-24", "25-34", "35-44", "45-54", ""]), people, min_size=1), k_values)
def test_participation_by_background_passes_the_audit(rows, k):
    groups = {key: dict(zip(PEOPLE, row, strict=True)) for key, row in rows.items()}
    table = background_table("age_group", groups, k)
    truth = background_table("age_group", groups, 1)
    totals = {c: sum(row[c] for row in groups.values()) for c in PEOPLE}
    model = Model("age_group")
    shown = {g["value"]: g for g in table["groups"] if not g["hidden"]}
    participation_model(model, totals, shown, {g["value"]: g for g in truth["groups"]}, list(groups))
    assert audit(model, k) == []
    assert all(not 0 < g[c] < k for g in shown.values() for c in PEOPLE)


OPTIONS = [(str(n), str(n)) for n in range(1, 7)]
answer_tables = st.integers(min_value=1, max_value=6).flatmap(
    lambda width: st.lists(
        st.lists(st.integers(min_value=0, max_value=12), min_size=width, max_size=width), min_size=1, max_size=6
    )
)


@settings(max_examples=60, deadline=None)
@given(answer_tables, k_values)
def test_crosstabs_up_to_six_by_six_pass_the_audit(table, k):
    """Options × groups of a single-choice question: the answers of no hidden group under k can be narrowed."""
    options = OPTIONS[: len(table)]
    values = ["18-24", "25-34", "35-44", "45-54", "55-64", "65-74"][: len(table[0])]
    cells = {(option, group): table[i][j] for i, (option, _l) in enumerate(options) for j, group in enumerate(values)}
    sizes = {group: sum(table[i][j] for i in range(len(options))) for j, group in enumerate(values)}
    sizes = {group: size for group, size in sizes.items() if size}
    if not sizes:
        return
    published = crosstab_table(1, "age_group", options, sizes, cells, k)
    truth = crosstab_table(1, "age_group", options, sizes, cells, 1)
    assert all(column["n"] >= k for column in published["columns"])
    model = Model("age_group")
    crosstab_model(model, published, truth, k=k, single=True, options=len(options))
    assert audit(model, k) == []
