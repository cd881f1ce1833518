"""Shared parts of the staff pages of periods; the pages themselves are in staff_*.py."""

from collections.abc import Callable

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _

from core.navigation import register_staff_link

from ..permissions import can_manage_periods, can_use_periods
from ..services.staff import StaffActionError


def register_staff_links() -> None:
    """Called from PeriodsConfig.ready(): the link on the staff home page."""
    register_staff_link(
        url_name="periods:staff_period_list", label=_("Active periods"), allowed=can_use_periods, order=40
    )


def require_manager(request: HttpRequest) -> None:
    """Actions only a community manager takes (after the object was fetched, so outsiders get 404)."""
    if not can_manage_periods(request.user):
        raise PermissionDenied


def run(request: HttpRequest, action: Callable[[], object], success: str) -> bool:
    """Run a service call; show its refusal as an error message instead of failing."""
    try:
        action()
    except StaffActionError as error:
        messages.error(request, str(error))
        return False
    messages.success(request, success)
    return True


def back_to_approvals(request: HttpRequest) -> HttpResponse | None:
    """Reviews made on the approvals page return there."""
    return redirect("periods:staff_approvals") if request.POST.get("next") == "approvals" else None
