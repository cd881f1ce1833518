"""A single-choice question, with "other, what?"."""

from django import forms

from periods.question_kinds import KINDS, OTHER

from .helpers import cell, count, errors, question, stored, survey, text

CHOICES = [{"value": "a", "en": "Bus"}, {"value": "b", "en": "Train"}]


def test_it_is_a_radio_list_with_other_when_offered():
    form = survey(question("single", choices=CHOICES, allow_other=True))
    assert isinstance(form.fields["q1"].widget, forms.RadioSelect)
    assert [value for value, _label in form.fields["q1"].choices] == ["a", "b", OTHER]
    assert not form.fields["q1_other"].required
    assert "q1_other" not in survey(question("single", choices=CHOICES)).fields


def test_it_refuses_other_without_words_and_an_unknown_option():
    q = question("single", choices=CHOICES, allow_other=True)
    assert errors(survey(q, {"q1": OTHER, "q1_other": " "})) == {"q1_other": ["Tell us what you mean by “other”."]}
    assert errors(survey(q, {"q1": "c"})) == {"q1": ["Select a valid choice. c is not one of the available choices."]}


def test_it_stores_the_option_or_other_with_its_words():
    q = question("single", choices=CHOICES, allow_other=True)
    assert stored(survey(q, {"q1": "b"}), q) == "b"
    form = survey(q, {"q1": OTHER, "q1_other": " Taxi "})
    assert form.is_valid() and (form.answers()[1].value, form.answers()[1].other_text) == (OTHER, "Taxi")
    assert KINDS["single"].initial(q, OTHER, "Taxi") == {"q1": OTHER, "q1_other": "Taxi"}


def test_it_reads_as_the_options_label_and_never_shows_the_placeholder():
    q = question("single", choices=CHOICES, allow_other=True)
    assert text(q, "b") == "Train" and cell(q, "b") == "Train"
    assert text(q, OTHER, other="Taxi") == "Other: Taxi"
    assert text(q, "a", other="Taxi") == "Bus; other: Taxi"
    assert text(q, "gone") == "gone", "an option removed since is shown by its value"


def test_it_counts_one_option_per_respondent():
    q = question("single", choices=CHOICES, allow_other=True)
    assert count(q, ["a", "a", "b", OTHER]) == {
        "rows": [
            {"value": "a", "label": "Bus", "count": 2, "pct": 50.0},
            {"value": "b", "label": "Train", "count": 1, "pct": 25.0},
        ],
        "likert": [],
    }
    kind = KINDS["single"]
    assert kind.closed and kind.crosstab and kind.one_pick and kind.condition_values(q) == ["a", "b"]
