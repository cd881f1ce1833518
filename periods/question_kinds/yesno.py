"""A yes-or-no question."""

from collections.abc import Mapping

from django import forms

from ..models import Question, QuestionKind
from .base import QuestionKindBase, yes_no


class YesNoKind(QuestionKindBase):
    kind = QuestionKind.YESNO
    is_condition = True
    closed = True
    crosstab = True
    one_pick = True

    def fields(self, question: Question, *, required: bool, sent_file: str | None) -> dict[str, forms.Field]:
        field = forms.ChoiceField(label=question.text, required=required, choices=yes_no(), widget=forms.RadioSelect)
        return {question.field_name: field}

    def options(self, question: Question) -> list[tuple[str, str]]:
        return yes_no()

    def text(self, value: object, labels: Mapping[str, str], *, file_name: str = "") -> str:
        # A stored boolean reads as yes or no too.
        if isinstance(value, bool):
            value = "yes" if value else "no"
        return super().text(value, labels)
