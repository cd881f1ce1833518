from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import field_of

from .figures import CROSSTAB_KINDS, SUGGESTED, UNCODED, group_labels, variable_labels
from .models import Finding, Report


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
    """Which code to give, accept or remove for which answer; the ids are checked against the period."""

    code = forms.IntegerField(widget=forms.HiddenInput)
    answer = forms.IntegerField(widget=forms.HiddenInput)


class ThemeEditForm(forms.Form):
    """One change of one theme: accept, rename, drop or restore."""

    ACTIONS = ("accept", "rename", "drop", "restore")

    theme = forms.IntegerField(widget=forms.HiddenInput)
    action = forms.ChoiceField(choices=[(a, a) for a in ACTIONS], widget=forms.HiddenInput)
    label = forms.CharField(label=_("New name"), max_length=200, required=False)

    def clean(self):
        super().clean()
        data = self.cleaned_data
        if data.get("action") == "rename" and not data.get("label"):
            self.add_error("label", _("Give the theme a name."))
        return data


def _variable_choices():
    return [("", "—"), *variable_labels().items()]


class CrosstabForm(forms.Form):
    question = forms.TypedChoiceField(label=_("Question"), coerce=int, required=False)
    variable = forms.ChoiceField(label=_("Background variable"), required=False)

    def __init__(self, *args, questions=(), **kwargs):
        super().__init__(*args, **kwargs)
        field_of(self, "question", forms.ChoiceField).choices = [
            ("", "—"),
            *((q["id"], q["text"]) for q in questions if q["kind"] in CROSSTAB_KINDS),
        ]
        field_of(self, "variable", forms.ChoiceField).choices = _variable_choices()


# The segment of those who did not give a background value ("" in reports.figures) in a query string,
# where "" means everyone.
NOT_GIVEN = "-"


class OpenAnswerFilterForm(forms.Form):
    """The filters of the open answers; a segment only of the report's one variable (see views.answers)."""

    search = forms.CharField(label=_("Search"), required=False, max_length=100)
    task = forms.TypedChoiceField(label=_("Task"), coerce=int, required=False, empty_value=None)
    question = forms.TypedChoiceField(label=_("Question"), coerce=int, required=False, empty_value=None)
    coding = forms.ChoiceField(
        label=_("Coding"),
        required=False,
        choices=[
            ("", _("all answers")),
            (UNCODED, _("uncoded only")),
            (SUGGESTED, _("uncoded, with a suggestion")),
        ],
    )
    code = forms.TypedChoiceField(label=_("With the code"), coerce=int, required=False, empty_value=None)
    # Any text is accepted: a value that may not be shown gets a message and no answers, not all of them.
    value = forms.CharField(required=False, max_length=100, widget=forms.Select)

    def __init__(self, *args, tasks=(), questions=(), codes=(), variable: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        field_of(self, "task", forms.ChoiceField).choices = [("", "—"), *((t.pk, t.title) for t in tasks)]
        field_of(self, "question", forms.ChoiceField).choices = [("", "—"), *((q.pk, q.text) for q in questions)]
        field_of(self, "code", forms.ChoiceField).choices = [("", "—"), *((c.pk, c.name) for c in codes)]
        self.variable = variable
        if variable:
            self.fields["value"].label = _("Segment by %(variable)s") % {"variable": variable_labels()[variable]}
            self.segments_offered([])
        else:
            del self.fields["value"]

    def segments_offered(self, values: list[str]) -> None:
        """The segments to offer: only those that may be shown (answer_segments), by their labels."""
        labels = group_labels(self.variable)
        choices = sorted(
            ((value or NOT_GIVEN, labels.get(value, value)) for value in values), key=lambda choice: choice[1]
        )
        self.fields["value"].widget.choices = [("", _("all respondents")), *choices]


class AnswerFilterForm(forms.Form):
    """The one background variable by which a report's open answers may be filtered (managers set it)."""

    variable = forms.ChoiceField(
        label=_("Background variable for open answers"),
        required=False,
        help_text=_(
            "Open answers can be filtered by one background variable only: answers filtered by two could "
            "be combined to single out a respondent. Once answers have been shown by a variable, only that "
            "variable or none can be chosen."
        ),
    )

    def __init__(self, *args, report, **kwargs):
        super().__init__(*args, **kwargs)
        self.report = report
        field_of(self, "variable", forms.ChoiceField).choices = [("", _("none")), *variable_labels().items()]
        self.fields["variable"].initial = report.answer_filter_variable

    def clean_variable(self) -> str:
        variable = self.cleaned_data["variable"]
        used = self.report.answer_filter_used
        if variable and used and variable != used:
            raise forms.ValidationError(
                _(
                    "Open answers of this report have already been shown by %(used)s. Choose %(used)s or none: "
                    "answers shown by two background variables could be combined."
                )
                % {"used": variable_labels().get(used, used)}
            )
        return variable


class DeliverForm(forms.Form):
    """Which build of the figures the staff member reviewed (Report.build_marker): delivery freezes that one."""

    built_at = forms.CharField(widget=forms.HiddenInput, required=False, max_length=40)


class PublishForm(forms.Form):
    public_summary = forms.CharField(
        label=_("Public summary"),
        widget=forms.Textarea,
        max_length=5000,
        help_text=_("What residents and members will read about this period and what came of it."),
    )


class QuoteAddForm(forms.Form):
    """What to quote: one answer or one post; the ids are checked against the period in the view."""

    answer = forms.IntegerField(required=False, widget=forms.HiddenInput)
    post = forms.IntegerField(required=False, widget=forms.HiddenInput)
    finding = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def clean(self):
        super().clean()
        data = self.cleaned_data
        if (data.get("answer") is None) == (data.get("post") is None):
            raise forms.ValidationError(_("Choose one answer or one post to quote."))
        return data


class QuoteForm(forms.Form):
    text = forms.CharField(label=_("Quote"), widget=forms.Textarea(attrs={"rows": 6}))
    finding = forms.ModelChoiceField(
        label=_("Finding"), queryset=Finding.objects.none(), required=False, empty_label="—"
    )
    reviewed = forms.BooleanField(
        label=_("Checked: the quote reveals no one's name, contact details or identity code"),
        required=False,
    )

    def __init__(self, *args, report: Report, **kwargs):
        super().__init__(*args, **kwargs)
        field_of(self, "finding", forms.ModelChoiceField).queryset = report.findings.all()
