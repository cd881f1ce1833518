"""The member's own pages: home, own data, consent and leaving."""

import json

from django.contrib import messages
from django.contrib.auth import logout
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from audit.models import AuditEvent
from audit.services import audit_record
from core.access import SignedInRequest, member_required
from core.navigation import member_panels_for

from ..background import BACKGROUND_VARIABLES
from ..forms import EraseForm, TermsAcceptForm, WithdrawForm
from ..models import TermsVersion
from ..services import consent_give, consent_withdraw, member_data_export, member_erase, needs_current_consent


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    """Send each signed-in person to their own start page."""
    user = request.user
    if not user.is_authenticated:
        return redirect("accounts:login")
    if user.is_staff_user:
        return redirect("accounts:staff_home")
    return member_home(request)


@member_required
def member_home(request: SignedInRequest) -> HttpResponse:
    return render(
        request, "accounts/member_home.html", {"member": request.user.member, "panels": member_panels_for(request)}
    )


@require_GET
@member_required
def my_data(request: SignedInRequest) -> HttpResponse:
    data = member_data_export(user=request.user)
    member = getattr(request.user, "member", None)
    return render(
        request,
        "accounts/my_data.html",
        {
            "data": data,
            "language": request.user.get_language_display(),
            # Labels in the reader's language, never the stored codes ("retired", "fi").
            "background": [
                (variable.heading, variable.label_of(variable.value_of(member)))
                for variable in BACKGROUND_VARIABLES.values()
            ]
            if member
            else [],
            "json": json.dumps(data, indent=2, ensure_ascii=False, cls=DjangoJSONEncoder),
        },
    )


@require_GET
@member_required
def my_data_json(request: SignedInRequest) -> HttpResponse:
    """Download all of the member's own data; only ever the signed-in member's."""
    data = member_data_export(user=request.user)
    audit_record(actor=request.user, action=AuditEvent.Action.DATA_EXPORTED, subject_user=request.user)
    response = HttpResponse(
        json.dumps(data, indent=2, ensure_ascii=False, cls=DjangoJSONEncoder),
        content_type="application/json; charset=utf-8",
    )
    response["Content-Disposition"] = 'attachment; filename="prototyypit-omat-tiedot.json"'
    return response


@never_cache
@require_http_methods(["GET", "POST"])
@member_required
def erase(request: SignedInRequest) -> HttpResponse:
    form = EraseForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        member_erase(user=request.user, contributions=form.cleaned_data["contributions"])
        logout(request)
        messages.success(request, _("Your account and your identity have been erased. Thank you for your work."))
        return redirect("core:home")
    return render(request, "accounts/erase.html", {"form": form})


@require_http_methods(["GET", "POST"])
@member_required
def terms_accept(request: SignedInRequest) -> HttpResponse:
    terms = TermsVersion.current()
    if terms is None or not needs_current_consent(request.user):
        return redirect("accounts:home")
    form = TermsAcceptForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        consent_give(user=request.user)
        messages.success(request, _("Thank you. You accepted the new terms."))
        return redirect("accounts:home")
    return render(
        request,
        "accounts/terms_accept.html",
        {"form": form, "terms": terms, "summary": terms.summary(request.LANGUAGE_CODE)},
    )


@require_http_methods(["GET", "POST"])
@member_required
def consent(request: SignedInRequest) -> HttpResponse:
    """Show the member's consent and let them withdraw it, which ends membership."""
    form = WithdrawForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        consent_withdraw(user=request.user)
        logout(request)
        messages.success(request, _("You have withdrawn your consent and left the community. Thank you for your work."))
        return redirect("core:home")
    consents = request.user.consents.select_related("terms").order_by("-accepted_at")
    return render(request, "accounts/consent.html", {"consents": consents, "form": form})
