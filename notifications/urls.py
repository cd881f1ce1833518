from django.urls import path

from . import views

app_name = "notifications"
urlpatterns = [
    path("me/notifications/", views.notification_list, name="notification_list"),
    path("me/notifications/read/", views.notification_read_all, name="notification_read_all"),
    path("me/notifications/<int:pk>/open/", views.notification_open, name="notification_open"),
    path("me/notifications/settings/", views.notification_settings, name="notification_settings"),
    path("unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("staff/notifications/", views.staff_deliveries, name="staff_deliveries"),
    path("staff/notifications/<int:pk>/checked/", views.staff_delivery_resolve, name="staff_delivery_resolve"),
    path("staff/notifications/<int:pk>/resend/", views.staff_delivery_resend, name="staff_delivery_resend"),
]
