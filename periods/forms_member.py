"""Forms members fill in: a survey built from its questions, posts, votes, diary entries and replies."""

from dataclasses import dataclass, field

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .models import Question, VoteChoice
from .question_kinds import KEEP, TEXT_LIMIT, AnswerReader, QuestionKindBase, kind_for
from .services.answers import AnswerValue


@dataclass
class Block:
    """One question as shown: its fields, and the note of a conditional question."""

    question: Question
    fields: list = field(default_factory=list)
    condition: str = ""

    @property
    def kind(self) -> QuestionKindBase:
        return kind_for(self.question)


class SurveyForm(forms.Form):
    """The questions of a survey task; hidden conditional questions are neither required nor kept.

    Each question's fields, checks and stored value come from its kind (periods.question_kinds).
    """

    def __init__(self, *args, questions: list[Question], existing_files: dict[int, str] | None = None, **kwargs):
        self.disabled = kwargs.pop("disabled", False)
        super().__init__(*args, **kwargs)
        self.questions = questions
        self.existing_files = existing_files or {}
        self.by_pk = {q.pk: q for q in questions}
        for question in questions:
            self._add(question)
        if self.disabled:
            for f in self.fields.values():
                f.disabled = True

    def _required(self, question: Question) -> bool:
        # Conditional questions are checked in clean(), once we know whether they are shown.
        return question.required and question.show_if_question_id is None

    def _add(self, q: Question) -> None:
        sent_file = self.existing_files.get(q.pk)
        self.fields.update(kind_for(q).fields(q, required=self._required(q), sent_file=sent_file))
        if q.help and q.field_name in self.fields:
            self.fields[q.field_name].help_text = q.help

    # --- showing ---

    def blocks(self) -> list[Block]:
        blocks = []
        for q in self.questions:
            names = [n for n in self.fields if n == q.field_name or n.startswith(f"{q.field_name}_")]
            blocks.append(Block(q, [self[n] for n in names], self._condition_note(q)))
        return blocks

    def _condition_note(self, q: Question) -> str:
        source = self.by_pk.get(q.show_if_question_id) if q.show_if_question_id is not None else None
        if source is None:
            return ""
        return _("Answer only if you answered “%(value)s” to the question “%(question)s”.") % {
            "value": AnswerReader(source).text(q.show_if_value),
            "question": source.text,
        }

    # --- checking ---

    def _shown(self, q: Question, cleaned: dict) -> bool:
        if q.show_if_question_id is None:
            return True
        source = self.by_pk.get(q.show_if_question_id)
        if source is None or not self._shown(source, cleaned):
            return False
        value = cleaned.get(source.field_name)
        if isinstance(value, list):
            return q.show_if_value in value
        return value is not None and str(value) == q.show_if_value

    def clean(self):
        super().clean()
        cleaned = self.cleaned_data
        for q in self.questions:
            name = q.field_name
            if not self._shown(q, cleaned):
                for key in [k for k in list(self.errors) if k == name or k.startswith(f"{name}_")]:
                    del self.errors[key]
                for key in [k for k in list(cleaned) if k == name or k.startswith(f"{name}_")]:
                    del cleaned[key]
                continue
            kind_for(q).check(self, q, cleaned)
        return cleaned

    def answers(self) -> dict[int, AnswerValue | None]:
        """Question id → the value to store, or None to drop a hidden or empty answer."""
        result: dict[int, AnswerValue | None] = {}
        for q in self.questions:
            stored = kind_for(q).stored(q, self.cleaned_data, sent_file=q.pk in self.existing_files)
            if stored is not KEEP:
                result[q.pk] = stored
        return result


def survey_initial(questions: list[Question], draft: dict, answers: dict) -> dict:
    """Initial values of the survey: the draft as typed if there is one, otherwise the answers sent."""
    initial: dict = {}
    if draft:
        many = {q.field_name for q in questions if kind_for(q).many}
        for key, values in draft.items():
            if not isinstance(values, list):
                values = [values]
            initial[key] = values if key in many else (values[-1] if values else "")
        return initial
    for q in questions:
        answer = answers.get(q.pk)
        if answer is not None and answer.value is not None:
            initial.update(kind_for(q).initial(q, answer.value, answer.other_text))
    return initial


class PostForm(forms.Form):
    text = forms.CharField(
        label=gettext_lazy("Your answer"), max_length=TEXT_LIMIT, widget=forms.Textarea(attrs={"rows": 6})
    )


class ReplyForm(forms.Form):
    text = forms.CharField(
        label=gettext_lazy("Your reply"), max_length=TEXT_LIMIT, widget=forms.Textarea(attrs={"rows": 3})
    )


class StatementForm(forms.Form):
    text = forms.CharField(label=gettext_lazy("Your own statement"), max_length=300)


class DiaryForm(forms.Form):
    day = forms.DateField(label=gettext_lazy("Day"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    text = forms.CharField(label=gettext_lazy("Entry"), max_length=TEXT_LIMIT, widget=forms.Textarea(attrs={"rows": 6}))


class ProbeReplyForm(forms.Form):
    reply = forms.CharField(
        label=gettext_lazy("Your reply"), max_length=TEXT_LIMIT, widget=forms.Textarea(attrs={"rows": 4})
    )


class VoteForm(forms.Form):
    """One vote: the statement it is on and agree, disagree or pass."""

    statement = forms.IntegerField(widget=forms.HiddenInput)
    value = forms.TypedChoiceField(choices=VoteChoice.choices, coerce=int)


def votes_from_post(post, statement_ids: list[int]) -> dict[int, int]:
    """Votes of the whole-page form (`s<id>` = 1, -1 or 0); unknown values are ignored."""
    votes = {}
    allowed = {str(v) for v in VoteChoice.values}
    for statement_id in statement_ids:
        value = post.get(f"s{statement_id}")
        if value in allowed:
            votes[statement_id] = int(value)
    return votes
