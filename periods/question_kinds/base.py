"""What every kind of question does, whatever its kind: the base class the kinds override."""

from collections import Counter
from collections.abc import Mapping
from typing import ClassVar, Protocol

from django import forms
from django.core.exceptions import ValidationError
from django.utils.functional import Promise
from django.utils.text import format_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_stubs_ext import StrOrPromise

from ..models import Question
from ..services.answers import AnswerValue

OTHER = "__other__"
TEXT_LIMIT = 10000


def limit_help(limit: int) -> StrOrPromise:
    """The length limit of a text box in words, for the help text that also serves without JavaScript."""
    return format_lazy(gettext_lazy("At most {limit} characters."), limit=limit)


# The answer of a question a form leaves as it was (a file sent before and not replaced); compared by identity.
KEEP = AnswerValue(None)
LIKERT_SCALE = [
    ("1", gettext_lazy("strongly disagree")),
    ("2", gettext_lazy("somewhat disagree")),
    ("3", gettext_lazy("neither agree nor disagree")),
    ("4", gettext_lazy("somewhat agree")),
    ("5", gettext_lazy("strongly agree")),
]


class AnswerForm(Protocol):
    """What a kind's checks need of the survey form: its errors so far and the files sent before."""

    existing_files: dict[int, str]

    @property
    def errors(self) -> dict: ...

    def add_error(self, field: str | None, error: ValidationError | str) -> None: ...


def yes_no() -> list[tuple[str, str]]:
    """The two answers of a yes-or-no question with their labels, in the active language."""
    return [("yes", _("yes")), ("no", _("no"))]


def percent(count: int, total: int) -> float | None:
    """Per cent of `total`, one decimal; None when there is nobody to count."""
    return round(100 * count / total, 1) if total else None


class QuestionKindBase:
    """One kind of question: its member form fields and checks, its answer as text, cell and figures.

    The base is a question of one free value, as a text question is; subclasses override only
    what their kind does differently. Flags tell the staff form and the report what applies.
    """

    kind: ClassVar[str] = ""
    # Staff form: the question needs options (or Likert rows); picks are bounded by the options;
    # it takes accepted file types; it may offer "other, what?".
    needs_choices: ClassVar[bool] = False
    limits_picks: ClassVar[bool] = False
    needs_upload_types: ClassVar[bool] = False
    offers_other: ClassVar[bool] = False
    # A later question may be shown only on one of its answers.
    is_condition: ClassVar[bool] = False
    # Report: its answers are counted; cross-tabulated by background groups; one option per answer.
    closed: ClassVar[bool] = False
    crosstab: ClassVar[bool] = False
    one_pick: ClassVar[bool] = False
    # Member form: its fields sit in one fieldset under the question; the answer is a list.
    grouped: ClassVar[bool] = False
    group_help: ClassVar[str | Promise] = ""
    many: ClassVar[bool] = False

    # --- the member's form ---

    def fields(self, question: Question, *, required: bool, sent_file: str | None) -> dict[str, forms.Field]:
        """The form fields of the question, by name (`sent_file`: the name of a file sent before)."""
        raise NotImplementedError

    def check(self, form: AnswerForm, question: Question, cleaned: dict) -> None:
        """Add the errors of the question's cleaned value to `form` (a shown conditional must be answered)."""
        name = question.field_name
        if question.required and question.show_if_question_id and not cleaned.get(name) and name not in form.errors:
            form.add_error(name, _("This question needs an answer."))

    def stored(self, question: Question, cleaned: dict, *, sent_file: bool) -> AnswerValue | None:
        """The value to store: an AnswerValue, None to drop the answer, or KEEP to leave it as it was."""
        value = cleaned.get(question.field_name)
        if value in (None, "", []):
            return None
        return AnswerValue(value)

    def initial(self, question: Question, value: object, other_text: str) -> dict:
        """The form's initial values from a stored answer."""
        initial = {question.field_name: str(value)}
        if other_text:
            initial[f"{question.field_name}_other"] = other_text
        return initial

    # --- the answer as read ---

    def options(self, question: Question) -> list[tuple[str, str]]:
        """(value, label) of the answers a closed question can have, in order."""
        return question.options()

    def condition_values(self, question: Question) -> list[str] | None:
        """The answers a later question may depend on, or None if this kind cannot be a condition."""
        return [value for value, _label in self.options(question)] if self.is_condition else None

    def labels(self, question: Question) -> dict[str, str]:
        """Stored values and their words, for reading answers: the labels of the options."""
        return dict(self.options(question))

    def text(self, value: object, labels: Mapping[str, str], *, file_name: str = "") -> str:
        """A stored value in words, given the question's `labels`, without the "other" text (see AnswerReader)."""
        return "" if value is None else labels.get(str(value), str(value))

    def cell(self, value: object, text: str) -> object:
        """The answer as one cell of a spreadsheet, given its `text`."""
        return text

    # --- the report's figures ---

    def picked(self, value: object) -> list[str]:
        """The option values one stored answer counts for."""
        return [] if value in ("", None, []) else [str(value)]

    def count(self, question: Question, counted: list[tuple[object, int]], n: int) -> dict:
        """The rows of the question's table from (stored value, how many) pairs; `n` respondents."""
        counts: Counter = Counter()
        for value, count in counted:
            for option in self.picked(value):
                counts[option] += count
        rows = [
            {"value": value, "label": label, "count": counts[value], "pct": percent(counts[value], n)}
            for value, label in self.options(question)
        ]
        return {"rows": rows, "likert": []}
