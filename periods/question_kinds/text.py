"""An open text question: the member's own words, up to a length the staff may set."""

from collections.abc import Mapping

from django import forms

from ..models import Question, QuestionKind
from .base import TEXT_LIMIT, QuestionKindBase, limit_help


class TextKind(QuestionKindBase):
    kind = QuestionKind.TEXT

    def fields(self, question: Question, *, required: bool, sent_file: str | None) -> dict[str, forms.Field]:
        limit = question.max_length or TEXT_LIMIT
        field = forms.CharField(
            label=question.text,
            required=required,
            min_length=question.min_length or None,
            max_length=limit,
            help_text=limit_help(limit),
            widget=forms.Textarea(attrs={"rows": 5}),
        )
        return {question.field_name: field}

    def text(self, value: object, labels: Mapping[str, str], *, file_name: str = "") -> str:
        return "" if value is None else str(value)
