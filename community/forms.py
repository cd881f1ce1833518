"""Forms of the community pages; every rule has a clear message."""

from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise

from core.forms import field_of
from periods.models import Period

from .models import REASON_MAX, TEXT_MAX, TITLE_MAX, Announcement, SuggestionStatus


def _clean_text(value: str | None, field: StrOrPromise) -> str:
    value = (value or "").strip()
    if not value:
        raise forms.ValidationError(_("Write the %(field)s.") % {"field": field})
    return value


class AnnouncementForm(forms.ModelForm):
    class Meta:
        model = Announcement
        fields = ["audience", "title_fi", "body_fi", "title_sv", "body_sv", "title_en", "body_en"]
        widgets = {"audience": forms.RadioSelect}

    def clean_title_fi(self) -> str:
        return _clean_text(self.cleaned_data.get("title_fi"), _("title in Finnish"))

    def clean_body_fi(self) -> str:
        return _clean_text(self.cleaned_data.get("body_fi"), _("text in Finnish"))


class LimitedText(forms.CharField):
    """A required text with a maximum length and a message that says both."""

    def __init__(self, *, label, max_length: int, textarea: bool = True, **kwargs):
        super().__init__(
            label=label,
            max_length=max_length,
            widget=forms.Textarea(attrs={"rows": 5}) if textarea else forms.TextInput,
            error_messages={
                "required": _("This field is required."),
                "max_length": _("Please keep it to %(limit_value)d characters (now %(show_value)d)."),
            },
            **kwargs,
        )

    def clean(self, value):
        value = super().clean(value)
        if not value.strip():
            raise forms.ValidationError(_("Write something first."), code="blank")
        return value.strip()


class SuggestionForm(forms.Form):
    title = LimitedText(label=_("Theme"), max_length=TITLE_MAX, textarea=False)
    description = LimitedText(
        label=_("Why would this theme be worth a period?"),
        max_length=TEXT_MAX,
        help_text=format_lazy(_("At most {count} characters."), count=TEXT_MAX),
    )


class ReviewForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Decision"),
        choices=[(SuggestionStatus.ACCEPTED, _("accept")), (SuggestionStatus.DECLINED, _("decline"))],
        widget=forms.RadioSelect,
    )
    period = forms.ModelChoiceField(
        label=_("Active period that takes the theme up"),
        queryset=Period.objects.none(),
        required=False,
        help_text=_("Needed when you accept."),
    )
    reason = forms.CharField(
        label=_("Reason for declining"),
        max_length=REASON_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Needed when you decline. The member sees it."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field_of(self, "period", forms.ModelChoiceField).queryset = Period.objects.order_by("-starts_at")

    def clean(self):
        super().clean()
        data = self.cleaned_data
        status = data.get("status")
        if status == SuggestionStatus.ACCEPTED and not data.get("period"):
            self.add_error("period", _("Choose the active period that takes the theme up."))
        if status == SuggestionStatus.DECLINED and not (data.get("reason") or "").strip():
            self.add_error("reason", _("Give a reason for declining."))
        return data


class TopicForm(forms.Form):
    title = LimitedText(label=_("Topic"), max_length=TITLE_MAX, textarea=False)
    text = LimitedText(label=_("Your post"), max_length=TEXT_MAX)


class PostForm(forms.Form):
    text = LimitedText(
        label=_("Your post"),
        max_length=TEXT_MAX,
        help_text=format_lazy(_("At most {count} characters."), count=TEXT_MAX),
    )


class ReportForm(forms.Form):
    reason = LimitedText(label=_("What is wrong with the post?"), max_length=REASON_MAX)


class HideForm(forms.Form):
    reason = LimitedText(
        label=_("Reason for hiding"),
        max_length=REASON_MAX,
        help_text=_("The author is told this reason."),
    )
