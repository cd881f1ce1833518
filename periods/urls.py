from django.urls import include, path

from . import member_urls, staff_urls

app_name = "periods"
urlpatterns = [
    path("periods/", include(member_urls.urlpatterns)),
    path("staff/periods/", include(staff_urls.urlpatterns)),
]
