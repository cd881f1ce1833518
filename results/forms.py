"""The filter of the public action list."""

from django import forms
from django.utils.translation import gettext_lazy as _

from impact.models import ActionStatus
from organisations.models import Organisation


class ActionFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("All statuses")), *ActionStatus.choices],
        error_messages={"invalid_choice": _("Choose one of the statuses in the list.")},
    )
    organisation = forms.ModelChoiceField(
        label=_("Organisation"),
        required=False,
        queryset=Organisation.objects.filter(actions__published=True).distinct(),
        to_field_name="slug",
        empty_label=_("All organisations"),
        error_messages={"invalid_choice": _("Choose one of the organisations in the list.")},
    )
