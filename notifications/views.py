"""A member's notifications and settings, the one-click unsubscribe, and the staff page of deliveries."""

from django.contrib import messages
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from audit.services import audit_denied
from core.access import SignedInRequest, is_manager, manager_required, member_required
from core.navigation import register_staff_link
from core.pagination import paginate

from .forms import PreferencesForm, ResendForm
from .models import Delivery, DeliveryStatus, Kind, Notification
from .services import (
    DeliveryError,
    delivery_resend,
    delivery_resolve,
    email_unsubscribe,
    notifications_read,
    preferences_all,
    preferences_save,
    unsubscribe_read,
)

# The deliveries a manager must look at: the outcome is unknown, or every retry failed.
NEEDS_CHECK = [DeliveryStatus.UNKNOWN, DeliveryStatus.GAVE_UP]


def register_links() -> None:
    register_staff_link(
        url_name="notifications:staff_deliveries",
        label=gettext_lazy("Email deliveries"),
        allowed=is_manager,
        order=70,
    )


# The member's own ---------------------------------------------------------------------------------


@never_cache
@require_GET
@member_required
def notification_list(request: SignedInRequest) -> HttpResponse:
    notifications = Notification.objects.filter(user=request.user)
    return render(
        request,
        "notifications/notification_list.html",
        {"page": paginate(request, notifications), "unread": notifications.unread().count()},
    )


@require_POST
@member_required
def notification_read_all(request: HttpRequest) -> HttpResponse:
    notifications_read(user=request.user)
    messages.success(request, _("All notifications are marked read."))
    return redirect("notifications:notification_list")


@require_POST
@member_required
def notification_open(request: SignedInRequest, pk: int) -> HttpResponse:
    """Mark one of the member's own notifications read and go where it points."""
    notification = Notification.objects.filter(pk=pk, user=request.user).first()
    if notification is None:
        raise audit_denied(request, what=f"notification:{pk}")
    notifications_read(user=request.user, pk=notification.pk)
    if notification.url and url_has_allowed_host_and_scheme(
        notification.url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(notification.url)
    return redirect("notifications:notification_list")


@never_cache
@require_http_methods(["GET", "POST"])
@member_required
def notification_settings(request: HttpRequest) -> HttpResponse:
    # Not `request.POST or None`: a form with every box unchecked posts nothing, and must still save.
    form = PreferencesForm(request.POST if request.method == "POST" else None, current=preferences_all(request.user))
    if request.method == "POST" and form.is_valid():
        preferences_save(user=request.user, choices=form.choices())
        messages.success(request, _("Your notification settings are saved."))
        return redirect("notifications:notification_settings")
    return render(request, "notifications/notification_settings.html", {"form": form})


# The unsubscribe link of every email ------------------------------------------------------------------


# The signed token is the authentication: mail clients send RFC 8058 one-click unsubscribes as a
# plain POST without cookies or a CSRF token. GET only explains and changes nothing.
@csrf_exempt
@never_cache
@require_http_methods(["GET", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    found = unsubscribe_read(token)
    if found is None:
        return render(request, "notifications/unsubscribe_invalid.html", status=404)
    user, kind = found
    done = False
    if request.method == "POST":
        email_unsubscribe(user=user, kind=kind)
        done = True
    return render(
        request,
        "notifications/unsubscribe.html",
        {"kind_label": Kind(kind).label, "done": done, "own": request.user == user},
    )


# Staff: emails whose delivery needs a person ----------------------------------------------------------


@never_cache
@require_GET
@manager_required
def staff_deliveries(request: HttpRequest) -> HttpResponse:
    counts = dict(Delivery.objects.values_list("status").annotate(n=Count("pk")).order_by())
    waiting = (
        Delivery.objects.filter(status__in=NEEDS_CHECK)
        .select_related("user__member")
        .defer("text", "html", "subject")
        .order_by("-claimed_at", "-pk")
    )
    return render(
        request,
        "notifications/staff_deliveries.html",
        {
            "page": paginate(request, waiting),
            "counts": [(label, counts.get(value, 0)) for value, label in DeliveryStatus.choices],
        },
    )


def _delivery(request: HttpRequest, pk: int) -> Delivery:
    delivery = Delivery.objects.filter(pk=pk).select_related("user__member").defer("text", "html").first()
    if delivery is None:
        raise audit_denied(request, what=f"delivery:{pk}")
    return delivery


@require_POST
@manager_required
def staff_delivery_resolve(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        delivery_resolve(delivery=_delivery(request, pk), by=request.user)
    except DeliveryError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("The email is marked checked."))
    return redirect("notifications:staff_deliveries")


@never_cache
@require_http_methods(["GET", "POST"])
@manager_required
def staff_delivery_resend(request: HttpRequest, pk: int) -> HttpResponse:
    """Send an email again only when a manager has checked that it did not arrive."""
    delivery = _delivery(request, pk)
    form = ResendForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            delivery_resend(delivery=delivery, by=request.user)
        except DeliveryError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("The email is sent again."))
        return redirect("notifications:staff_deliveries")
    return render(request, "notifications/staff_delivery_resend.html", {"delivery": delivery, "form": form})
