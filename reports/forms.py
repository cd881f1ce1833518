from django import forms
from django.utils.translation import gettext_lazy as _

from .figures import CROSSTAB_KINDS, VARIABLES, variable_labels
from .models import Report


class ReportForm(forms.ModelForm):
    class Meta:
        model = Report
        fields = ["summary", "recommendations"]


class FindingForm(forms.Form):
    title = forms.CharField(label=_("Finding"), max_length=200)
    text = forms.CharField(label=_("Details"), widget=forms.Textarea, required=False)


class CodeForm(forms.Form):
    name = forms.CharField(label=_("New code"), max_length=100)


class CodingForm(forms.Form):
    code = forms.IntegerField(widget=forms.HiddenInput)
    answer = forms.IntegerField(widget=forms.HiddenInput)


def _variable_choices():
    return [("", "—"), *((v, variable_labels()[v]) for v in VARIABLES)]


class CrosstabForm(forms.Form):
    question = forms.TypedChoiceField(label=_("Question"), coerce=int, required=False)
    variable = forms.ChoiceField(label=_("Background variable"), required=False)

    def __init__(self, *args, questions=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["question"].choices = [
            ("", "—"),
            *((q["id"], q["text"]) for q in questions if q["kind"] in CROSSTAB_KINDS),
        ]
        self.fields["variable"].choices = _variable_choices()


class OpenAnswerFilterForm(forms.Form):
    search = forms.CharField(label=_("Search"), required=False, max_length=100)
    task = forms.TypedChoiceField(label=_("Task"), coerce=int, required=False, empty_value=None)
    question = forms.TypedChoiceField(label=_("Question"), coerce=int, required=False, empty_value=None)
    variable = forms.ChoiceField(label=_("Segment: background variable"), required=False)
    value = forms.CharField(label=_("Segment: value"), required=False, max_length=100)

    def __init__(self, *args, tasks=(), questions=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["task"].choices = [("", "—"), *((t.pk, t.title) for t in tasks)]
        self.fields["question"].choices = [("", "—"), *((q.pk, q.text) for q in questions)]
        self.fields["variable"].choices = _variable_choices()

    def segment(self) -> dict[str, str]:
        data = self.cleaned_data
        return {data["variable"]: data.get("value", "")} if data.get("variable") else {}
