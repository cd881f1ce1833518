"""Project-wide form rendering: every error is tied to its field for screen readers."""

from django.forms.boundfield import BoundField
from django.forms.renderers import DjangoTemplates


class AccessibleBoundField(BoundField):
    def build_widget_attrs(self, attrs: dict, widget=None) -> dict:
        attrs = super().build_widget_attrs(attrs, widget)
        error_id = f"{self.auto_id}_error"
        described = attrs.get("aria-describedby", "").split()
        if self.errors and self.auto_id and error_id not in described:
            attrs["aria-describedby"] = " ".join([*described, error_id])
        return attrs


class FormRenderer(DjangoTemplates):
    bound_field_class = AccessibleBoundField
