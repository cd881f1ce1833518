"""The integer-programming audit itself: it finds what subtraction, per cents and means give away."""

import pytest

from reports.analysis.disclosure_audit import Model, ModelError, audit, crosstab_model, one_way_model


def test_it_finds_the_sum_of_two_small_groups_left_without_a_partner():
    """Hiding 1 and 2 with the total shown leaves their sum, 3, as the total minus the rest (SECURITY.md #29)."""
    counts = {"a": 1, "b": 2, "c": 50, "d": 9}
    findings = audit(one_way_model(counts, {"a", "b"}), k=5)
    assert [(f.target, f.true, f.low, f.high) for f in findings] == [
        ("count['a']", 1, 1, 2),
        ("count['b']", 2, 1, 2),
        ("count, hidden groups together", 3, 3, 3),
    ]
    assert audit(one_way_model(counts, {"a", "b", "d"}), k=5) == []


def test_where_zeros_are_shown_a_hidden_count_is_known_to_be_at_least_1():
    counts = {"a": 1, "b": 0, "c": 3, "d": 50}
    findings = audit(one_way_model(counts, {"a", "c"}), k=5)
    assert {f.target: (f.low, f.high) for f in findings} == {
        "count['a']": (1, 3),
        "count['c']": (1, 3),
        "count, hidden groups together": (4, 4),
    }
    # Were zeros hidden as well, "a" could be 0; the hidden ones together are still 4.
    findings = audit(one_way_model(counts, {"a", "b", "c"}, zeros_shown=False), k=5)
    assert {f.target: (f.low, f.high) for f in findings} == {"count, hidden groups together": (4, 4)}


def test_a_per_cent_narrows_a_hidden_count_to_its_rounding_interval():
    """6 % of 50, rounded to whole per cents, can only be 3 people; "10 %" rounded to tens is 3 to 7."""
    model = Model("pct")
    count = model.var("count", truth=3)
    model.percent(count, 50, 6.0, decimals=0)
    model.protect("count", [(1, count)], 3)
    assert [(f.low, f.high) for f in audit(model, k=5)] == [(3, 3)]
    model = Model("pct")
    count = model.var("count", truth=3)
    model.percent(count, 50, 10.0, decimals=-1)
    model.protect("count", [(1, count)], 3)
    assert audit(model, k=5) == []


def test_a_mean_enters_as_a_sum():
    """Mean rank 1.33 of 3 people who ranked two options: places sum to 4, so one ranked it second."""
    model = Model("mean")
    first, second = model.var("first", truth=2), model.var("second", truth=1)
    model.equal([(1, first), (1, second)], 3)
    model.mean([(1, first), (2, second)], 3, 1.33)
    model.protect("second", [(1, second)], 1)
    assert [(f.target, f.low, f.high) for f in audit(model, k=5)] == [("second", 1, 1)]


def test_it_refuses_a_model_the_true_counts_do_not_satisfy():
    model = Model("wrong")
    cell = model.var("cell", truth=3)
    model.equal([(1, cell)], 4)
    with pytest.raises(ModelError):
        audit(model, k=5)
    with pytest.raises(ModelError):
        Model("contradiction").equal([(1, 2), (1, 2)], 5)


def _tongue_crosstab(columns: list[str]) -> tuple[dict, dict]:
    """The issue's numbers: 20 answered 4,6,2,3,5; the 16 Finnish 3,5,0,3,5, the 3 Swedish and 1 other the rest."""
    counts = {"fi": [3, 5, 0, 3, 5], "sv": [1, 0, 2, 0, 0], "other": [0, 1, 0, 0, 0]}
    totals = [4, 6, 2, 3, 5]

    def table(shown: list[str]) -> dict:
        return {
            "question_id": 1,
            "n": 20,
            "columns": [{"value": g, "n": sum(counts[g])} for g in shown],
            "rows": [
                {
                    "value": str(i + 1),
                    "total": totals[i],
                    "cells": [
                        {"count": counts[g][i], "pct": round(100 * counts[g][i] / sum(counts[g]), 1)} for g in shown
                    ],
                }
                for i in range(5)
            ],
        }

    return table(columns), table(list(counts))


def test_it_recovers_the_four_others_from_the_totals_and_the_finnish_column():
    """The issue's report.csv: the totals minus the Finnish column are how the 4 others answered (#6, #29)."""
    published, truth = _tongue_crosstab(["fi"])
    model = Model("mother_tongue")
    crosstab_model(model, published, truth, k=5, single=True, options=5)
    # Each of the 3 Swedish and the 1 other could be 0 (the other group has them), but together
    # they are exactly 4: the totals minus the Finnish column are their answers.
    assert [(f.target, f.low, f.high) for f in audit(model, k=5)] == [
        ("mother_tongue q1 respondents, hidden groups together", 4, 4)
    ]
    # Hiding the Finnish column too leaves nothing to subtract.
    published, truth = _tongue_crosstab([])
    model = Model("mother_tongue")
    crosstab_model(model, published, truth, k=5, single=True, options=5)
    assert audit(model, k=5) == []
