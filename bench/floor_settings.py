"""The floor of the hot-path benchmark: bare Django answering "ok", with no middleware and no database.

Served by the same gunicorn config as the app (`DJANGO_SETTINGS_MODULE=bench.floor_settings`), so the
ratio of the app's requests/s to this one's says what the app itself costs.
"""

from django.http import HttpRequest, HttpResponse
from django.urls import path

SECRET_KEY = "bench-floor-" + "x" * 50
DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
ROOT_URLCONF = "bench.floor_settings"
INSTALLED_APPS: list[str] = []
MIDDLEWARE: list[str] = []
DATABASES: dict = {}
USE_I18N = False


def ok(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok")


urlpatterns = [path("", ok)]
