"""Pages of support."""

from django.urls import path

from . import views

app_name = "support"

urlpatterns: list = [
    path("support/new/", views.request_create, name="request_create"),
    path("support/sent/", views.request_sent, name="request_sent"),
    path("support/mine/", views.my_requests, name="my_requests"),
    path("support/mine/<int:pk>/", views.my_request_detail, name="my_request"),
    path("support/reply/<str:token>/", views.visitor_request, name="visitor_request"),
    path("help/", views.help_list, name="help_list"),
    path("help/<slug:slug>/", views.help_page, name="help_page"),
    path("staff/support/", views.inbox, name="inbox"),
    path("staff/support/<int:pk>/", views.staff_request_detail, name="staff_request"),
    path("staff/support/<int:pk>/reply/", views.staff_reply, name="staff_reply"),
    path("staff/support/<int:pk>/note/", views.staff_note, name="staff_note"),
    path("staff/support/<int:pk>/status/", views.staff_status, name="staff_status"),
    path("staff/help/", views.staff_help_list, name="staff_help_list"),
    path("staff/help/new/", views.staff_help_edit, name="staff_help_create"),
    path("staff/help/<int:pk>/edit/", views.staff_help_edit, name="staff_help_edit"),
]
