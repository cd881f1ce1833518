"""Scales of numbers, 1–5 and 0–10: one number, its ends optionally named by the staff."""

from typing import ClassVar

from django import forms

from ..models import Question, QuestionKind
from ..services.answers import AnswerValue
from .base import QuestionKindBase


class ScaleKind(QuestionKindBase):
    low: ClassVar[int]
    high: ClassVar[int]
    is_condition = True
    closed = True
    crosstab = True
    one_pick = True

    def fields(self, question: Question, *, required: bool, sent_file: str | None) -> dict[str, forms.Field]:
        choices = []
        for number in range(self.low, self.high + 1):
            label = str(number)
            if number == self.low and question.low_label:
                label = f"{number} – {question.low_label}"
            elif number == self.high and question.high_label:
                label = f"{number} – {question.high_label}"
            choices.append((str(number), label))
        field = forms.ChoiceField(label=question.text, required=required, choices=choices, widget=forms.RadioSelect)
        return {question.field_name: field}

    def stored(self, question: Question, cleaned: dict, *, sent_file: bool) -> AnswerValue | None:
        stored = super().stored(question, cleaned, sent_file=sent_file)
        return AnswerValue(int(str(stored.value))) if stored else None

    def options(self, question: Question) -> list[tuple[str, str]]:
        return [(str(n), str(n)) for n in range(self.low, self.high + 1)]

    def cell(self, value: object, text: str) -> object:
        # A number stays a number, so that a spreadsheet can count with it.
        return value if isinstance(value, int | float) and not isinstance(value, bool) else text


class Scale5Kind(ScaleKind):
    kind = QuestionKind.SCALE5
    low, high = 1, 5


class Scale10Kind(ScaleKind):
    kind = QuestionKind.SCALE10
    low, high = 0, 10
