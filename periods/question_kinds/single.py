"""A single-choice question: one option, or "other, what?" with the member's own words."""

from collections.abc import Mapping

from django import forms
from django.utils.translation import gettext as _

from ..models import Question, QuestionKind
from ..services.answers import AnswerValue
from .base import OTHER, AnswerForm, QuestionKindBase


class SingleKind(QuestionKindBase):
    kind = QuestionKind.SINGLE
    needs_choices = True
    offers_other = True
    is_condition = True
    closed = True
    crosstab = True
    one_pick = True

    def fields(self, question: Question, *, required: bool, sent_file: str | None) -> dict[str, forms.Field]:
        name = question.field_name
        other = [(OTHER, _("Other, what?"))] if question.allow_other else []
        fields: dict[str, forms.Field] = {
            name: forms.ChoiceField(
                label=question.text, required=required, choices=question.options() + other, widget=forms.RadioSelect
            )
        }
        if question.allow_other:
            fields[f"{name}_other"] = forms.CharField(label=_("Other, what?"), required=False, max_length=500)
        return fields

    def check(self, form: AnswerForm, question: Question, cleaned: dict) -> None:
        super().check(form, question, cleaned)
        name = question.field_name
        if cleaned.get(name) == OTHER and not cleaned.get(f"{name}_other", "").strip():
            form.add_error(f"{name}_other", _("Tell us what you mean by “other”."))

    def stored(self, question: Question, cleaned: dict, *, sent_file: bool) -> AnswerValue | None:
        name = question.field_name
        if cleaned.get(name) == OTHER:
            return AnswerValue(OTHER, other_text=cleaned.get(f"{name}_other", "").strip())
        return super().stored(question, cleaned, sent_file=sent_file)

    def text(self, value: object, labels: Mapping[str, str], *, file_name: str = "") -> str:
        # The words of "other" follow (AnswerReader); the placeholder value is never shown.
        return "" if value == OTHER else super().text(value, labels)
