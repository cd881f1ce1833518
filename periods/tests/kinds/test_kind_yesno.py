"""A yes-or-no question."""

from periods.forms_member import SurveyForm
from periods.models import Question
from periods.question_kinds import KINDS, yes_no

from .helpers import cell, count, errors, question, stored, survey, text


def test_it_is_yes_or_no():
    assert survey(question("yesno")).fields["q1"].choices == [("yes", "yes"), ("no", "no")] == yes_no()


def test_it_refuses_anything_else():
    assert errors(survey(question("yesno"), {"q1": "maybe"})) == {
        "q1": ["Select a valid choice. maybe is not one of the available choices."]
    }


def test_it_stores_yes_or_no():
    q = question("yesno")
    assert stored(survey(q, {"q1": "no"}), q) == "no"


def test_it_reads_as_yes_or_no_in_the_active_language():
    q = question("yesno")
    assert text(q, "yes") == "yes" and cell(q, "no") == "no"
    assert text(q, True) == "yes" and text(q, False) == "no"


def test_it_names_its_answer_in_the_note_of_a_conditional_question():
    gate = question("yesno")
    follow = Question(pk=2, kind="text", text_en="Why?", show_if_question=gate, show_if_value="yes")
    notes = [block.condition for block in SurveyForm(questions=[gate, follow]).blocks()]
    assert notes == ["", "Answer only if you answered “yes” to the question “Question”."]


def test_it_counts_yes_and_no():
    rows = count(question("yesno"), ["yes", "no", "yes", "yes"])["rows"]
    assert [(row["label"], row["count"], row["pct"]) for row in rows] == [("yes", 3, 75.0), ("no", 1, 25.0)]
    assert KINDS["yesno"].condition_values(question("yesno")) == ["yes", "no"]
