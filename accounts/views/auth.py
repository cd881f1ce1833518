"""Logging in and out, the second factor, and invitation links."""

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods
from django_otp import devices_for_user
from django_otp import login as otp_login

from core.access import SignedInRequest

from ..forms import LoginForm, MemberActivationForm, PasswordSetForm, TemplatedPasswordResetForm, TokenForm
from ..services import (
    AccountError,
    invitation_accept,
    invitation_check,
    otp_error_message,
    totp_device_confirm,
    totp_device_start,
)


def _safe_next(request: HttpRequest, default: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return target
    return default


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True


class LogoutView(auth_views.LogoutView):
    next_page = "core:home"  # a URL name: Django resolves it per request


class PasswordResetView(auth_views.PasswordResetView):
    form_class = TemplatedPasswordResetForm
    template_name = "accounts/password_reset.html"
    success_url = reverse_lazy("accounts:password_reset_done")


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "accounts/password_reset_done.html"


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    # No automatic login after a reset: staff must still pass their second factor.
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password_reset_complete")


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "accounts/password_reset_complete.html"


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("accounts:home")

    def form_valid(self, form):
        messages.success(self.request, _("Your password has been changed."))
        return super().form_valid(form)


@never_cache
@require_http_methods(["GET", "POST"])
def invitation(request: HttpRequest, token: str) -> HttpResponse:
    """Set up an invited account: a member picks a pseudonym and consents; staff set a password."""
    try:
        invite = invitation_check(token)
    except AccountError as error:
        return render(request, "accounts/invitation_invalid.html", {"message": str(error)}, status=404)
    user = invite.user
    form_class = MemberActivationForm if user.is_member else PasswordSetForm
    form = form_class(request.POST or None, user=user)
    if request.method == "POST" and form.is_valid():
        try:
            user = invitation_accept(
                invitation=invite,
                password=form.cleaned_data["password1"],
                pseudonym=form.cleaned_data.get("pseudonym", ""),
                language=get_language() or "fi",
            )
        except AccountError as error:
            return render(request, "accounts/invitation_invalid.html", {"message": str(error)}, status=404)
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        if user.is_staff_user:
            return redirect("accounts:otp_enrol")
        messages.success(request, _("Welcome to the community, %(name)s!") % {"name": user.member.pseudonym})
        return redirect("accounts:home")
    return render(request, "accounts/invitation.html", {"form": form, "invited": user})


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def otp_verify(request: SignedInRequest) -> HttpResponse:
    """Ask staff for a code from their authenticator or a backup code."""
    user = request.user
    if not user.is_staff_user:
        return redirect("accounts:home")
    if not user.has_second_factor:
        return redirect("accounts:otp_enrol")
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        wait_until = None
        for device in devices_for_user(user, confirmed=True):
            allowed, info = device.verify_is_allowed()
            if not allowed:
                wait_until = max(filter(None, [wait_until, (info or {}).get("locked_until")]), default=None)
                continue
            if device.verify_token(form.cleaned_data["token"]):
                otp_login(request, device)
                return redirect(_safe_next(request, reverse("accounts:staff_home")))
        form.add_error("token", otp_error_message(wait_until))
    return render(request, "accounts/otp_verify.html", {"form": form, "next": _safe_next(request, "")})


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def otp_enrol(request: SignedInRequest) -> HttpResponse:
    """Enrol an authenticator app by QR code; show backup codes once."""
    user = request.user
    if not user.is_staff_user:
        return redirect("accounts:home")
    if user.has_second_factor:
        # Replacing a device needs a community manager's reset, not only a password.
        return redirect("accounts:otp_verify")
    device = totp_device_start(user=user)
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            codes = totp_device_confirm(user=user, device=device, token=form.cleaned_data["token"])
        except AccountError as error:
            form.add_error("token", str(error))
        else:
            otp_login(request, device)
            return render(request, "accounts/backup_codes.html", {"codes": codes})
    return render(
        request, "accounts/otp_enrol.html", {"form": form, "qr_uri": _qr_uri(device.config_url), "secret": _b32(device)}
    )


def _qr_uri(data: str) -> str:
    import segno

    return segno.make(data, error="m").svg_data_uri(scale=5, dark="#000", light="#fff")


def _b32(device) -> str:
    from base64 import b32encode

    secret = b32encode(device.bin_key).decode()
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))
