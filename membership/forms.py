"""Forms of the membership pages."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import ExitReason

TEXT_MAX = 2000


class LeaveForm(forms.Form):
    """Leaving: an optional, anonymous exit question, the password, and whether to erase at once."""

    reason = forms.ChoiceField(
        label=_("Why are you leaving?"),
        choices=[("", _("I would rather not say")), *ExitReason.choices],
        initial="",
        required=False,
        widget=forms.RadioSelect,
        help_text=_("Optional. Your answer is stored without your name or pseudonym."),
    )
    text = forms.CharField(
        label=_("Anything else you would like to tell us?"),
        required=False,
        max_length=TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 5, "maxlength": TEXT_MAX}),
        help_text=_("Optional, at most 2000 characters. Please do not write your name here."),
    )
    password = forms.CharField(
        label=_("Your password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        help_text=_("To confirm that it is you who is leaving."),
    )
    erase_now = forms.BooleanField(
        label=_("Erase my name, contact details and pseudonym right away, instead of after the retention period"),
        required=False,
    )

    def __init__(self, *args, user, **kwargs) -> None:
        self.user = user
        super().__init__(*args, **kwargs)

    def clean_password(self) -> str:
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(_("The password is wrong. Nothing was changed."))
        return password
