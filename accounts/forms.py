import csv
import io
import re
from datetime import date

from django import forms
from django.conf import settings
from django.contrib.auth import password_validation
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from core.emails import email_send
from organisations.models import Organisation

from .background import age_on, asked_variables
from .models import Member, Role, User, pseudonym_key
from .services import MemberDetails

PSEUDONYM_PATTERN = re.compile(r"^[\w][\w .\-]*[\w]$")
RESERVED_PSEUDONYMS = {"admin", "moderaattori", "moderator", "ylläpito", "yllapito", "prototyypit", "poistettu jäsen"}
MIN_AGE = 16


class LoginForm(AuthenticationForm):
    username = forms.EmailField(label=_("Email"), widget=forms.EmailInput(attrs={"autocomplete": "email"}))

    error_messages = {
        "invalid_login": _("The email or password is wrong. Check them and try again."),
        "inactive": _("This account is not active."),
    }


class PasswordSetForm(forms.Form):
    """Choose a password; the validators in settings decide what is strong enough."""

    password1 = forms.CharField(
        label=_("New password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("At least 12 characters. A passphrase of several words is easy to remember and strong."),
    )
    password2 = forms.CharField(
        label=_("New password again"), strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "new-password"})
    )

    def __init__(self, *args, user: User, **kwargs) -> None:
        self.user = user
        super().__init__(*args, **kwargs)

    def clean(self) -> dict:
        super().clean()
        cleaned = self.cleaned_data
        password1, password2 = cleaned.get("password1"), cleaned.get("password2")
        if password1 and password2 and password1 != password2:
            self.add_error("password2", _("The two passwords are not the same."))
        elif password1:
            try:
                password_validation.validate_password(password1, self.user)
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return cleaned


def validate_pseudonym(pseudonym: str, *, user: User) -> None:
    """Check a pseudonym: its form, that it is free, and that it does not reveal who you are."""
    if not PSEUDONYM_PATTERN.match(pseudonym):
        raise forms.ValidationError(
            _("Use letters, numbers, spaces, dots, hyphens or underscores; start and end with a letter or number.")
        )
    lowered = pseudonym.casefold()
    if lowered in RESERVED_PSEUDONYMS:
        raise forms.ValidationError(_("This pseudonym is reserved. Choose another."))
    revealing = [part for part in re.split(r"[\s\-]+", user.full_name.casefold()) if len(part) >= 3]
    local_part = user.email.split("@")[0].casefold()
    revealing += [part for part in re.split(r"[._\-+]+", local_part) if len(part) >= 3]
    if any(part in lowered for part in revealing):
        raise forms.ValidationError(
            _("Your pseudonym must not contain your name or email address: others would recognise you.")
        )
    if Member.objects.filter(pseudonym_key=pseudonym_key(pseudonym)).exclude(user=user).exists():
        raise forms.ValidationError(_("This pseudonym is already taken. Choose another."))


class MemberActivationForm(PasswordSetForm):
    pseudonym = forms.CharField(
        label=_("Pseudonym"),
        min_length=3,
        max_length=30,
        help_text=_("Others see only this. 3–30 characters. Do not use your own name."),
        widget=forms.TextInput(attrs={"autocomplete": "nickname"}),
    )
    consent_processing = forms.BooleanField(
        label=_(
            "I consent to the processing of my answers. I understand that they may reveal information "
            "about my health and that I can withdraw my consent at any time."
        ),
        error_messages={"required": _("Membership needs your consent to the processing of your answers.")},
    )
    accept_terms = forms.BooleanField(
        label=_("I accept the terms of use and have read the privacy notice."),
        error_messages={"required": _("Membership needs you to accept the terms of use.")},
    )

    field_order = ["pseudonym", "password1", "password2", "consent_processing", "accept_terms"]

    def clean_pseudonym(self) -> str:
        pseudonym = " ".join(self.cleaned_data["pseudonym"].split())
        validate_pseudonym(pseudonym, user=self.user)
        return pseudonym


