"""Project-wide form rendering: every error is tied to its field for screen readers."""

from typing import TypeVar

from django import forms
from django.forms.boundfield import BoundField
from django.forms.renderers import DjangoTemplates
from django.utils.translation import gettext as _

from .models import StatutoryPage

STATUTORY_PAGE_MAX_LENGTH = 20_000

_Field = TypeVar("_Field", bound=forms.Field)


def field_of(form: forms.BaseForm, name: str, kind: type[_Field]) -> _Field:
    """The form's own copy of field `name`, typed as its kind (django-stubs types every field as Field)."""
    field = form.fields[name]
    if not isinstance(field, kind):
        raise TypeError(f"{type(form).__name__}.{name} is a {type(field).__name__}, not a {kind.__name__}")
    return field


class AccessibleBoundField(BoundField):
    def build_widget_attrs(self, attrs: dict, widget=None) -> dict:
        attrs = super().build_widget_attrs(attrs, widget)
        error_id = f"{self.auto_id}_error"
        described = str(attrs.get("aria-describedby", "")).split()
        if self.errors and self.auto_id and error_id not in described:
            attrs["aria-describedby"] = " ".join([*described, error_id])
        return attrs


class FormRenderer(DjangoTemplates):
    bound_field_class = AccessibleBoundField


class StatutoryPageForm(forms.ModelForm):
    """The three language versions of a statutory page; an empty text shows the built-in one."""

    class Meta:
        model = StatutoryPage
        fields = ["body_fi", "body_sv", "body_en"]
        widgets = {f"body_{code}": forms.Textarea(attrs={"rows": 16}) for code in ("fi", "sv", "en")}

    def clean(self) -> dict:
        super().clean()
        data = self.cleaned_data
        for code in ("fi", "sv", "en"):
            if len(data.get(f"body_{code}") or "") > STATUTORY_PAGE_MAX_LENGTH:
                self.add_error(
                    f"body_{code}",
                    _("The text may be at most %(limit)s characters long.") % {"limit": STATUTORY_PAGE_MAX_LENGTH},
                )
        if not data.get("body_fi") and (data.get("body_sv") or data.get("body_en")):
            self.add_error("body_fi", _("Write the Finnish text first: the other languages fall back to it."))
        return data
