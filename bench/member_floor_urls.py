"""The one page of the member floor (bench/member_floor_settings.py)."""

from django.http import HttpRequest, HttpResponse
from django.urls import path

from core.access import member_required


@member_required
def ok(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok")


urlpatterns = [path("member-ok/", ok)]
