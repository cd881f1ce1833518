from django.urls import path

from . import views

app_name = "core"
urlpatterns = [
    path("", views.home, name="home"),
    path("privacy/", views.privacy, name="privacy"),
    path("accessibility/", views.accessibility, name="accessibility"),
    path("staff/pages/", views.statutory_page_list, name="statutory_page_list"),
    path("staff/pages/<str:kind>/", views.statutory_page_edit, name="statutory_page_edit"),
]
