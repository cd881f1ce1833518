"""A multiple-choice question: any number of options, within the fewest and most picks set."""

from collections.abc import Mapping

from django import forms
from django.utils.translation import gettext as _

from ..models import Question, QuestionKind
from .base import AnswerForm, QuestionKindBase


class MultipleKind(QuestionKindBase):
    kind = QuestionKind.MULTIPLE
    needs_choices = True
    limits_picks = True
    is_condition = True
    closed = True
    crosstab = True
    many = True

    def fields(self, question: Question, *, required: bool, sent_file: str | None) -> dict[str, forms.Field]:
        field = forms.MultipleChoiceField(
            label=question.text, required=required, choices=question.options(), widget=forms.CheckboxSelectMultiple
        )
        return {question.field_name: field}

    def check(self, form: AnswerForm, question: Question, cleaned: dict) -> None:
        super().check(form, question, cleaned)
        name, value = question.field_name, cleaned.get(question.field_name)
        if not value:
            return
        if question.min_picks and len(value) < question.min_picks:
            form.add_error(name, _("Choose at least %(count)d.") % {"count": question.min_picks})
        if question.max_picks and len(value) > question.max_picks:
            form.add_error(name, _("Choose at most %(count)d.") % {"count": question.max_picks})

    def initial(self, question: Question, value: object, other_text: str) -> dict:
        return {question.field_name: value}

    def text(self, value: object, labels: Mapping[str, str], *, file_name: str = "") -> str:
        if not isinstance(value, list):
            return super().text(value, labels)
        return "; ".join(labels.get(str(item), str(item)) for item in value)

    def picked(self, value: object) -> list[str]:
        return [str(v) for v in value] if isinstance(value, list) else []
