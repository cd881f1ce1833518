"""Import and export a round's pool and quotas in the Sortition Foundation's CSV formats."""

from django import forms
from django.contrib import messages
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from accounts.background import BACKGROUND_VARIABLES
from audit.models import AuditEvent
from audit.services import audit_record
from core.access import manager_required
from core.exports import safe_cell

from ..models import Application
from ..quotas import feature_values, quotas_of, quotas_save
from ..sortition_csv import SortitionFileError, parse_features, parse_people, read_text, write_features, write_people
from .staff import round_for


class ImportForm(forms.Form):
    features = forms.FileField(label=gettext_lazy("Features file (feature,value,min,max)"))
    people = forms.FileField(label=gettext_lazy("People file (id, then one column per feature)"))


def _download(text: str, filename: str) -> HttpResponse:
    response = HttpResponse(text, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require_GET
@manager_required
def export_features(request: HttpRequest, pk: int) -> HttpResponse:
    round = round_for(request, pk)
    return _download(write_features(quotas_of(round)), f"features-{round.slug}.csv")


@require_GET
@manager_required
def export_people(request: HttpRequest, pk: int) -> HttpResponse:
    """The pool with background only (no identity), ids as in the selection."""
    round = round_for(request, pk)
    applications = round.applications.filter(erased_at__isnull=True).order_by("pk")
    audit_record(actor=request.user, action=AuditEvent.Action.APPLICANTS_EXPORTED, obj=round, detail={"what": "pool"})
    people = ((a.public_id, {f: safe_cell(getattr(a, f)) for f in BACKGROUND_VARIABLES}) for a in applications)
    return _download(write_people(list(BACKGROUND_VARIABLES), people), f"people-{round.slug}.csv")


@require_http_methods(["GET", "POST"])
@manager_required
def import_pool(request: HttpRequest, pk: int) -> HttpResponse:
    """Add a pool and its quotas from the Sortition Foundation's files: all rows or none."""
    round = round_for(request, pk)
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            quotas = parse_features(read_text(form.cleaned_data["features"].read(), "features"))
            unknown = [feature for feature in quotas if feature not in BACKGROUND_VARIABLES]
            if unknown:
                raise SortitionFileError(
                    _("features: unknown background variables %(names)s; use %(known)s.")
                    % {"names": ", ".join(unknown), "known": ", ".join(BACKGROUND_VARIABLES)}
                )
            for feature, values in quotas.items():
                allowed = {value for value, _label in feature_values(round, feature)}
                wrong = sorted(set(values) - allowed)
                if wrong:
                    raise SortitionFileError(
                        _("features: %(feature)s has values this round does not know: %(values)s.")
                        % {"feature": feature, "values": ", ".join(wrong)}
                    )
            people = parse_people(read_text(form.cleaned_data["people"].read(), "people"), quotas)
        except SortitionFileError as error:
            form.add_error(None, str(error))
        else:
            with transaction.atomic():
                Application.objects.bulk_create(
                    Application(round=round, external_id=person_id, language="fi", **_background(values))
                    for person_id, values in people.items()
                )
                quotas_save(round=round, quotas=quotas)
                audit_record(
                    actor=request.user,
                    action=AuditEvent.Action.MEMBERS_IMPORTED,
                    obj=round,
                    detail={"pool": len(people)},
                )
            messages.success(request, _("%(count)d people and the quotas were imported.") % {"count": len(people)})
            return redirect("recruitment:round_staff", pk=round.pk)
    return render(
        request,
        "recruitment/staff/import_pool.html",
        {"round": round, "form": form, "names": ", ".join(BACKGROUND_VARIABLES)},
    )


def _background(values: dict[str, str]) -> dict[str, str]:
    return {**{name: variable.unknown for name, variable in BACKGROUND_VARIABLES.items()}, **values}
