"""Forms of the impact ledger. Choices are limited to what the person may see; services enforce the rules."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.forms import field_of
from organisations.models import Organisation
from organisations.permissions import organisations_visible_to

from .models import Action, ActionStatus, DevelopmentTarget
from .permissions import actions_visible_to_staff, findings_pickable_by


class FindingChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj) -> str:
        return f"{obj.report.period.title}: {obj.title}"


def _date(label):
    return forms.DateField(label=label, required=False, widget=forms.DateInput(attrs={"type": "date"}))


class ActionForm(forms.ModelForm):
    findings = FindingChoiceField(
        label=_("Findings this action answers"),
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one finding.")},
    )
    planned_for = _date(_("Planned date"))
    done_on = _date(_("Date done"))

    class Meta:
        model = Action
        fields = ["title", "description", "organisation", "team", "findings", "planned_for", "done_on"]
        help_texts = {"description": _("You can use Markdown: **bold**, lists and links.")}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        field_of(self, "findings", forms.ModelChoiceField).queryset = findings_pickable_by(user)
        organisation = field_of(self, "organisation", forms.ModelChoiceField)
        organisation.queryset = organisations_visible_to(user)
        organisation.empty_label = None
        self.fields["title"].error_messages["required"] = _("Give the action a title.")

    def clean_done_on(self):
        done_on = self.cleaned_data.get("done_on")
        if done_on and done_on > timezone.localdate():
            raise forms.ValidationError(_("The date done cannot be in the future."))
        return done_on


class StatusForm(forms.Form):
    status = forms.ChoiceField(label=_("New status"), choices=ActionStatus.choices)
    text = forms.CharField(
        label=_("What happened"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Members who answered the linked tasks see this text."),
    )
    reason = forms.CharField(
        label=_("Reason for not pursuing"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Required when the action is not pursued."),
    )

    def __init__(self, *args, action: Action | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.action = action

    def clean(self):
        super().clean()
        data = self.cleaned_data
        status = data.get("status")
        if status == ActionStatus.NOT_PURSUED and not (data.get("reason") or "").strip():
            self.add_error("reason", _("Give the reason why the action is not pursued."))
        if self.action is not None and status == self.action.status:
            self.add_error("status", _("The action already has this status."))
        return data


class ActionFilterForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), required=False, choices=[("", _("all")), *ActionStatus.choices])
    organisation = forms.ModelChoiceField(
        label=_("Organisation"), required=False, queryset=Organisation.objects.none(), empty_label=_("all")
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        field_of(self, "organisation", forms.ModelChoiceField).queryset = organisations_visible_to(user)


class TargetForm(forms.ModelForm):
    actions = forms.ModelMultipleChoiceField(
        label=_("Actions this target follows"),
        queryset=Action.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = DevelopmentTarget
        fields = ["title", "description", "organisation", "unit", "higher_is_better", "actions"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        organisation = field_of(self, "organisation", forms.ModelChoiceField)
        organisation.queryset = organisations_visible_to(user)
        organisation.empty_label = None
        field_of(self, "actions", forms.ModelChoiceField).queryset = actions_visible_to_staff(user).order_by("title")
        self.fields["title"].error_messages["required"] = _("Give the target a title.")

    def clean(self):
        super().clean()
        data = self.cleaned_data
        organisation, actions = data.get("organisation"), data.get("actions") or []
        if organisation and any(action.organisation_id != organisation.pk for action in actions):
            self.add_error("actions", _("Link only actions of the target's own organisation."))
        return data


class MeasurementForm(forms.Form):
    date = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    value = forms.DecimalField(label=_("Value"), max_digits=12, decimal_places=2)
    note = forms.CharField(label=_("Note"), max_length=200, required=False)

    def clean_date(self):
        day = self.cleaned_data["date"]
        if day > timezone.localdate():
            raise forms.ValidationError(_("A measurement cannot be dated in the future."))
        return day
