"""Staff pages for managing people: members, staff, second factors and terms."""

from django.contrib import messages
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from audit.services import audit_denied
from core.access import SignedInRequest, manager_required, staff_required
from core.background import background_problems
from core.navigation import staff_link_groups_for
from core.pagination import paginate
from core.todos import todos_for

from ..background import background_variable
from ..forms import MemberImportForm, MemberInviteForm, ReasonForm, StaffInviteForm, TermsPublishForm
from ..models import Member, TermsVersion, User
from ..permissions import can_view_identity
from ..services import (
    AccountError,
    identity_view,
    member_invite,
    members_import,
    second_factor_reset,
    staff_invite,
    terms_publish,
    user_deactivate,
    user_reactivate,
)


@require_GET
@staff_required
def staff_home(request: SignedInRequest) -> HttpResponse:
    """What waits for this staff member first, then the staff pages they may open, by group."""
    return render(
        request,
        "accounts/staff_home.html",
        {
            "todos": todos_for(request.user),
            "background": background_problems(timezone.now()),
            "link_groups": staff_link_groups_for(request.user),
        },
    )


@require_GET
@manager_required
def member_list(request: HttpRequest) -> HttpResponse:
    """Members by pseudonym and background, never by name."""
    members = Member.objects.select_related("user").filter(user__erased_at__isnull=True).order_by("pseudonym", "pk")
    filters = {
        "age_group": request.GET.get("age_group", ""),
        "municipality": request.GET.get("municipality", ""),
        "status": request.GET.get("status", ""),
        "q": request.GET.get("q", "").strip(),
    }
    if filters["age_group"]:
        members = members.filter(age_group=filters["age_group"])
    if filters["municipality"]:
        members = members.filter(municipality=filters["municipality"])
    if filters["status"] == "active":
        members = members.filter(user__is_active=True)
    elif filters["status"] == "invited":
        members = members.filter(user__is_active=False, joined_at__isnull=True)
    elif filters["status"] == "inactive":
        members = members.filter(user__is_active=False, joined_at__isnull=False)
    if filters["q"]:
        members = members.filter(Q(pseudonym__icontains=filters["q"]))
    return render(
        request,
        "accounts/member_list.html",
        {
            "page": paginate(request, members),
            "filters": filters,
            "age_groups": background_variable("age_group").choices(),
            "municipalities": background_variable("municipality").choices(),
        },
    )


@never_cache
@require_http_methods(["GET", "POST"])
@manager_required
def member_invite_view(request: SignedInRequest) -> HttpResponse:
    form = MemberInviteForm(request.POST or None, initial={"language": get_language()})
    if request.method == "POST" and form.is_valid():
        try:
            member_invite(by=request.user, details=form.details())
        except AccountError as error:
            form.add_error("email", str(error))
        else:
            messages.success(request, _("The invitation has been sent."))
            return redirect("accounts:member_list")
    return render(request, "accounts/member_invite.html", {"form": form})


@never_cache
@require_http_methods(["GET", "POST"])
@manager_required
def member_import(request: SignedInRequest) -> HttpResponse:
    form = MemberImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            invitations = members_import(by=request.user, rows=form.cleaned_data["file"])
        except AccountError as error:
            form.add_error("file", str(error))
        else:
            messages.success(request, _("%(count)d invitations have been sent.") % {"count": len(invitations)})
            return redirect("accounts:member_list")
    return render(request, "accounts/member_import.html", {"form": form})


def _person(request: HttpRequest, pk: int) -> User:
    user = User.objects.filter(pk=pk, erased_at__isnull=True).select_related("organisation").first()
    if user is None:
        raise audit_denied(request, what=f"user:{pk}")
    return user


@never_cache
@require_http_methods(["GET", "POST"])
@manager_required
def identity(request: SignedInRequest, pk: int) -> HttpResponse:
    """Show one person's identity after the manager gives a reason; the read is logged."""
    subject = _person(request, pk)
    if not can_view_identity(request.user, subject):
        raise audit_denied(request, what=f"identity:{pk}")
    form = ReasonForm(request.POST or None)
    shown = None
    if request.method == "POST" and form.is_valid():
        shown = identity_view(by=request.user, user=subject, reason=form.cleaned_data["reason"])
    return render(request, "accounts/identity.html", {"subject": subject, "form": form, "identity": shown})


@require_GET
@manager_required
def staff_list(request: HttpRequest) -> HttpResponse:
    staff = User.objects.staff().select_related("organisation").order_by("-is_active", "full_name")
    return render(request, "accounts/staff_list.html", {"page": paginate(request, staff)})


@never_cache
@require_http_methods(["GET", "POST"])
@manager_required
def staff_invite_view(request: SignedInRequest) -> HttpResponse:
    form = StaffInviteForm(request.POST or None, initial={"language": get_language()})
    if request.method == "POST" and form.is_valid():
        try:
            staff_invite(by=request.user, **form.cleaned_data)
        except AccountError as error:
            form.add_error("email", str(error))
        else:
            messages.success(request, _("The invitation has been sent."))
            return redirect("accounts:staff_list")
    return render(request, "accounts/staff_invite.html", {"form": form})


@require_POST
@manager_required
def deactivate(request: SignedInRequest, pk: int) -> HttpResponse:
    subject = _person(request, pk)
    try:
        user_deactivate(by=request.user, user=subject)
    except AccountError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("The account has been deactivated and its sessions ended."))
    return redirect("accounts:staff_list" if subject.is_staff_user else "accounts:member_list")


@require_POST
@manager_required
def reactivate(request: SignedInRequest, pk: int) -> HttpResponse:
    subject = _person(request, pk)
    try:
        user_reactivate(by=request.user, user=subject)
    except AccountError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("The account is active again."))
    return redirect("accounts:staff_list" if subject.is_staff_user else "accounts:member_list")


@never_cache
@require_http_methods(["GET", "POST"])
@manager_required
def second_factor_reset_view(request: SignedInRequest, pk: int) -> HttpResponse:
    subject = _person(request, pk)
    if not subject.is_staff_user:
        raise audit_denied(request, what=f"second-factor:{pk}")
    form = ReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        second_factor_reset(by=request.user, user=subject, reason=form.cleaned_data["reason"])
        messages.success(request, _("The second factor has been reset. They set up a new one at their next login."))
        return redirect("accounts:staff_list")
    return render(request, "accounts/second_factor_reset.html", {"subject": subject, "form": form})


@never_cache
@require_http_methods(["GET", "POST"])
@manager_required
def terms(request: SignedInRequest) -> HttpResponse:
    form = TermsPublishForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        version = terms_publish(by=request.user, **form.cleaned_data)
        messages.success(request, _("Terms version %(version)d has been published.") % {"version": version.version})
        return redirect("accounts:terms")
    versions = TermsVersion.objects.all()
    return render(request, "accounts/terms.html", {"form": form, "versions": paginate(request, versions)})
