"""An applicant who was not selected may agree, through a signed link, to stay on the reserve list."""

from django.core import signing
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from ..models import Application, ApplicationStatus

RESERVE_SALT = "recruitment.reserve-consent"
RESERVE_LINK_MAX_AGE = 60 * 60 * 24 * 60


def reserve_token(application: Application) -> str:
    return signing.dumps(application.pk, salt=RESERVE_SALT)


@require_http_methods(["GET", "POST"])
def reserve_consent(request: HttpRequest, token: str) -> HttpResponse:
    """GET explains; POST records the consent. The link works only for its own application."""
    try:
        pk = signing.loads(token, salt=RESERVE_SALT, max_age=RESERVE_LINK_MAX_AGE)
    except signing.BadSignature as error:
        raise Http404 from error
    application = Application.objects.filter(pk=pk, erased_at__isnull=True).select_related("round").first()
    if application is None or application.status in (ApplicationStatus.SELECTED, ApplicationStatus.INVITED):
        raise Http404
    if request.method == "POST":
        Application.objects.filter(pk=application.pk).update(reserve_consent=request.POST.get("stay") == "yes")
        application.refresh_from_db()
    return render(
        request, "recruitment/reserve_consent.html", {"application": application, "posted": request.method == "POST"}
    )
