"""Pages of impact: staff pages under /<lang>/staff/impact/, the member's own under /<lang>/me/impact/."""

from django.urls import path

from . import views

app_name = "impact"

urlpatterns: list = [
    path("staff/impact/", views.action_list, name="action_list"),
    path("staff/impact/new/", views.action_create, name="action_create"),
    path("staff/impact/<int:action_id>/", views.action_detail, name="action_detail"),
    path("staff/impact/<int:action_id>/edit/", views.action_edit, name="action_edit"),
    path("staff/impact/<int:action_id>/status/", views.action_status, name="action_status"),
    path("staff/impact/<int:action_id>/publish/", views.action_publish, name="action_publish"),
    path("staff/impact/targets/", views.target_list, name="target_list"),
    path("staff/impact/targets/new/", views.target_create, name="target_create"),
    path("staff/impact/targets/<int:target_id>/", views.target_detail, name="target_detail"),
    path("staff/impact/targets/<int:target_id>/edit/", views.target_edit, name="target_edit"),
    path("staff/impact/targets/<int:target_id>/measurements/", views.measurement_add, name="measurement_add"),
    path("me/impact/", views.my_impact, name="my_impact"),
]
