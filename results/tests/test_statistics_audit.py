"""Public statistics against the integer-programming audit: no hidden count of people can be worked out.

SECURITY.md #29: quarters add up to their year, years and organisations to the total; the hidden
figures of a sum must not be narrowed below k by subtracting the shown ones, alone or together.
"""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reports.analysis.disclosure_audit import audit, sums_model
from results.statistics import PRIMARY, SECONDARY, community_statistics, statistics_sums, suppress

from .test_statistics import small_rescue  # noqa: F401 (the fixture)

YEAR = [("total", ["y"]), ("y", ["q1", "q2", "q3"])]


def test_two_small_quarters_of_a_shown_year_take_a_partner():
    """The old rule hid 1 and 2 and stopped (two hidden): the year minus the third quarter gave 3."""
    counts = {"total": 23, "y": 23, "q1": 1, "q2": 2, "q3": 20}
    found = audit(sums_model(counts, {"q1", "q2"}, YEAR), k=5)
    assert [(f.target, f.low, f.high) for f in found if "together" in f.target] == [
        ("'y': hidden parts together", 3, 3)
    ]
    hidden = suppress(counts, YEAR, 5)
    assert hidden == {"q1": PRIMARY, "q2": PRIMARY, "q3": SECONDARY}
    assert audit(sums_model(counts, set(hidden), YEAR), k=5) == []


def test_a_quarter_nobody_answered_in_is_shown_as_0():
    counts = {"total": 30, "y": 30, "q1": 0, "q2": 12, "q3": 18}
    assert suppress(counts, YEAR, 5) == {}


quarters = st.lists(st.integers(min_value=0, max_value=12), min_size=1, max_size=4)


@settings(max_examples=60, deadline=None)
@given(st.lists(quarters, min_size=1, max_size=3), st.data(), st.sampled_from([3, 5]))
def test_years_of_quarters_and_organisations_pass_the_audit(years, data, k):
    """Quarters add up to years, years and (another split of the same people) organisations to the total."""
    counts, sums = {}, []
    for number, year in enumerate(years):
        parts = [f"{number}q{q}" for q in range(len(year))]
        counts |= dict(zip(parts, year, strict=True))
        counts[f"{number}y"] = sum(year)
        sums.append((f"{number}y", parts))
    counts["total"] = total = sum(counts[f"{n}y"] for n in range(len(years)))
    sums.append(("total", [f"{n}y" for n in range(len(years))]))
    cuts = sorted(data.draw(st.lists(st.integers(min_value=0, max_value=total), max_size=2)))
    organisations = [b - a for a, b in zip([0, *cuts], [*cuts, total], strict=True)]
    counts |= {f"org{i}": count for i, count in enumerate(organisations)}
    sums.append(("total", [f"org{i}" for i in range(len(organisations))]))
    hidden = suppress(counts, sums, k)
    assert all(not 0 < count < k for key, count in counts.items() if key not in hidden)
    assert audit(sums_model(counts, set(hidden), sums), k) == []


people = st.lists(st.sets(st.sampled_from(["0q0", "0q1", "0q2", "1q0", "1q1"]), min_size=1), max_size=25)


@settings(max_examples=40, deadline=None)
@given(people, st.sampled_from([3, 5]))
def test_members_who_answer_in_several_quarters_pass_the_audit(answered, k):
    """Members are counted once per quarter, year and total: the sums are not exact, only bounds."""
    years = {"0y": ["0q0", "0q1", "0q2"], "1y": ["1q0", "1q1"]}
    counts = {q: sum(q in quarters for quarters in answered) for parts in years.values() for q in parts}
    counts |= {y: sum(bool(set(parts) & quarters) for quarters in answered) for y, parts in years.items()}
    counts["total"] = len(answered)
    sums = [("total", list(years)), *years.items()]
    hidden = suppress(counts, sums, k)
    assert audit(sums_model(counts, set(hidden), sums), k) == []


@pytest.mark.django_db
def test_the_statistics_of_a_small_organisation_pass_the_audit(small_rescue):  # noqa: F811
    statistics = community_statistics()
    rows, sums = statistics_sums(statistics)
    for measure in ("answers", "members"):
        counts = {key: getattr(row, measure).value for key, row in rows.items()}
        hidden = {key for key, row in rows.items() if getattr(row, measure).hidden}
        assert hidden, measure
        assert audit(sums_model(counts, hidden, sums, name=measure), statistics.k) == []
