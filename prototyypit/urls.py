from django.conf.urls.i18n import i18n_patterns
from django.urls import URLPattern, URLResolver, include, path
from django.views.i18n import set_language

from core import views as core_views

# Outside the language prefix: machine endpoints and the language switch.
urlpatterns: list[URLPattern | URLResolver] = [
    path("healthz", core_views.healthz, name="healthz"),
    path("theme.css", core_views.theme_css, name="theme_css"),
    path("favicon.ico", core_views.favicon, name="favicon"),
    path("i18n/setlang/", set_language, name="set_language"),
]

urlpatterns += i18n_patterns(
    path("", include("core.urls")),
    path("", include("accounts.urls")),
    path("", include("recruitment.urls")),
    path("", include("periods.urls")),
    path("", include("notifications.urls")),
    path("", include("reports.urls")),
    path("", include("impact.urls")),
    path("", include("support.urls")),
    path("", include("community.urls")),
    path("", include("results.urls")),
    path("", include("membership.urls")),
    path("organisations/", include("organisations.urls")),
    path("audit/", include("audit.urls")),
)

handler400 = "core.views.bad_request"
handler403 = "core.views.permission_denied"
handler404 = "core.views.page_not_found"
handler500 = "core.views.server_error"
