"""The member's membership pages, and the community manager's aggregate view.

Member pages never take an id: they always show the signed-in member's own term and certificate.
"""

from datetime import timedelta

from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core.access import SignedInRequest, manager_required, member_required
from core.formats import fmt_date

from . import services, stats
from .forms import LeaveForm


def member_home_panel(request: SignedInRequest) -> dict:
    """The onboarding checklist, until every step is done or the member hides it."""
    if not getattr(request.user, "is_member", False):
        return {"show": False}
    items, state = services.onboarding_checklist(request.user)
    done = sum(item.done for item in items)
    joined = request.user.member.joined_at
    new = joined is None or timezone.now() - joined < timedelta(days=services.ONBOARDING_DAYS)
    show = new and done < len(items) and not (state and state.dismissed_at)
    return {"show": show, "items": items, "done": done, "total": len(items)}


def membership_panel(request: SignedInRequest) -> dict:
    """The end of the member's term, with links to the membership page and to leaving."""
    today = timezone.localdate()
    term = services.term_current(request.user, today=today)
    return {"term": term, "can_renew": services.can_renew(term, today)}


@require_GET
@member_required
def membership(request: SignedInRequest) -> HttpResponse:
    today = timezone.localdate()
    term = services.term_current(request.user, today=today)
    return render(
        request,
        "membership/membership_detail.html",
        {
            "term": term,
            "next_term": services.term_next(term) if term.renewed_at else None,
            "can_renew": services.can_renew(term, today),
            "renewal_opens_on": services.renewal_opens_on(term),
            "lapsed": term.ends_on < today,
            "participation": services.participation_of(request.user),
        },
    )


@require_POST
@member_required
def renew(request: SignedInRequest) -> HttpResponse:
    try:
        term = services.term_renew(user=request.user)
    except services.MembershipError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request, _("Thank you! Your membership now continues until %(date)s.") % {"date": fmt_date(term.ends_on)}
        )
    return redirect("membership:membership")


@require_GET
@member_required
def certificate(request: SignedInRequest) -> HttpResponse:
    # reportlab loads on the first certificate, not when Django starts (the app's ready() imports this module).
    from .certificate import certificate_pdf

    response = HttpResponse(certificate_pdf(request.user), content_type="application/pdf")
    response["Content-Disposition"] = 'attachment; filename="prototyypit-osallistumistodistus.pdf"'
    response["Cache-Control"] = "no-store"
    return response


@never_cache
@require_http_methods(["GET", "POST"])
@member_required
def leave(request: SignedInRequest) -> HttpResponse:
    form = LeaveForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        services.member_leave(
            user=request.user,
            reason=form.cleaned_data["reason"],
            text=form.cleaned_data["text"],
            erase_now=form.cleaned_data["erase_now"],
        )
        logout(request)
        messages.success(request, _("You have left the community. Thank you for everything you gave to it. Goodbye!"))
        return redirect("core:home")
    return render(request, "membership/membership_leave.html", {"form": form})


@require_POST
@member_required
def onboarding_dismiss(request: SignedInRequest) -> HttpResponse:
    services.onboarding_mark(user=request.user, dismissed=True)
    messages.success(request, _("The list of first steps is hidden."))
    return redirect("accounts:home")


@require_POST
@member_required
def onboarding_notifications_checked(request: SignedInRequest) -> HttpResponse:
    services.onboarding_mark(user=request.user, notifications_checked=True)
    return redirect("accounts:home")


@require_GET
@manager_required
def staff_overview(request: HttpRequest) -> HttpResponse:
    return render(request, "membership/staff_overview.html", stats.overview(today=timezone.localdate()))
