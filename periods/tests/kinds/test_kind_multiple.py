"""A multiple-choice question, within the fewest and most picks."""

from django import forms

from periods.forms_member import survey_initial
from periods.question_kinds import KINDS

from .helpers import cell, count, errors, question, stored, survey, text

CHOICES = [{"value": "a", "en": "Bus"}, {"value": "b", "en": "Train"}, {"value": "c", "en": "Bike"}]


def test_it_is_a_list_of_checkboxes():
    field = survey(question("multiple", choices=CHOICES)).fields["q1"]
    assert isinstance(field, forms.MultipleChoiceField) and isinstance(field.widget, forms.CheckboxSelectMultiple)


def test_it_refuses_too_few_or_too_many_picks():
    q = question("multiple", choices=CHOICES, min_picks=2, max_picks=2)
    assert errors(survey(q, {"q1": ["a"]})) == {"q1": ["Choose at least 2."]}
    assert errors(survey(q, {"q1": ["a", "b", "c"]})) == {"q1": ["Choose at most 2."]}
    assert stored(survey(q, {"q1": ["a", "c"]}), q) == ["a", "c"]


def test_it_stores_the_list_and_restores_it_from_an_answer_and_a_draft():
    q = question("multiple", choices=CHOICES)
    assert stored(survey(q, {"q1": []}), q) is None
    assert KINDS["multiple"].initial(q, ["a", "c"], "") == {"q1": ["a", "c"]}
    assert survey_initial([q], {"q1": ["a", "b"], "other": ["x", "y"]}, {}) == {"q1": ["a", "b"], "other": "y"}


def test_it_reads_as_the_labels_joined():
    q = question("multiple", choices=CHOICES)
    assert text(q, ["a", "c"]) == "Bus; Bike" and cell(q, ["a", "c"]) == "Bus; Bike"
    assert text(q, []) == ""


def test_it_counts_every_pick_against_the_respondents():
    q = question("multiple", choices=CHOICES)
    rows = count(q, [["a", "b"], ["a"], ["c", "a"], "not a list"])["rows"]
    assert [(row["value"], row["count"], row["pct"]) for row in rows] == [
        ("a", 3, 75.0),
        ("b", 1, 25.0),
        ("c", 1, 25.0),
    ]
    kind = KINDS["multiple"]
    assert kind.closed and kind.crosstab and not kind.one_pick and kind.limits_picks
