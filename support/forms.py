from django import forms
from django.core import signing
from django.utils.translation import gettext_lazy as _

from .models import MESSAGE_MAX_LENGTH, Category, HelpPage, Status

# A person needs a moment to write; a bot posts at once. A form older than a day is stale.
MIN_FILL_SECONDS = 3
MAX_FILL_SECONDS = 24 * 3600
STARTED_SALT = "support.form-started"

TOO_LONG = _(
    "Please shorten the text to at most %(limit_value)d characters (it has %(show_value)d). "
    "You can send the rest in another message."
)


def started_token() -> str:
    """The signed moment the form was shown, put in the page as a hidden field."""
    return signing.TimestampSigner(salt=STARTED_SALT).sign("support")


def _text_field(label) -> forms.CharField:
    field = forms.CharField(
        label=label,
        max_length=MESSAGE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 8}),
        error_messages={"required": _("Write your message."), "max_length": TOO_LONG},
    )
    # A browser's maxlength cuts pasted text silently; the server's message says what to do instead.
    field.widget.attrs.pop("maxlength", None)
    return field


class RequestForm(forms.Form):
    """A support request. Visitors give only an address to answer to (and a name if they like)."""

    category = forms.ChoiceField(label=_("What is it about?"), choices=Category.choices)
    subject = forms.CharField(
        label=_("Subject"), max_length=200, error_messages={"required": _("Write a short subject.")}
    )
    message = _text_field(_("Message"))
    name = forms.CharField(label=_("Your name"), max_length=200, required=False)
    email = forms.EmailField(
        label=_("Your email address"),
        help_text=_("We send the reply's link to this address. We use it for nothing else."),
        error_messages={"required": _("Give an email address so that we can answer you.")},
    )
    # Honeypot: hidden from people; a bot fills it in.
    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )

    def __init__(self, *args, visitor: bool, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.visitor = visitor
        self.fields["message"].widget.attrs["rows"] = 10
        if not visitor:
            for name in ("name", "email", "website"):
                del self.fields[name]

    def clean(self) -> dict:
        super().clean()
        cleaned = self.cleaned_data
        if self.visitor:
            if self.data.get("website"):
                raise forms.ValidationError(
                    _("Your message could not be sent. Leave the field “Leave this field empty” empty and try again.")
                )
            self._check_started()
        return cleaned

    def _check_started(self) -> None:
        token = self.data.get("started", "")
        signer = signing.TimestampSigner(salt=STARTED_SALT)
        try:
            signer.unsign(token, max_age=MAX_FILL_SECONDS)
        except signing.SignatureExpired as error:
            raise forms.ValidationError(
                _("The form was open for too long. Please send it again."), code="stale"
            ) from error
        except signing.BadSignature as error:
            raise forms.ValidationError(_("Please send the form again."), code="stale") from error
        try:
            signer.unsign(token, max_age=MIN_FILL_SECONDS)
        except signing.SignatureExpired:
            return
        raise forms.ValidationError(
            _("The form was sent very quickly. Please check your message and send it again."), code="too_fast"
        )


class ReplyForm(forms.Form):
    text = _text_field(_("Your reply"))


class StaffReplyForm(forms.Form):
    text = _text_field(_("Reply to the requester"))

    def __init__(self, *args, **kwargs) -> None:
        # The reply and the note share a page: their fields need ids of their own.
        kwargs["auto_id"] = "id_reply_%s"
        super().__init__(*args, **kwargs)


class NoteForm(forms.Form):
    text = _text_field(_("Internal note (only staff see it)"))

    def __init__(self, *args, **kwargs) -> None:
        kwargs["auto_id"] = "id_note_%s"
        super().__init__(*args, **kwargs)


class StatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=Status.choices)


class InboxFilterForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=[("", _("all statuses")), *Status.choices], required=False)
    category = forms.ChoiceField(
        label=_("Category"), choices=[("", _("all categories")), *Category.choices], required=False
    )


class HelpPageForm(forms.ModelForm):
    class Meta:
        model = HelpPage
        fields = ["slug", "title_fi", "title_sv", "title_en", "body_fi", "body_sv", "body_en", "order", "published"]
        error_messages = {"slug": {"unique": _("Another help page already has this address.")}}
        widgets = {f"body_{code}": forms.Textarea(attrs={"rows": 12}) for code in ("fi", "sv", "en")}
