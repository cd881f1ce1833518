"""A ranking question: each option its own rank."""

from periods.question_kinds import KINDS

from .helpers import cell, count, errors, question, stored, survey, text

CHOICES = [{"value": "a", "en": "Speed"}, {"value": "b", "en": "Price"}, {"value": "c", "en": "Quality"}]


def test_it_is_a_rank_per_option_grouped_under_the_question():
    form = survey(question("ranking", choices=CHOICES))
    assert list(form.fields) == ["q1_a", "q1_b", "q1_c"]
    assert form.fields["q1_b"].label == "Rank of “Price”"
    assert [value for value, _label in form.fields["q1_a"].choices] == ["", "1", "2", "3"]
    [block] = form.blocks()
    assert block.kind.grouped and str(block.kind.group_help).startswith("Give each option a different rank")


def test_it_refuses_a_partial_ranking_a_rank_twice_and_none_when_required():
    q = question("ranking", choices=CHOICES, required=True)
    assert errors(survey(q, {"q1_a": "1"})) == {
        "q1_b": ["Give this option a rank too."],
        "q1_c": ["Give this option a rank too."],
    }
    assert errors(survey(q, {"q1_a": "1", "q1_b": "1", "q1_c": "2"})) == {"q1_b": ["Each rank can be used only once."]}
    assert errors(survey(q, {})) == {"q1_a": ["Rank every option."]}


def test_it_stores_the_options_in_order_of_rank():
    q = question("ranking", choices=CHOICES)
    assert stored(survey(q, {"q1_a": "3", "q1_b": "1", "q1_c": "2"}), q) == ["b", "c", "a"]
    assert stored(survey(q, {}), q) is None
    assert KINDS["ranking"].initial(q, ["b", "c", "a"], "") == {"q1_b": "1", "q1_c": "2", "q1_a": "3"}


def test_it_reads_as_the_options_with_their_ranks():
    q = question("ranking", choices=CHOICES)
    assert text(q, ["b", "a"]) == "1. Price; 2. Speed" == cell(q, ["b", "a"])


def test_it_counts_the_mean_rank_of_each_option():
    rows = count(question("ranking", choices=CHOICES), [["a", "b", "c"], ["b", "a", "c"]])["rows"]
    assert [(row["value"], row["count"], row["mean_rank"]) for row in rows] == [
        ("a", 2, 1.5),
        ("b", 2, 1.5),
        ("c", 2, 3.0),
    ]
    kind = KINDS["ranking"]
    assert kind.closed and not kind.crosstab and kind.condition_values(question("ranking")) is None
