"""Project-wide form rendering: every error is tied to its field for screen readers."""

from django.forms.boundfield import BoundField
from django.forms.renderers import DjangoTemplates


class AccessibleBoundField(BoundField):
    def build_widget_attrs(self, attrs: dict, widget=None) -> dict:
        attrs = super().build_widget_attrs(attrs, widget)
        if self.errors and self.auto_id:
            described = [attrs.get("aria-describedby", ""), f"{self.auto_id}_error"]
            attrs["aria-describedby"] = " ".join(part for part in described if part)
        return attrs


class FormRenderer(DjangoTemplates):
    bound_field_class = AccessibleBoundField
