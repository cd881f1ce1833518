"""View decorators for the three signed-in roles.

They read role properties of the user object (`is_member`, `is_staff_user`,
`is_community_manager`) so that `core` needs no import of `accounts`. Finer rules, such as which
organisation's objects a developer may see, are named predicates in each app's `permissions.py`.
"""

from collections.abc import Callable
from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

View = Callable[..., HttpResponse]


def _require(test: Callable[[object], bool], *, staff: bool) -> Callable[[View], View]:
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


def is_manager(user) -> bool:
    """The role behind `manager_required`, also for the staff links to the pages it guards."""
    return user.is_community_manager


member_required = _require(lambda user: user.is_member, staff=False)
staff_required = _require(lambda user: user.is_staff_user, staff=True)
manager_required = _require(is_manager, staff=True)


def staff_passes(predicate: Callable[[object], bool]) -> Callable[[View], View]:
    """Staff pages that an app's own predicate also allows: the same sign-in and second factor, else 403."""
    return _require(lambda user: user.is_staff_user and predicate(user), staff=True)
