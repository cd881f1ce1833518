from django import forms
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise

from .models import MEMBER_KINDS


class PreferencesForm(forms.Form):
    """Two switches per kind of notification: by email and in the platform."""

    def __init__(self, *args, current: dict[str, tuple[bool, bool]], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for kind in MEMBER_KINDS:
            email, in_app = current.get(kind.value, (True, True))
            self.fields[f"{kind.value}_email"] = forms.BooleanField(label=_("by email"), required=False, initial=email)
            self.fields[f"{kind.value}_in_app"] = forms.BooleanField(
                label=_("in the platform"), required=False, initial=in_app
            )

    def groups(self) -> list[tuple[StrOrPromise, list[forms.BoundField]]]:
        """(kind label, its two fields) for one fieldset per kind."""
        return [(kind.label, [self[f"{kind.value}_email"], self[f"{kind.value}_in_app"]]) for kind in MEMBER_KINDS]

    def choices(self) -> dict[str, tuple[bool, bool]]:
        return {
            kind: (self.cleaned_data[f"{kind}_email"], self.cleaned_data[f"{kind}_in_app"]) for kind in MEMBER_KINDS
        }


class ResendForm(forms.Form):
    confirm = forms.BooleanField(
        label=_("I have checked that the member did not get this email, and it may be sent again."),
        error_messages={"required": _("Confirm that the email may be sent again.")},
    )
