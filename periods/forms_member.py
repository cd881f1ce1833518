"""Forms members fill in: a survey built from its questions, posts, votes, diary entries and replies."""

from dataclasses import dataclass, field

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .models import Question, QuestionKind, VoteChoice
from .services.answers import AnswerValue
from .uploads import upload_check

OTHER = "__other__"
TEXT_LIMIT = 10000
LIKERT_SCALE = [
    ("1", gettext_lazy("strongly disagree")),
    ("2", gettext_lazy("somewhat disagree")),
    ("3", gettext_lazy("neither agree nor disagree")),
    ("4", gettext_lazy("somewhat agree")),
    ("5", gettext_lazy("strongly agree")),
]


@dataclass
class Block:
    """One question as shown: its fields, and the note of a conditional question."""

    question: Question
    fields: list = field(default_factory=list)
    condition: str = ""


def _scale(question: Question, low: int, high: int) -> list[tuple[str, str]]:
    choices = []
    for number in range(low, high + 1):
        label = str(number)
        if number == low and question.low_label:
            label = f"{number} – {question.low_label}"
        elif number == high and question.high_label:
            label = f"{number} – {question.high_label}"
        choices.append((str(number), label))
    return choices


class SurveyForm(forms.Form):
    """The questions of a survey task; hidden conditional questions are neither required nor kept."""

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
        name, label, required = q.field_name, q.text, self._required(q)
        kind = q.kind
        if kind == QuestionKind.TEXT:
            validators = []
            self.fields[name] = forms.CharField(
                label=label,
                required=required,
                min_length=q.min_length or None,
                max_length=q.max_length or TEXT_LIMIT,
                widget=forms.Textarea(attrs={"rows": 5}),
                validators=validators,
            )
        elif kind == QuestionKind.SINGLE:
            choices = q.options() + ([(OTHER, _("Other, what?"))] if q.allow_other else [])
            self.fields[name] = forms.ChoiceField(
                label=label, required=required, choices=choices, widget=forms.RadioSelect
            )
            if q.allow_other:
                self.fields[f"{name}_other"] = forms.CharField(label=_("Other, what?"), required=False, max_length=500)
        elif kind == QuestionKind.MULTIPLE:
            self.fields[name] = forms.MultipleChoiceField(
                label=label, required=required, choices=q.options(), widget=forms.CheckboxSelectMultiple
            )
        elif kind == QuestionKind.SCALE5:
            self.fields[name] = forms.ChoiceField(
                label=label, required=required, choices=_scale(q, 1, 5), widget=forms.RadioSelect
            )
        elif kind == QuestionKind.SCALE10:
            self.fields[name] = forms.ChoiceField(
                label=label, required=required, choices=_scale(q, 0, 10), widget=forms.RadioSelect
            )
        elif kind == QuestionKind.YESNO:
            self.fields[name] = forms.ChoiceField(
                label=label, required=required, choices=[("yes", _("yes")), ("no", _("no"))], widget=forms.RadioSelect
            )
        elif kind == QuestionKind.RANKING:
            options = q.options()
            ranks = [("", "–")] + [(str(i), str(i)) for i in range(1, len(options) + 1)]
            for value, option_label in options:
                self.fields[f"{name}_{value}"] = forms.ChoiceField(
                    label=_("Rank of “%(option)s”") % {"option": option_label}, required=False, choices=ranks
                )
        elif kind == QuestionKind.LIKERT:
            for value, row_label in q.options():
                self.fields[f"{name}_{value}"] = forms.ChoiceField(
                    label=row_label, required=False, choices=LIKERT_SCALE, widget=forms.RadioSelect
                )
        elif kind == QuestionKind.UPLOAD:
            accept = []
            types = q.upload_types or ["image"]
            if "image" in types:
                accept.append("image/jpeg,image/png,image/webp")
            if "pdf" in types:
                accept.append("application/pdf")
            self.fields[name] = forms.FileField(
                label=label,
                required=required and q.pk not in self.existing_files,
                widget=forms.ClearableFileInput(attrs={"accept": ",".join(accept)}),
                help_text=self._upload_help(q),
            )
        if q.help and name in self.fields:
            self.fields[name].help_text = q.help

    def _upload_help(self, q: Question) -> str:
        kinds = []
        types = q.upload_types or ["image"]
        if "image" in types:
            kinds.append(_("an image (JPEG, PNG or WebP)"))
        if "pdf" in types:
            kinds.append(_("a PDF document"))
        if len(kinds) == 2:
            kinds = [_("%(first)s or %(second)s") % {"first": kinds[0], "second": kinds[1]}]
        text = _("%(kinds)s, at most %(size)d MB.") % {"kinds": kinds[0] if kinds else "", "size": q.max_size_mb}
        if q.pk in self.existing_files:
            text += " " + _("You have already sent “%(name)s”; a new file replaces it.") % {
                "name": self.existing_files[q.pk]
            }
        return text

    # --- showing ---

    def blocks(self) -> list[Block]:
        blocks = []
        for q in self.questions:
            names = [n for n in self.fields if n == q.field_name or n.startswith(f"{q.field_name}_")]
            blocks.append(Block(q, [self[n] for n in names], self._condition_note(q)))
        return blocks

    def _condition_note(self, q: Question) -> str:
        source = self.by_pk.get(q.show_if_question_id)
        if source is None:
            return ""
        shown = dict(source.options()).get(q.show_if_value, q.show_if_value)
        if source.kind == QuestionKind.YESNO:
            shown = {"yes": _("yes"), "no": _("no")}.get(q.show_if_value, q.show_if_value)
        return _("Answer only if you answered “%(value)s” to the question “%(question)s”.") % {
            "value": shown,
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
        cleaned = super().clean()
        for q in self.questions:
            name = q.field_name
            if not self._shown(q, cleaned):
                for key in [k for k in list(self._errors) if k == name or k.startswith(f"{name}_")]:
                    del self._errors[key]
                for key in [k for k in list(cleaned) if k == name or k.startswith(f"{name}_")]:
                    del cleaned[key]
                continue
            self._check(q, cleaned)
        return cleaned

    def _missing(self, name: str) -> None:
        self.add_error(name, _("This question needs an answer."))

    def _check(self, q: Question, cleaned: dict) -> None:
        name = q.field_name
        value = cleaned.get(name)
        if q.kind == QuestionKind.RANKING:
            self._check_ranking(q, cleaned)
            return
        if q.kind == QuestionKind.LIKERT:
            rows = [f"{name}_{v}" for v, _label in q.options()]
            answered = [r for r in rows if cleaned.get(r)]
            if q.required or answered:
                for row in rows:
                    if not cleaned.get(row) and row not in self._errors:
                        self.add_error(row, _("Choose an answer for this row."))
            return
        kept_file = q.kind == QuestionKind.UPLOAD and q.pk in self.existing_files
        if q.required and q.show_if_question_id and not value and name not in self._errors and not kept_file:
            self._missing(name)
        if q.kind == QuestionKind.SINGLE and value == OTHER and not cleaned.get(f"{name}_other", "").strip():
            self.add_error(f"{name}_other", _("Tell us what you mean by “other”."))
        if q.kind == QuestionKind.MULTIPLE and value:
            if q.min_picks and len(value) < q.min_picks:
                self.add_error(name, _("Choose at least %(count)d.") % {"count": q.min_picks})
            if q.max_picks and len(value) > q.max_picks:
                self.add_error(name, _("Choose at most %(count)d.") % {"count": q.max_picks})
        if q.kind == QuestionKind.UPLOAD and value:
            try:
                cleaned[name] = upload_check(value, types=q.upload_types or ["image"], max_size_mb=q.max_size_mb)
            except ValidationError as error:
                self.add_error(name, error)

    def _check_ranking(self, q: Question, cleaned: dict) -> None:
        name = q.field_name
        fields = {v: f"{name}_{v}" for v, _label in q.options()}
        ranks = {v: cleaned.get(f) for v, f in fields.items()}
        given = {v: r for v, r in ranks.items() if r}
        if not given:
            if q.required:
                self.add_error(next(iter(fields.values())), _("Rank every option."))
            return
        if len(given) < len(fields):
            for v, f in fields.items():
                if not ranks[v]:
                    self.add_error(f, _("Give this option a rank too."))
            return
        seen: dict[str, str] = {}
        for v, rank in given.items():
            if rank in seen:
                self.add_error(fields[v], _("Each rank can be used only once."))
            seen[rank] = v

    def answers(self) -> dict[int, AnswerValue | None]:
        """Question id → the value to store, or None to drop a hidden or empty answer."""
        cleaned = self.cleaned_data
        result: dict[int, AnswerValue | None] = {}
        for q in self.questions:
            name = q.field_name
            if q.kind == QuestionKind.RANKING:
                ranks = {v: cleaned.get(f"{name}_{v}") for v, _label in q.options()}
                order = sorted((int(r), v) for v, r in ranks.items() if r)
                result[q.pk] = AnswerValue([v for _rank, v in order]) if order else None
            elif q.kind == QuestionKind.LIKERT:
                rows = {v: int(cleaned[f"{name}_{v}"]) for v, _label in q.options() if cleaned.get(f"{name}_{v}")}
                result[q.pk] = AnswerValue(rows) if rows else None
            elif q.kind == QuestionKind.UPLOAD:
                upload = cleaned.get(name)
                if upload:
                    result[q.pk] = AnswerValue(None, upload=upload)
                elif q.pk not in self.existing_files or name not in cleaned:
                    result[q.pk] = None
                # else: keep the file sent before (no entry means no change)
            else:
                value = cleaned.get(name)
                if value in (None, "", []):
                    result[q.pk] = None
                elif q.kind in (QuestionKind.SCALE5, QuestionKind.SCALE10):
                    result[q.pk] = AnswerValue(int(value))
                elif q.kind == QuestionKind.SINGLE and value == OTHER:
                    result[q.pk] = AnswerValue(OTHER, other_text=cleaned.get(f"{name}_other", "").strip())
                else:
                    result[q.pk] = AnswerValue(value)
        return result


def survey_initial(questions: list[Question], draft: dict, answers: dict) -> dict:
    """Initial values of the survey: the draft as typed if there is one, otherwise the answers sent."""
    initial: dict = {}
    if draft:
        for key, values in draft.items():
            if not isinstance(values, list):
                values = [values]
            initial[key] = values if _is_multiple(questions, key) else (values[-1] if values else "")
        return initial
    for q in questions:
        answer = answers.get(q.pk)
        if answer is None or answer.value is None:
            continue
        name = q.field_name
        if q.kind == QuestionKind.RANKING and isinstance(answer.value, list):
            for rank, value in enumerate(answer.value, start=1):
                initial[f"{name}_{value}"] = str(rank)
        elif q.kind == QuestionKind.LIKERT and isinstance(answer.value, dict):
            for row, value in answer.value.items():
                initial[f"{name}_{row}"] = str(value)
        elif q.kind == QuestionKind.MULTIPLE:
            initial[name] = answer.value
        else:
            initial[name] = str(answer.value)
            if answer.other_text:
                initial[f"{name}_other"] = answer.other_text
    return initial


def _is_multiple(questions: list[Question], key: str) -> bool:
    return any(q.field_name == key and q.kind == QuestionKind.MULTIPLE for q in questions)


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
