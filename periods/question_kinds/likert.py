"""A Likert grid: each row (a statement) answered on the same five-step scale of agreement."""

from collections import Counter
from collections.abc import Mapping

from django import forms
from django.utils.translation import gettext as _

from ..models import Question, QuestionKind
from ..services.answers import AnswerValue
from .base import LIKERT_SCALE, AnswerForm, QuestionKindBase, percent


class LikertKind(QuestionKindBase):
    kind = QuestionKind.LIKERT
    needs_choices = True
    closed = True
    grouped = True

    def fields(self, question: Question, *, required: bool, sent_file: str | None) -> dict[str, forms.Field]:
        return {
            f"{question.field_name}_{value}": forms.ChoiceField(
                label=label, required=False, choices=LIKERT_SCALE, widget=forms.RadioSelect
            )
            for value, label in question.options()
        }

    def check(self, form: AnswerForm, question: Question, cleaned: dict) -> None:
        rows = [f"{question.field_name}_{v}" for v, _label in question.options()]
        if question.required or any(cleaned.get(row) for row in rows):
            for row in rows:
                if not cleaned.get(row) and row not in form.errors:
                    form.add_error(row, _("Choose an answer for this row."))

    def stored(self, question: Question, cleaned: dict, *, sent_file: bool) -> AnswerValue | None:
        name = question.field_name
        rows = {v: int(cleaned[f"{name}_{v}"]) for v, _label in question.options() if cleaned.get(f"{name}_{v}")}
        return AnswerValue(rows) if rows else None

    def initial(self, question: Question, value: object, other_text: str) -> dict:
        if not isinstance(value, dict):
            return {}
        return {f"{question.field_name}_{row}": str(choice) for row, choice in value.items()}

    def options(self, question: Question) -> list[tuple[str, str]]:
        # The columns of the figures: the steps of the scale, as numbers.
        return [(str(n), str(n)) for n in range(1, 6)]

    def labels(self, question: Question) -> dict[str, str]:
        # An answer is read row by row: the rows' labels, not the steps'.
        return dict(question.options())

    def text(self, value: object, labels: Mapping[str, str], *, file_name: str = "") -> str:
        if not isinstance(value, dict):
            return super().text(value, labels)
        steps = dict(LIKERT_SCALE)
        # The step as a number and in words: "Service: 4 – somewhat agree".
        words = {
            row: f"{step} – {steps[str(step)]}" if str(step) in steps else str(step) for row, step in value.items()
        }
        return "; ".join(f"{labels.get(str(row), row)}: {word}" for row, word in words.items())

    def count(self, question: Question, counted: list[tuple[object, int]], n: int) -> dict:
        steps = self.options(question)
        lines = []
        for row_value, row_label in question.options():
            counts: Counter = Counter()
            for value, count in counted:
                if isinstance(value, dict) and row_value in value:
                    counts[str(value.get(row_value))] += count
            row_n = sum(counts.values())
            cells = [{"value": v, "count": counts[v], "pct": percent(counts[v], row_n)} for v, _label in steps]
            lines.append({"value": row_value, "label": row_label, "n": row_n, "cells": cells})
        return {"rows": [], "likert": lines}