class TokenForm(forms.Form):
    token = forms.CharField(
        label=_("Code"),
        max_length=16,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )

    def clean_token(self) -> str:
        return "".join(self.cleaned_data["token"].split())


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        max_length=500,
        help_text=_("Written to the audit log with your name."),
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class TermsAcceptForm(forms.Form):
    accept = forms.BooleanField(
        label=_("I accept the new terms and consent to the processing of my answers."),
        error_messages={"required": _("To continue as a member, accept the new terms, or withdraw your consent.")},
    )


class WithdrawForm(forms.Form):
    confirm = forms.BooleanField(
        label=_("I withdraw my consent and leave the community."),
        error_messages={"required": _("Tick the box to confirm that you want to leave the community.")},
    )


class TermsPublishForm(forms.Form):
    summary_fi = forms.CharField(label=_("What changed (Finnish)"), max_length=4000, widget=forms.Textarea)
    summary_sv = forms.CharField(
        label=_("What changed (Swedish)"), max_length=4000, widget=forms.Textarea, required=False
    )
    summary_en = forms.CharField(
        label=_("What changed (English)"), max_length=4000, widget=forms.Textarea, required=False
    )


class EraseForm(forms.Form):
    password = forms.CharField(
        label=_("Your password"), strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "current-password"})
    )
    contributions = forms.BooleanField(
        label=_("Delete also everything I have written (answers, posts). Otherwise they stay as “deleted member”."),
        required=False,
    )

    def __init__(self, *args, user: User, **kwargs) -> None:
        self.user = user
        super().__init__(*args, **kwargs)

    def clean_password(self) -> str:
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(_("The password is wrong."))
        return password


def _birth_date_field() -> forms.DateField:
    return forms.DateField(
        label=_("Birth date"),
        required=False,
        help_text=_("For example 31.12.1970"),
        input_formats=["%d.%m.%Y", "%Y-%m-%d", "%d.%m.%y"],
    )


