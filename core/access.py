"""View decorators for the three signed-in roles.

They read role properties of the user object (`is_member`, `is_staff_user`,
`is_community_manager`) so that `core` needs no import of `accounts`. Finer rules, such as which
organisation's objects a developer may see, are named predicates in each app's `permissions.py`.
"""

from collections.abc import Callable
from functools import wraps
from typing import TYPE_CHECKING, Concatenate, ParamSpec, TypeAlias, TypeVar, cast

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect

if TYPE_CHECKING:
    # A typing-only alias that django-stubs reads as settings.AUTH_USER_MODEL: no import of `accounts`.
    from django.contrib.auth.models import _User

View = Callable[..., HttpResponseBase]
P = ParamSpec("P")
R = TypeVar("R", bound=HttpResponseBase)


class SignedInRequest(HttpRequest):
    """The request a view behind one of the decorators below receives: its user is signed in (for typing)."""

    user: "_User"


# A view written for a signed-in user, and what a decorator below makes of it: a view for any request.
SignedInView: TypeAlias = Callable[Concatenate[SignedInRequest, P], R]
GuardedView: TypeAlias = Callable[Concatenate[HttpRequest, P], R | HttpResponse]


def _require(test: Callable[["_User"], bool], *, staff: bool) -> Callable[[SignedInView[P, R]], GuardedView[P, R]]:
    def decorator(view: SignedInView[P, R]) -> GuardedView[P, R]:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: P.args, **kwargs: P.kwargs) -> R | HttpResponse:
            user = request.user
            if not user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if staff and user.is_staff_user and not user.is_verified():
                # No staff page without a verified second factor, also right after a reset.
                target = "accounts:otp_verify" if user.has_second_factor else "accounts:otp_enrol"
                return redirect(f"{_url(target)}?next={request.get_full_path()}")
            if not test(user):
                raise PermissionDenied
            # Past the checks above, the user is signed in.
            return view(cast(SignedInRequest, request), *args, **kwargs)

        return wrapped

    return decorator


def _url(name: str) -> str:
    from django.urls import reverse

    return reverse(name)


def is_manager(user) -> bool:
    """The role behind `manager_required`, also for the staff links to the pages it guards."""
    return user.is_community_manager


member_required = _require(lambda user: user.is_member, staff=False)
staff_required = _require(lambda user: user.is_staff_user, staff=True)
manager_required = _require(is_manager, staff=True)


def staff_passes(predicate: Callable[[object], bool]) -> Callable[[View], View]:
    """Staff pages that an app's own predicate also allows: the same sign-in and second factor, else 403."""
    return _require(lambda user: user.is_staff_user and predicate(user), staff=True)
