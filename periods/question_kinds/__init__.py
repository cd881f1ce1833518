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


class AnswerReader:
    """Reads the answers of one question as text or as spreadsheet cells, its labels looked up once.

    Every page and file that shows an answer reads it here, in the active language: an empty
    answer reads as "", and the words of "other, what?" follow the option (or stand alone).
    """

    def __init__(self, question: Question) -> None:
        self.kind = kind_for(question)
        self.labels = self.kind.labels(question)

    def text(self, value: object, *, other: str = "", file_name: str = "") -> str:
        text = self.kind.text(value, self.labels, file_name=file_name)
        if not other:
            return text
        other_text = f"{_('other')}: {other}"
        return f"{text}; {other_text}" if text else capfirst(other_text)

    def cell(self, value: object, *, other: str = "", file_name: str = "") -> object:
        """Its text, or a number where the kind keeps one (never with "other" words)."""
        text = self.text(value, other=other, file_name=file_name)
        return text if other else self.kind.cell(value, text)


def answer_text(question: Question, value: object, *, other: str = "", file_name: str = "") -> str:
    """One answer in words (a page showing a few answers; AnswerReader for many of one question)."""
    return AnswerReader(question).text(value, other=other, file_name=file_name)


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
    "AnswerReader",
    "QuestionKind",
    "QuestionKindBase",
    "answer_text",
    "kind_for",
    "percent",
    "yes_no",
]
