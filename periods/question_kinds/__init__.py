"""The kinds of survey question, one class each in one registry: `kind_for(question)`, `KINDS[kind]`.

A kind owns everything that differs between kinds: the member form's fields, their checks, the
value stored and read back, the answer as text and as a spreadsheet cell, and how the report
counts it. A new kind is one module here, one entry below and one test file in tests/kinds/.
"""

from django.utils.text import capfirst
from django.utils.translation import gettext as _

from ..models import Question, QuestionKind
from .base import KEEP, LIKERT_SCALE, OTHER, TEXT_LIMIT, QuestionKindBase, percent, yes_no
from .likert import LikertKind
from .multiple import MultipleKind
from .ranking import RankingKind
from .scale import Scale5Kind, Scale10Kind
from .single import SingleKind
from .text import TextKind
from .upload import UploadKind
from .yesno import YesNoKind

KINDS: dict[str, QuestionKindBase] = {
    kind.kind: kind
    for kind in (
        TextKind(),
        SingleKind(),
        MultipleKind(),
        Scale5Kind(),
        Scale10Kind(),
        RankingKind(),
        YesNoKind(),
        LikertKind(),
        UploadKind(),
    )
}
# No kind at all (a staff form whose kind is invalid): nothing applies.
NO_KIND = QuestionKindBase()
CLOSED_KINDS = tuple(value for value, kind in KINDS.items() if kind.closed)
CROSSTAB_KINDS = tuple(value for value, kind in KINDS.items() if kind.crosstab)
ONE_PICK_KINDS = tuple(value for value, kind in KINDS.items() if kind.one_pick)


def kind_for(question: Question) -> QuestionKindBase:
    return KINDS[question.kind]


def answer_text(question: Question, value: object, *, other: str = "", file_name: str = "") -> str:
    """An answer in words, in the active language: "" for none, the "other" text after the option."""
    text = kind_for(question).text(question, value, file_name=file_name)
    if not other:
        return text
    other_text = f"{_('other')}: {other}"
    return f"{text}; {other_text}" if text else capfirst(other_text)


def answer_cell(question: Question, value: object, *, other: str = "", file_name: str = "") -> object:
    """An answer as one spreadsheet cell: its text, or a number where the kind keeps one."""
    text = answer_text(question, value, other=other, file_name=file_name)
    return text if other else kind_for(question).cell(question, value, text)


__all__ = [
    "CLOSED_KINDS",
    "CROSSTAB_KINDS",
    "KEEP",
    "KINDS",
    "LIKERT_SCALE",
    "NO_KIND",
    "ONE_PICK_KINDS",
    "OTHER",
    "TEXT_LIMIT",
    "QuestionKind",
    "QuestionKindBase",
    "answer_cell",
    "answer_text",
    "kind_for",
    "percent",
    "yes_no",
]
