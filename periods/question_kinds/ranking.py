"""A ranking question: every option gets its own rank, 1 the most important."""

from collections import Counter
from collections.abc import Mapping

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ..models import Question, QuestionKind
from ..services.answers import AnswerValue
from .base import AnswerForm, QuestionKindBase


class RankingKind(QuestionKindBase):
    kind = QuestionKind.RANKING
    needs_choices = True
    limits_picks = True
    closed = True
    grouped = True
    group_help = gettext_lazy("Give each option a different rank: 1 is the most important.")

    def fields(self, question: Question, *, required: bool, sent_file: str | None) -> dict[str, forms.Field]:
        options = question.options()
        ranks = [("", "–")] + [(str(i), str(i)) for i in range(1, len(options) + 1)]
        return {
            f"{question.field_name}_{value}": forms.ChoiceField(
                label=_("Rank of “%(option)s”") % {"option": label}, required=False, choices=ranks
            )
            for value, label in options
        }

    def check(self, form: AnswerForm, question: Question, cleaned: dict) -> None:
        fields = {v: f"{question.field_name}_{v}" for v, _label in question.options()}
        ranks = {v: cleaned.get(f) for v, f in fields.items()}
        given = {v: r for v, r in ranks.items() if r}
        if not given:
            if question.required:
                form.add_error(next(iter(fields.values())), _("Rank every option."))
            return
        if len(given) < len(fields):
            for v, f in fields.items():
                if not ranks[v]:
                    form.add_error(f, _("Give this option a rank too."))
            return
        seen: dict[str, str] = {}
        for v, rank in given.items():
            if rank in seen:
                form.add_error(fields[v], _("Each rank can be used only once."))
            seen[rank] = v

    def stored(self, question: Question, cleaned: dict, *, sent_file: bool) -> AnswerValue | None:
        ranks = {v: cleaned.get(f"{question.field_name}_{v}") for v, _label in question.options()}
        order = sorted((int(r), v) for v, r in ranks.items() if r)
        return AnswerValue([v for _rank, v in order]) if order else None

    def initial(self, question: Question, value: object, other_text: str) -> dict:
        if not isinstance(value, list):
            return {}
        return {f"{question.field_name}_{option}": str(rank) for rank, option in enumerate(value, start=1)}

    def text(self, value: object, labels: Mapping[str, str], *, file_name: str = "") -> str:
        if not isinstance(value, list):
            return super().text(value, labels)
        return "; ".join(f"{rank}. {labels.get(str(v), str(v))}" for rank, v in enumerate(value, start=1))

    def count(self, question: Question, counted: list[tuple[object, int]], n: int) -> dict:
        places: Counter = Counter()
        rankings: Counter = Counter()
        for value, count in counted:
            for place, option in enumerate(value if isinstance(value, list) else [], start=1):
                places[str(option)] += place * count
                rankings[str(option)] += count
        rows = [
            {
                "value": value,
                "label": label,
                "count": rankings[value],
                "mean_rank": round(places[value] / rankings[value], 2) if rankings[value] else None,
            }
            for value, label in self.options(question)
        ]
        return {"rows": rows, "likert": []}
