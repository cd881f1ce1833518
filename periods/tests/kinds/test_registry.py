"""The registry of question kinds: every kind has its class, and the report's lists follow from them."""

from periods.models import QuestionKind
from periods.question_kinds import CLOSED_KINDS, CROSSTAB_KINDS, KINDS, ONE_PICK_KINDS, QuestionKindBase

from .helpers import question


def test_it_has_a_class_for_every_kind_of_question():
    assert set(KINDS) == set(QuestionKind.values)
    assert all(isinstance(kind, QuestionKindBase) and kind.kind == value for value, kind in KINDS.items())


def test_it_gives_every_kind_its_form_fields():
    for value in QuestionKind.values:
        q = question(value, choices=[{"value": "a", "fi": "A"}, {"value": "b", "fi": "B"}])
        assert KINDS[value].fields(q, required=False, sent_file=None), value


def test_the_reports_lists_of_kinds_follow_from_the_classes():
    assert set(CLOSED_KINDS) == set(QuestionKind.values) - {QuestionKind.TEXT, QuestionKind.UPLOAD}
    assert set(CROSSTAB_KINDS) == {"single", "multiple", "scale5", "scale10", "yesno"}
    assert set(ONE_PICK_KINDS) == {"single", "scale5", "scale10", "yesno"}
