"""The scales 1–5 and 0–10."""

import pytest
from django import forms

from periods.question_kinds import KINDS

from .helpers import cell, count, errors, question, stored, survey, text


@pytest.mark.parametrize(("kind", "low", "high"), [("scale5", 1, 5), ("scale10", 0, 10)])
def test_it_is_a_row_of_numbers_with_named_ends(kind, low, high):
    field = survey(question(kind, low_label_en="Bad", high_label_en="Good")).fields["q1"]
    assert isinstance(field.widget, forms.RadioSelect)
    labels = [label for _value, label in field.choices]
    assert labels[0] == f"{low} – Bad" and labels[-1] == f"{high} – Good" and len(labels) == high - low + 1
    assert KINDS[kind].condition_values(question(kind)) == [str(n) for n in range(low, high + 1)]


def test_it_refuses_a_number_off_the_scale():
    assert errors(survey(question("scale5"), {"q1": "6"})) == {
        "q1": ["Select a valid choice. 6 is not one of the available choices."]
    }


def test_it_stores_a_number():
    q = question("scale10")
    assert stored(survey(q, {"q1": "0"}), q) == 0
    assert stored(survey(q, {"q1": ""}), q) is None
    assert KINDS["scale10"].initial(q, 7, "") == {"q1": "7"}


def test_it_reads_as_the_number_and_stays_a_number_in_a_spreadsheet():
    q = question("scale5")
    assert text(q, 3) == "3"
    assert cell(q, 3) == 3 and cell(q, None) == ""


def test_it_counts_every_step_of_the_scale():
    rows = count(question("scale5"), [1, 1, 5, 3])["rows"]
    assert [(row["value"], row["count"], row["pct"]) for row in rows] == [
        ("1", 2, 50.0),
        ("2", 0, 0.0),
        ("3", 1, 25.0),
        ("4", 0, 0.0),
        ("5", 1, 25.0),
    ]
    assert KINDS["scale5"].one_pick and KINDS["scale10"].crosstab
