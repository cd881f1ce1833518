"""An open text question."""

from django import forms

from periods.question_kinds import KINDS, TEXT_LIMIT

from .helpers import cell, errors, question, stored, survey, text


def test_it_is_a_text_area_up_to_the_limit():
    field = survey(question("text", required=True)).fields["q1"]
    assert isinstance(field, forms.CharField) and isinstance(field.widget, forms.Textarea)
    assert (field.required, field.max_length, field.min_length) == (True, TEXT_LIMIT, None)
    field = survey(question("text", min_length=5, max_length=50)).fields["q1"]
    assert (field.required, field.max_length, field.min_length) == (False, 50, 5)


def test_it_refuses_a_missing_or_short_answer():
    assert errors(survey(question("text", required=True), {"q1": ""})) == {"q1": ["This field is required."]}
    assert errors(survey(question("text", min_length=5), {"q1": "abc"})) == {
        "q1": ["Ensure this value has at least 5 characters (it has 3)."]
    }


def test_it_stores_the_words_or_nothing():
    q = question("text")
    assert stored(survey(q, {"q1": "Hyvä palvelu"}), q) == "Hyvä palvelu"
    assert stored(survey(q, {"q1": ""}), q) is None


def test_it_reads_as_the_words_themselves():
    q = question("text")
    assert text(q, "Hyvä palvelu") == "Hyvä palvelu"
    assert text(q, None) == ""
    assert cell(q, "=1+1") == "=1+1", "the export makes it formula-safe later"


def test_it_is_not_counted_in_the_figures():
    kind = KINDS["text"]
    assert not (kind.closed or kind.crosstab or kind.is_condition)
    assert kind.condition_values(question("text")) is None
