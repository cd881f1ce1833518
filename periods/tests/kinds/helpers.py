"""Helpers of the per-kind tests: a question without a database, its survey form, its figures."""

from periods.forms_member import SurveyForm
from periods.models import Question
from periods.question_kinds import AnswerReader, answer_text, kind_for


def question(kind: str, **fields) -> Question:
    """An unsaved question of `kind` (pk 1, so its fields are named q1…)."""
    return Question(pk=fields.pop("pk", 1), kind=kind, text_fi="Kysymys", text_en="Question", **fields)


def survey(q: Question, data: dict | None = None, *, files: dict | None = None, sent: dict | None = None) -> SurveyForm:
    """The survey form of one question, bound to `data` when given."""
    if data is None and files is None:
        return SurveyForm(questions=[q], existing_files=sent)
    return SurveyForm(data or {}, files or {}, questions=[q], existing_files=sent)


def errors(form: SurveyForm) -> dict[str, list[str]]:
    assert not form.is_valid()
    return {name: list(messages) for name, messages in form.errors.items()}


def stored(form: SurveyForm, q: Question):
    """The value the form would store for `q` (the AnswerValue's value), or None."""
    assert form.is_valid(), form.errors
    value = form.answers().get(q.pk)
    return None if value is None else value.value


def text(q: Question, value, **extra) -> str:
    return answer_text(q, value, **extra)


def cell(q: Question, value, **extra):
    return AnswerReader(q).cell(value, **extra)


def count(q: Question, values: list) -> dict:
    """The figure table rows of `q` for these stored answers, one respondent each."""
    counted: dict = {}
    for value in values:
        key = repr(value)
        counted[key] = (value, counted.get(key, (value, 0))[1] + 1)
    return kind_for(q).count(q, list(counted.values()), len(values))
