"""Public pages, the health check and the error pages."""

import logging
import sys
from pathlib import Path

from django.conf import settings
from django.contrib import messages
from django.db import DatabaseError, InterfaceError, OperationalError, connection
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control, never_cache
from django.views.decorators.http import require_GET, require_http_methods

from .access import manager_required
from .background import worker_status
from .forms import StatutoryPageForm
from .models import StatutoryPage
from .navigation import front_panels
from .pages import statutory_page_for, statutory_page_save

logger = logging.getLogger(__name__)

# The same file base.html links as the icon; read once, it is a few hundred bytes.
FAVICON = (Path(__file__).parent / "static" / "core" / "favicon.svg").read_bytes()


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("accounts:home")
    return render(request, "core/home.html", {"panels": front_panels()})


@require_GET
def privacy(request: HttpRequest) -> HttpResponse:
    return render(request, "core/privacy.html", {"page": statutory_page_for(StatutoryPage.Kind.PRIVACY)})


@require_GET
def accessibility(request: HttpRequest) -> HttpResponse:
    return render(request, "core/accessibility.html", {"page": statutory_page_for(StatutoryPage.Kind.ACCESSIBILITY)})


@never_cache
@require_GET
@manager_required
def statutory_page_list(request: HttpRequest) -> HttpResponse:
    pages = {page.kind: page for page in StatutoryPage.objects.all()}
    rows = [(kind, label, pages.get(kind)) for kind, label in StatutoryPage.Kind.choices]
    return render(request, "core/staff/statutory_pages.html", {"rows": rows})


@never_cache
@require_http_methods(["GET", "POST"])
@manager_required
def statutory_page_edit(request: HttpRequest, kind: str) -> HttpResponse:
    if kind not in StatutoryPage.Kind.values:
        raise Http404
    page = StatutoryPage.objects.filter(kind=kind).first() or StatutoryPage(kind=kind)
    form = StatutoryPageForm(request.POST or None, instance=page)
    if request.method == "POST" and form.is_valid():
        statutory_page_save(page=form.save(commit=False), actor=request.user)
        messages.success(request, _("The page was saved."))
        return redirect("core:statutory_page_list")
    return render(
        request,
        "core/staff/statutory_page_form.html",
        {"form": form, "page": page, "public_url": reverse(f"core:{kind}")},
        status=400 if form.errors else 200,
    )


@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    """Tell a load balancer whether this process can serve, and a monitor whether background work moves.

    Only the database decides the status code: a stale worker does not make this process unfit to
    serve pages, so it is reported ("worker": "stale") for a monitor to alert on, with 200.
    """
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        worker = worker_status(timezone.now())
    except DatabaseError:
        logger.exception("Health check: database unreachable")
        return JsonResponse({"status": "error", "database": "error"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok", "worker": worker})


@require_GET
@cache_control(max_age=86400, public=True)
def favicon(request: HttpRequest) -> HttpResponse:
    """Answer the /favicon.ico every browser asks for on its first visit with the site icon."""
    return HttpResponse(FAVICON, content_type="image/svg+xml")


@require_GET
@cache_control(max_age=3600, public=True)
def theme_css(request: HttpRequest) -> HttpResponse:
    """Serve the configured colours as CSS variables (the policy forbids inline styles)."""
    css = (
        ":root{"
        f"--colour-primary:{_css_colour(settings.SITE_COLOUR_PRIMARY)};"
        f"--colour-accent:{_css_colour(settings.SITE_COLOUR_ACCENT)};"
        "}\n"
    )
    return HttpResponse(css, content_type="text/css; charset=utf-8")


def _css_colour(value: str) -> str:
    """Accept only a hex colour, so a setting can never inject other CSS."""
    value = value.strip()
    if value.startswith("#") and len(value) in (4, 7) and all(c in "0123456789abcdefABCDEF" for c in value[1:]):
        return value
    return "#005a78"


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    return render(request, "core/csrf_failure.html", status=403)


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "400.html", status=400)


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "403.html", status=403)


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "404.html", status=404)


# A database that restarts or fails over refuses connections for a few seconds.
RETRY_AFTER_SECONDS = 5


def server_error(request: HttpRequest) -> HttpResponse:
    """A generic 500, or a 503 that asks to try again when the database was briefly unreachable.

    Django calls this while handling the exception, so sys.exc_info() still holds it. A lost database
    connection (a restart, a failover) is temporary: the page's autosave retries on its own and a
    member who sent a form is told that it was not saved and may simply send it again.
    """
    error = sys.exc_info()[1]
    if not isinstance(error, (OperationalError, InterfaceError)):
        return render(request, "500.html", status=500)
    logger.warning("Database unavailable: %s", type(error).__name__)
    message = _("The service is unavailable for a moment and your last change was not saved. Try again shortly.")
    if "application/json" in request.headers.get("Accept", ""):
        response: HttpResponse = JsonResponse({"unavailable": True, "message": message}, status=503)
    else:
        response = render(request, "503.html", status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response
