from django.contrib.auth import get_user_model
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from audit.services import audit_denied
from core.access import staff_required

from .models import Organisation
from .permissions import can_view_organisation, organisations_visible_to


@require_GET
@staff_required
def organisation_list(request: HttpRequest) -> HttpResponse:
    organisations = organisations_visible_to(request.user)
    return render(request, "organisations/organisation_list.html", {"organisations": organisations})


@require_GET
@staff_required
def organisation_detail(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = get_object_or_404(Organisation, slug=slug)
    if not can_view_organisation(request.user, organisation):
        raise audit_denied(request, what=f"organisation:{slug}")
    team = get_user_model().objects.staff().filter(organisation=organisation, is_active=True).order_by("full_name")
    return render(request, "organisations/organisation_detail.html", {"organisation": organisation, "team": team})
