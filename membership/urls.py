"""Pages of membership: the member's own under /me/membership/, the manager's under /staff/membership/."""

from django.urls import path

from . import views

app_name = "membership"

urlpatterns: list = [
    path("me/membership/", views.membership, name="membership"),
    path("me/membership/renew/", views.renew, name="renew"),
    path("me/membership/certificate.pdf", views.certificate, name="certificate"),
    path("me/membership/leave/", views.leave, name="leave"),
    path("me/membership/onboarding/hide/", views.onboarding_dismiss, name="onboarding_dismiss"),
    path(
        "me/membership/onboarding/notifications-checked/",
        views.onboarding_notifications_checked,
        name="onboarding_notifications_checked",
    ),
    path("staff/membership/", views.staff_overview, name="staff_overview"),
]