class MemberBackgroundFields(forms.Form):
    """One optional field per asked background variable."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for variable in asked_variables():
            self.fields[variable.name] = forms.ChoiceField(
                label=variable.heading, choices=[("", "—"), *variable.choices()], required=False
            )
        self.order_fields(self.field_order)

    def background(self) -> dict[str, str]:
        return {variable.name: self.cleaned_data[variable.name] for variable in asked_variables()}


CSV_COLUMNS = [
    "email",
    "full_name",
    "phone",
    "birth_date",
    *(variable.name for variable in asked_variables()),
    "language",
]
# Language names in their own language, so that anyone finds theirs.
EMAIL_LANGUAGES = [("fi", "suomi"), ("sv", "svenska"), ("en", "English")]


class MemberInviteForm(MemberBackgroundFields):
    email = forms.EmailField(label=_("Email"))
    full_name = forms.CharField(label=_("Name"), max_length=200)
    phone = forms.CharField(label=_("Phone"), max_length=40, required=False)
    birth_date = _birth_date_field()
    language = forms.ChoiceField(label=_("Language of the emails"), choices=EMAIL_LANGUAGES)

    field_order = CSV_COLUMNS

    def clean_birth_date(self) -> date | None:
        birth_date = self.cleaned_data.get("birth_date")
        if birth_date and age_on(birth_date, timezone.localdate()) < MIN_AGE:
            raise forms.ValidationError(_("Members must be at least %(age)d years old.") % {"age": MIN_AGE})
        if birth_date and birth_date.year < 1900:
            raise forms.ValidationError(_("Check the birth date."))
        return birth_date

    def details(self) -> MemberDetails:
        identity = {name: self.cleaned_data[name] for name in ("email", "full_name", "phone", "birth_date", "language")}
        return MemberDetails(**identity, background=self.background())


MAX_IMPORT_ROWS = 2000


class MemberImportForm(forms.Form):
    file = forms.FileField(
        label=_("CSV file"),
        help_text=_("UTF-8, with a header row. Columns: %(columns)s. Only email and full_name are required.")
        % {"columns": ", ".join(CSV_COLUMNS)},
    )

    def clean_file(self) -> list[MemberDetails]:
        upload = self.cleaned_data["file"]
        if upload.size > 2 * 1024 * 1024:
            raise forms.ValidationError(_("The file is too large (at most 2 MB)."))
        try:
            text = upload.read().decode("utf-8-sig")
        except UnicodeDecodeError as error:
            raise forms.ValidationError(
                _("The file is not UTF-8 text. Save it as “CSV UTF-8” and try again.")
            ) from error
        dialect = csv.Sniffer().sniff(text[:2048], delimiters=",;\t") if text.strip() else csv.excel
        reader = csv.DictReader(io.StringIO(text), dialect=dialect)
        missing = {"email", "full_name"} - set(reader.fieldnames or [])
        if missing:
            raise forms.ValidationError(
                _("The file lacks the columns: %(columns)s.") % {"columns": ", ".join(sorted(missing))}
            )
        rows: list[MemberDetails] = []
        errors: list[str] = []
        seen: set[str] = set()
        for line, raw in enumerate(reader, start=2):
            if len(rows) >= MAX_IMPORT_ROWS:
                raise forms.ValidationError(_("At most %(max)d rows at a time.") % {"max": MAX_IMPORT_ROWS})
            data = {key: (raw.get(key) or "").strip() for key in CSV_COLUMNS}
            data["language"] = data["language"] or "fi"
            row_form = MemberInviteForm(data=data)
            if not row_form.is_valid():
                for field, messages in row_form.errors.items():
                    errors.append(
                        _("Row %(line)d, %(field)s: %(message)s")
                        % {"line": line, "field": field, "message": " ".join(map(str, messages))}
                    )
                continue
            email = row_form.cleaned_data["email"].lower()
            if email in seen:
                errors.append(_("Row %(line)d: the email address appears twice in the file.") % {"line": line})
                continue
            if User.objects.filter(email__iexact=email).filter(is_active=True).exists():
                errors.append(_("Row %(line)d: this email address already has an account.") % {"line": line})
                continue
            seen.add(email)
            rows.append(row_form.details())
        if errors:
            raise forms.ValidationError(errors)
        if not rows:
            raise forms.ValidationError(_("The file has no rows to import."))
        return rows


class StaffInviteForm(forms.Form):
    email = forms.EmailField(label=_("Email"))
    full_name = forms.CharField(label=_("Name"), max_length=200)
    role = forms.ChoiceField(
        label=_("Role"), choices=[(Role.DEVELOPER, Role.DEVELOPER.label), (Role.MANAGER, Role.MANAGER.label)]
    )
    organisation = forms.ModelChoiceField(
        label=_("Organisation"),
        queryset=Organisation.objects.all(),
        required=False,
        help_text=_("Required for developers."),
    )
    language = forms.ChoiceField(label=_("Language of the emails"), choices=EMAIL_LANGUAGES)

    def clean(self) -> dict:
        super().clean()
        cleaned = self.cleaned_data
        if cleaned.get("role") == Role.DEVELOPER and not cleaned.get("organisation"):
            self.add_error("organisation", _("A developer belongs to an organisation."))
        return cleaned


class TemplatedPasswordResetForm(PasswordResetForm):
    """Send the reset email through the platform's email queue, in the user's language."""

    def send_mail(
        self, subject_template_name, email_template_name, context, from_email, to_email, html_email_template_name=None
    ) -> None:
        user = context["user"]
        # The link is built from SITE_URL, never from the request's Host header.
        with translation.override(user.language):
            path = reverse(
                "accounts:password_reset_confirm", kwargs={"uidb64": context["uid"], "token": context["token"]}
            )
        email_send(
            to=to_email,
            template_prefix="accounts/email/password_reset",
            context={"link": f"{settings.SITE_URL}{path}"},
            language=user.language,
        )

    def get_users(self, email: str):
        return (user for user in super().get_users(email) if user.erased_at is None)
