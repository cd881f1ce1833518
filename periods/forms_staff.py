"""Forms of the staff pages of periods: periods, reviews, tasks, questions, statements, moderation."""

import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise

from accounts.background import (
    BACKGROUND_VARIABLES,
)
from core.forms import field_of
from organisations.models import Organisation

from .models import (
    HELSINKI,
    PERIOD_DAYS,
    Audience,
    Period,
    Question,
    Status,
    Task,
    UploadType,
    default_times,
)
from .permissions import can_manage_periods
from .question_kinds import KINDS, NO_KIND, QuestionKindBase, kind_for
from .services.staff import PERIOD_FIELDS, PERIOD_TEXT_FIELDS, TASK_FIELDS
from .uploads import upload_check

ATTACHMENT_MAX_MB = 5
MAX_OPTIONS = 50
VALUE_PATTERN = re.compile(r"^[A-Za-z0-9_-]{1,30}$")


def segment_choices() -> dict[str, tuple[StrOrPromise, list]]:
    """(label, choices) of each background variable a period's audience may be limited by."""
    return {name: (variable.label, variable.choices()) for name, variable in BACKGROUND_VARIABLES.items()}


class StatusFilterForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), required=False, choices=[("", _("all")), *list(Status.choices)])


class PeriodForm(forms.ModelForm):
    """A period; times default from the start day and may be set exactly instead."""

    start_day = forms.DateField(
        label=_("Start day"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Opens at 9:00 on this day and closes at 23:59 on the tenth day (Finnish time)."),
    )
    starts_at = forms.DateTimeField(
        label=_("Opens at (instead of the default)"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    ends_at = forms.DateTimeField(
        label=_("Closes at (instead of the default)"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    organisations = forms.ModelMultipleChoiceField(
        label=_("Organisations that asked"),
        queryset=Organisation.objects.order_by("name_fi"),
        widget=forms.CheckboxSelectMultiple,
    )
    audience = forms.ChoiceField(
        label=_("Who takes part"), choices=Audience.choices, widget=forms.RadioSelect, initial=Audience.ALL
    )
    reminder_days = forms.IntegerField(
        label=_("Reminder, days before closing"), min_value=0, max_value=PERIOD_DAYS * 3, initial=2
    )

    class Meta:
        model = Period
        fields = [*PERIOD_TEXT_FIELDS, "organisations"]
        widgets = {
            name: forms.Textarea(attrs={"rows": 6}) for name in ["description_fi", "description_sv", "description_en"]
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        for name, (label, choices) in segment_choices().items():
            self.fields[f"segment_{name}"] = forms.MultipleChoiceField(
                label=_("Segment: %(field)s") % {"field": label},
                choices=choices,
                required=False,
                widget=forms.CheckboxSelectMultiple,
            )
        if not can_manage_periods(user):
            # A developer proposes only for their own organisation: the field is not theirs to set.
            del self.fields["organisations"]
        period = self.instance
        if period.pk:
            if "organisations" in self.fields:
                self.initial["organisations"] = [org.pk for org in period.organisations.all()]
            self.initial["audience"] = period.audience
            self.initial["reminder_days"] = period.reminder_days
            day = period.starts_at.astimezone(HELSINKI).date()
            self.initial["start_day"] = day
            if (period.starts_at, period.ends_at) != default_times(day):
                self.initial["starts_at"] = period.starts_at.astimezone(HELSINKI).replace(tzinfo=None)
                self.initial["ends_at"] = period.ends_at.astimezone(HELSINKI).replace(tzinfo=None)
            for name in BACKGROUND_VARIABLES:
                self.initial[f"segment_{name}"] = (period.segment or {}).get(name, [])

    def clean(self):
        super().clean()
        data = self.cleaned_data
        start_day, starts_at, ends_at = data.get("start_day"), data.get("starts_at"), data.get("ends_at")
        if start_day:
            default_start, default_end = default_times(start_day)
            starts_at = starts_at or default_start
            ends_at = ends_at or default_end
        if not starts_at or not ends_at:
            if not self.has_error("start_day") and not self.has_error("starts_at") and not self.has_error("ends_at"):
                self.add_error("start_day", _("Give the start day, or both the opening and closing time."))
        elif ends_at <= starts_at:
            self.add_error("ends_at", _("The period must close after it opens."))
        else:
            data["starts_at"], data["ends_at"] = starts_at, ends_at
            reminder = data.get("reminder_days")
            if reminder is not None and reminder > (ends_at - starts_at).days:
                self.add_error("reminder_days", _("The reminder must come after the period opens."))
        segment = {name: data.get(f"segment_{name}") or [] for name in BACKGROUND_VARIABLES}
        segment = {name: values for name, values in segment.items() if values}
        if data.get("audience") == Audience.SEGMENT:
            if not segment:
                self.add_error("audience", _("Choose at least one background value for the segment."))
            data["segment"] = segment
        else:
            data["segment"] = {}
        return data

    def period_data(self) -> dict:
        return {name: self.cleaned_data[name] for name in PERIOD_FIELDS}

    def chosen_organisations(self) -> list:
        if "organisations" in self.fields:
            return list(self.cleaned_data["organisations"])
        return [self.user.organisation_id]


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("approve", _("approve")), ("return", _("return with a comment"))],
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("Comment"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )

    def clean(self):
        super().clean()
        data = self.cleaned_data
        if data.get("decision") == "return" and not (data.get("comment") or "").strip():
            self.add_error("comment", _("Write a comment that tells what to change."))
        return data


class DuplicatePeriodForm(forms.Form):
    start_day = forms.DateField(label=_("Start day of the copy"), widget=forms.DateInput(attrs={"type": "date"}))


class DuplicateTaskForm(forms.Form):
    period = forms.ModelChoiceField(label=_("Copy into the period"), queryset=Period.objects.none())

    def __init__(self, *args, periods, **kwargs):
        super().__init__(*args, **kwargs)
        field_of(self, "period", forms.ModelChoiceField).queryset = periods


class TaskForm(forms.ModelForm):
    attachment_file = forms.FileField(
        label=_("Image or attachment"),
        required=False,
        help_text=_("An image (JPEG, PNG, WebP) or a PDF document, at most 5 MB."),
    )
    remove_attachment = forms.BooleanField(label=_("Remove the current attachment"), required=False)

    class Meta:
        model = Task
        fields = TASK_FIELDS
        widgets = {
            "kind": forms.RadioSelect,
            **{
                name: forms.Textarea(attrs={"rows": 5})
                for name in ["instructions_fi", "instructions_sv", "instructions_en"]
            },
        }

    def __init__(self, *args, has_answers: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.has_answers = has_answers
        self.fields["others_after_answering"].help_text = _("Discussion tasks only.")
        self.fields["members_add_statements"].help_text = _("Statement vote tasks only.")
        if not self.instance.attachment:
            del self.fields["remove_attachment"]

    def clean_kind(self):
        kind = self.cleaned_data["kind"]
        if self.instance.pk and self.has_answers and kind != self.instance.kind:
            raise forms.ValidationError(_("The kind cannot change once members have answered."))
        return kind

    def clean_attachment_file(self):
        upload = self.cleaned_data.get("attachment_file")
        if upload:
            try:
                self.checked = upload_check(upload, types=["image", "pdf"], max_size_mb=ATTACHMENT_MAX_MB)
            except ValidationError as error:
                raise forms.ValidationError(error.messages) from error
        return upload

    def save(self, commit: bool = True) -> Task:
        task = super().save(commit=False)
        upload = self.cleaned_data.get("attachment_file")
        if upload:
            task.attachment.save(self.checked.stored_name, self.checked.content, save=False)
            task.attachment_name = self.checked.file_name
        elif self.cleaned_data.get("remove_attachment"):
            task.attachment = ""
            task.attachment_name = ""
        if commit:
            task.save()
        return task


class StatementForm(forms.Form):
    text_fi = forms.CharField(label=_("statement (Finnish)"), max_length=300)
    text_sv = forms.CharField(label=_("statement (Swedish)"), max_length=300, required=False)
    text_en = forms.CharField(label=_("statement (English)"), max_length=300, required=False)


def parse_choices(text: str) -> list[dict]:
    """Lines of "value|Finnish|Swedish|English", or only a Finnish label (values a, b, c… then)."""
    rows: list[tuple[str, list[str]]] = []
    for number, raw in enumerate((text or "").splitlines(), start=1):
        line = raw.strip()
        if not line:
            continue
        parts = [part.strip() for part in line.split("|")]
        if len(parts) == 1:
            rows.append(("", [parts[0], "", ""]))
        elif 2 <= len(parts) <= 4:
            value = parts[0]
            if not VALUE_PATTERN.match(value):
                raise forms.ValidationError(
                    _("Line %(number)d: the value may have only letters a–z, digits, - and _ (at most 30).")
                    % {"number": number}
                )
            labels = [*parts[1:], "", ""][:3]
            if not labels[0]:
                raise forms.ValidationError(_("Line %(number)d: the Finnish label is missing.") % {"number": number})
            rows.append((value, labels))
        else:
            raise forms.ValidationError(
                _("Line %(number)d: use at most four parts: value|Finnish|Swedish|English.") % {"number": number}
            )
    if len(rows) > MAX_OPTIONS:
        raise forms.ValidationError(_("At most %(count)d options.") % {"count": MAX_OPTIONS})
    used = [value for value, _labels in rows if value]
    if len(used) != len(set(used)):
        raise forms.ValidationError(_("Each option needs its own value."))
    letters = (chr(ord("a") + i) for i in range(26))
    numbered = (f"o{i}" for i in range(1, 100))
    free = (value for value in [*letters, *numbered] if value not in used)
    return [{"value": value or next(free), "fi": labels[0], "sv": labels[1], "en": labels[2]} for value, labels in rows]


def choices_text(choices: list[dict]) -> str:
    return "\n".join(
        "|".join([str(c["value"]), c.get("fi", ""), c.get("sv", ""), c.get("en", "")]).rstrip("|") for c in choices
    )


class QuestionForm(forms.ModelForm):
    choices_text = forms.CharField(
        label=_("Options (or Likert rows)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_(
            'One per line: "value|Finnish|Swedish|English", or only the Finnish label (values a, b, c… are made).'
        ),
    )
    upload_types = forms.MultipleChoiceField(
        label=_("Accepted file types"), choices=UploadType.choices, required=False, widget=forms.CheckboxSelectMultiple
    )
    max_size_mb = forms.IntegerField(label=_("Largest file (MB)"), min_value=1, max_value=20, initial=5)

    class Meta:
        model = Question
        fields = [
            "kind",
            "text_fi",
            "text_sv",
            "text_en",
            "help_fi",
            "help_sv",
            "help_en",
            "required",
            "min_length",
            "max_length",
            "min_picks",
            "max_picks",
            "allow_other",
            "low_label_fi",
            "low_label_sv",
            "low_label_en",
            "high_label_fi",
            "high_label_sv",
            "high_label_en",
            "upload_types",
            "max_size_mb",
            "show_if_question",
            "show_if_value",
        ]

    def __init__(self, *args, task: Task, has_answers: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.task = task
        self.has_answers = has_answers
        earlier = task.questions.all()
        if self.instance.pk:
            earlier = earlier.filter(order__lt=self.instance.order).exclude(pk=self.instance.pk)
        field_of(self, "show_if_question", forms.ModelChoiceField).queryset = earlier.order_by("order", "pk")
        self.fields["show_if_question"].help_text = _("An earlier question of this task.")
        self.fields["show_if_value"].help_text = _("The value of the option, yes or no, or the number on the scale.")
        if self.instance.pk:
            self.initial["choices_text"] = choices_text(self.instance.choices)

    def clean(self):
        super().clean()
        data = self.cleaned_data
        kind = data.get("kind")
        choices = self._clean_choices(data, kind)
        if self.instance.pk and self.has_answers and kind and kind != self.instance.kind:
            self.add_error("kind", _("The kind cannot change once members have answered."))
        self._clean_limits(data, KINDS.get(kind or "", NO_KIND), choices)
        self._clean_condition(data)
        self._clean_dependants(data)
        return data

    def _clean_choices(self, data: dict, kind: str | None) -> list | None:
        """The options from their text (None when it cannot be read); answered options keep their values."""
        try:
            choices = parse_choices(data.get("choices_text", ""))
        except forms.ValidationError as error:
            self.add_error("choices_text", error)
            return None
        needs_choices = KINDS.get(kind or "", NO_KIND).needs_choices
        if needs_choices and len(choices) < 2:
            self.add_error("choices_text", _("Give at least two options."))
        data["choices"] = choices if needs_choices else []
        if self.instance.pk and self.has_answers:
            old = {str(c["value"]) for c in self.instance.choices}
            if not old <= {c["value"] for c in data["choices"]}:
                self.add_error("choices_text", _("Members have answered: keep the values of the existing options."))
        return choices

    def _clean_limits(self, data: dict, spec: QuestionKindBase, choices: list | None) -> None:
        """Lengths, picks, file types and "other" that fit together and fit the kind."""
        for low, high in (("min_length", "max_length"), ("min_picks", "max_picks")):
            if data.get(low) is not None and data.get(high) is not None and data[low] > data[high]:
                self.add_error(low, _("The smallest value cannot be greater than the largest."))
        if data.get("max_length") == 0:
            self.add_error("max_length", _("The largest value must be at least 1."))
        if spec.limits_picks and choices:
            for name in ("min_picks", "max_picks"):
                if data.get(name) is not None and data[name] > len(choices):
                    self.add_error(name, _("There are fewer options than that."))
        if spec.needs_upload_types and not data.get("upload_types"):
            self.add_error("upload_types", _("Choose at least one accepted file type."))
        if data.get("allow_other") and not spec.offers_other:
            self.add_error("allow_other", _("Only a single-choice question can offer “other, what?”."))

    def _clean_dependants(self, data: dict) -> None:
        """Later questions shown on this one's answer must still find their value."""
        if not self.instance.pk or "choices" not in data or not data.get("kind"):
            return
        values = [q.show_if_value for q in Question.objects.filter(show_if_question=self.instance)]
        if values:
            question = Question(kind=data["kind"], choices=data["choices"])
            allowed = kind_for(question).condition_values(question) or []
            if any(value not in allowed for value in values):
                self.add_error(None, _("A later question is shown only on an answer to this one: keep that answer."))

    def _clean_condition(self, data: dict) -> None:
        source, value = data.get("show_if_question"), (data.get("show_if_value") or "").strip()
        data["show_if_value"] = value
        if source is None:
            if value:
                self.add_error("show_if_question", _("Choose the question the value belongs to."))
            return
        if source.task_id != self.task.pk or (self.instance.pk and source.pk == self.instance.pk):
            self.add_error("show_if_question", _("Choose an earlier question of this task."))
            return
        allowed = kind_for(source).condition_values(source)
        if allowed is None:
            self.add_error("show_if_question", _("A question of this kind cannot be a condition."))
        elif value not in allowed:
            self.add_error("show_if_value", _("Give one of these values: %(values)s.") % {"values": ", ".join(allowed)})

    def save(self, commit: bool = True) -> Question:
        question = super().save(commit=False)
        question.choices = self.cleaned_data["choices"]
        question.upload_types = list(self.cleaned_data.get("upload_types") or [])
        question.task = self.task
        if commit:
            question.save()
        return question


class HideForm(forms.Form):
    reason = forms.CharField(label=_("Reason for hiding (the author sees it)"), max_length=300)


class ProbeForm(forms.Form):
    question = forms.CharField(label=_("Follow-up question"), max_length=2000, widget=forms.Textarea(attrs={"rows": 4}))


class NoteForm(forms.Form):
    text = forms.CharField(label=_("Team note"), max_length=4000, widget=forms.Textarea(attrs={"rows": 3}))


class ProbeFilterForm(forms.Form):
    state = forms.ChoiceField(
        label=_("Show"),
        required=False,
        choices=[("", _("all")), ("answered", _("answered")), ("unanswered", _("unanswered"))],
    )
