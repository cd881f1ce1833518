from datetime import date

from django import forms
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from accounts.background import Gender, LifeSituation, MotherTongue, asked_variables
from core.forms import field_of

from .models import QuizQuestion, RecruitmentRound, ServiceUsed
from .quotas import feature_label
from .services import ApplicationDetails


class QuizForm(forms.Form):
    """One radio group per question; every question must be answered."""

    def __init__(self, *args, questions: list[QuizQuestion], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for question in questions:
            self.fields[f"q{question.pk}"] = forms.TypedChoiceField(
                label=question.text,
                choices=[(option.pk, option.text) for option in question.options.all()],
                coerce=int,
                widget=forms.RadioSelect,
                error_messages={"required": _("Choose one option.")},
            )

    def chosen_options(self) -> list[int]:
        return [value for key, value in self.cleaned_data.items() if key.startswith("q")]


class ApplicationForm(forms.Form):
    full_name = forms.CharField(label=_("Name"), max_length=200, widget=forms.TextInput(attrs={"autocomplete": "name"}))
    email = forms.EmailField(label=_("Email"), widget=forms.EmailInput(attrs={"autocomplete": "email"}))
    phone = forms.CharField(
        label=_("Phone"),
        max_length=40,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
    )
    birth_date = forms.DateField(
        label=_("Birth date"),
        help_text=_("For example 31.12.1970"),
        input_formats=["%d.%m.%Y", "%Y-%m-%d", "%d.%m.%y"],
        widget=forms.TextInput(attrs={"autocomplete": "bday", "inputmode": "numeric"}),
    )
    confirm_birth_date = forms.BooleanField(
        label=_("I confirm that my birth date is correct."),
        error_messages={"required": _("Confirm your birth date.")},
    )
    municipality = forms.ChoiceField(label=_("Municipality of residence"))
    gender = forms.ChoiceField(
        label=_("Gender"), choices=Gender.choices, initial=Gender.UNDISCLOSED, widget=forms.RadioSelect
    )
    mother_tongue = forms.ChoiceField(label=_("Mother tongue"), choices=MotherTongue.choices, widget=forms.RadioSelect)
    life_situation = forms.ChoiceField(
        label=_("Main life situation"), choices=LifeSituation.choices, widget=forms.RadioSelect
    )
    other_life_situations = forms.MultipleChoiceField(
        label=_("Other life situations"),
        choices=LifeSituation.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    services_used = forms.MultipleChoiceField(
        label=_("Which of the county's services have you used in the last 12 months?"),
        choices=ServiceUsed.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    motivation = forms.CharField(
        label=_("Why do you want to join?"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    reserve_consent = forms.BooleanField(
        label=_("If I am not selected now, you may keep my application on the reserve list."), required=False
    )
    consent_privacy = forms.BooleanField(
        label=_("I have read the privacy notice and agree that my application is processed for the selection."),
        error_messages={"required": _("The application needs your consent to processing it.")},
    )
    # A field no person sees or fills; bots fill every field they find.
    website = forms.CharField(
        required=False,
        label=_("Leave this field empty"),
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )
    quiz_type = forms.CharField(required=False, widget=forms.HiddenInput, max_length=50)

    def __init__(self, *args, round: RecruitmentRound, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.municipalities = round.municipality_list()
        municipality = field_of(self, "municipality", forms.ChoiceField)
        municipality.choices = [("", "—"), *[(m, m) for m in self.municipalities]]
        municipality.choices += [("outside", _("Another municipality"))]

    @property
    def blank_html_key(self) -> tuple[str, ...]:
        """All that the blank form's HTML depends on besides the code: the language and the round's municipalities."""
        return (get_language() or "", *self.municipalities)

    def clean_birth_date(self) -> date:
        birth_date = self.cleaned_data["birth_date"]
        if birth_date > timezone.localdate() or birth_date.year < 1900:
            raise forms.ValidationError(_("Check the birth date."))
        return birth_date

    @property
    def is_bot(self) -> bool:
        return bool(self.data.get("website"))

    def details(self, language: str) -> ApplicationDetails:
        data = self.cleaned_data
        return ApplicationDetails(
            email=data["email"],
            full_name=data["full_name"],
            phone=data["phone"],
            birth_date=data["birth_date"],
            background={variable.name: data[variable.name] for variable in asked_variables()},
            other_life_situations=tuple(data["other_life_situations"]),
            services_used=tuple(data["services_used"]),
            motivation=data["motivation"],
            quiz_type=data["quiz_type"],
            reserve_consent=data["reserve_consent"],
            language=language,
        )


class SubscribeForm(forms.Form):
    email = forms.EmailField(label=_("Email"), widget=forms.EmailInput(attrs={"autocomplete": "email"}))
    website = ApplicationForm.base_fields["website"]


class DateTimeLocalInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs) -> None:
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


class RoundForm(forms.ModelForm):
    municipalities_text = forms.CharField(
        label=_("Municipalities of the region"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One per line or separated by commas."),
    )

    class Meta:
        model = RecruitmentRound
        fields = [
            "title_fi",
            "title_sv",
            "title_en",
            "slug",
            "description_fi",
            "description_sv",
            "description_en",
            "opens_at",
            "closes_at",
            "target_size",
            "min_age",
            "is_published",
        ]
        widgets = {"opens_at": DateTimeLocalInput(), "closes_at": DateTimeLocalInput()}

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["municipalities_text"].initial = "\n".join(self.instance.municipality_list())
        for name in ("opens_at", "closes_at"):
            field_of(self, name, forms.DateTimeField).input_formats = ["%Y-%m-%dT%H:%M", "%d.%m.%Y %H:%M"]

    def clean_municipalities_text(self) -> list[str]:
        import re

        names = [name.strip() for name in re.split(r"[,\n]", self.cleaned_data["municipalities_text"]) if name.strip()]
        if not names:
            raise forms.ValidationError(_("Give at least one municipality."))
        return list(dict.fromkeys(names))

    def clean(self) -> dict:
        super().clean()
        cleaned = self.cleaned_data
        opens, closes = cleaned.get("opens_at"), cleaned.get("closes_at")
        if opens and closes and closes <= opens:
            self.add_error("closes_at", _("The round must close after it opens."))
        return cleaned

    def save(self, commit: bool = True) -> RecruitmentRound:
        self.instance.municipalities = self.cleaned_data["municipalities_text"]
        return super().save(commit=commit)


class QuotaForm(forms.Form):
    """A minimum and a maximum for every value of every background variable."""

    def __init__(self, *args, rows: list[tuple[str, str, str, int, int]], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.rows = rows
        for index, (_feature, _value, label, low, high) in enumerate(rows):
            for bound, initial in (("min", low), ("max", high)):
                self.fields[f"q{index}_{bound}"] = forms.IntegerField(
                    label=f"{label}: {_('minimum') if bound == 'min' else _('maximum')}",
                    min_value=0,
                    max_value=10000,
                    initial=initial,
                    widget=forms.NumberInput(attrs={"class": "narrow", "inputmode": "numeric"}),
                )

    def clean(self) -> dict:
        super().clean()
        cleaned = self.cleaned_data
        for index, (_feature, _value, _label, _low, _high) in enumerate(self.rows):
            low, high = cleaned.get(f"q{index}_min"), cleaned.get(f"q{index}_max")
            if low is not None and high is not None and high < low:
                self.add_error(f"q{index}_max", _("The maximum must be at least the minimum."))
        return cleaned

    def quotas(self) -> dict[str, dict[str, tuple[int, int]]]:
        quotas: dict[str, dict[str, tuple[int, int]]] = {}
        for index, (feature, value, _label, _low, _high) in enumerate(self.rows):
            quotas.setdefault(feature, {})[value] = (
                self.cleaned_data[f"q{index}_min"],
                self.cleaned_data[f"q{index}_max"],
            )
        return quotas

    def grouped(self) -> list[tuple[str, list[tuple[str, forms.BoundField, forms.BoundField]]]]:
        """Rows for the template: per variable, (value label, min field, max field)."""
        groups: dict[str, list] = {}
        for index, (feature, _value, label, _low, _high) in enumerate(self.rows):
            groups.setdefault(feature, []).append((label, self[f"q{index}_min"], self[f"q{index}_max"]))
        return [(feature_label(feature), rows) for feature, rows in groups.items()]


class DrawForm(forms.Form):
    seed = forms.CharField(
        label=_("Seed"),
        max_length=100,
        help_text=_("Any text or number published before the draw, e.g. the numbers of a public lottery."),
    )


class OverrideForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("What to do"),
        choices=[("include", _("Include in every panel")), ("exclude", _("Leave out of the lottery"))],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(label=_("Reason"), max_length=1000, widget=forms.Textarea(attrs={"rows": 3}))
