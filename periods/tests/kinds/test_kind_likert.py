"""A Likert grid: statements on a five-step scale of agreement."""

from periods.question_kinds import KINDS

from .helpers import cell, count, errors, question, stored, survey, text

ROWS = [{"value": "a", "en": "Service"}, {"value": "b", "en": "Waiting"}]


def test_it_is_a_scale_per_row_grouped_under_the_question():
    form = survey(question("likert", choices=ROWS))
    assert [form.fields[name].label for name in form.fields] == ["Service", "Waiting"]
    assert [label for _value, label in form.fields["q1_a"].choices][-1] == "strongly agree"
    assert form.blocks()[0].kind.grouped and not form.blocks()[0].kind.group_help


def test_it_refuses_a_grid_answered_in_part():
    q = question("likert", choices=ROWS)
    assert errors(survey(q, {"q1_a": "4"})) == {"q1_b": ["Choose an answer for this row."]}
    assert stored(survey(q, {}), q) is None, "an optional grid may be left empty"
    assert errors(survey(question("likert", choices=ROWS, required=True), {})) == {
        "q1_a": ["Choose an answer for this row."],
        "q1_b": ["Choose an answer for this row."],
    }


def test_it_stores_a_number_per_row():
    q = question("likert", choices=ROWS)
    assert stored(survey(q, {"q1_a": "4", "q1_b": "2"}), q) == {"a": 4, "b": 2}
    assert KINDS["likert"].initial(q, {"a": 4, "b": 2}, "") == {"q1_a": "4", "q1_b": "2"}


def test_it_reads_as_each_row_with_its_step_as_number_and_words():
    q = question("likert", choices=ROWS)
    expected = "Service: 4 – somewhat agree; Waiting: 2 – somewhat disagree"
    assert text(q, {"a": 4, "b": 2}) == expected == cell(q, {"a": 4, "b": 2})


def test_it_counts_each_row_on_its_own():
    table = count(question("likert", choices=ROWS), [{"a": 5, "b": 1}, {"a": 5}])
    assert table["rows"] == []
    service, waiting = table["likert"]
    assert (service["label"], service["n"], waiting["n"]) == ("Service", 2, 1)
    assert [(c["value"], c["count"], c["pct"]) for c in service["cells"]][-1] == ("5", 2, 100.0)
    assert [c["count"] for c in waiting["cells"]] == [1, 0, 0, 0, 0]
