"""View decorators for the three signed-in roles.

They read role properties of the user object (`is_member`, `is_staff_user`,
`is_community_manager`) so that `core` needs no import of `accounts`. Finer rules, such as which
organisation's objects a developer may see, are named predicates in each app's `permissions.py`.
"""

from collections.abc import Callable
from functools import wraps
from typing import TYPE_CHECKING

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

if TYPE_CHECKING:
    # A typing-only alias that django-stubs reads as settings.AUTH_USER_MODEL: no import of `accounts`.
    from django.contrib.auth.models import _User

View = Callable[..., HttpResponse]


class SignedInRequest(HttpRequest):
    """The request a view behind one of the decorators below receives: its user is signed in (for typing)."""

    user: "_User"


def _require(test: Callable[["_User"], bool], *, staff: bool) -> Callable[[View], View]:
    def decorator(view: View) -> View:
        @wraps(view)
        def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            user = request.user
            if not user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if staff and user.is_staff_user and not user.is_verified():
                # No staff page without a verified second factor, also right after a reset.
                target = "accounts:otp_verify" if user.has_second_factor else "accounts:otp_enrol"
                return redirect(f"{_url(target)}?next={request.get_full_path()}")
            if not test(user):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


def _url(name: str) -> str:
    from django.urls import reverse

    return reverse(name)


member_required = _require(lambda user: user.is_member, staff=False)
staff_required = _require(lambda user: user.is_staff_user, staff=True)
manager_required = _require(lambda user: user.is_community_manager, staff=True)
