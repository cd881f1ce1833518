"""Staff pages for recruitment rounds, applicants and the comparison with the region."""

from django import forms
from django.contrib import messages
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from accounts.background import BACKGROUND_VARIABLES
from audit.models import AuditEvent
from audit.services import audit_denied, audit_record
from core.access import manager_required
from core.exports import csv_response
from core.pagination import paginate

from ..forms import RoundForm
from ..models import PopulationFigure, RecruitmentRound
from ..next_step import round_next_step
from ..population import PopulationFileError, parse_population_csv
from ..quotas import feature_values
from ..services import pool_comparison, population_replace
from ..sortition_csv import SortitionFileError, read_text


def round_for(request: HttpRequest, pk: int) -> RecruitmentRound:
    round = RecruitmentRound.objects.filter(pk=pk).first()
    if round is None:
        raise audit_denied(request, what=f"round:{pk}")
    return round


@require_GET
@manager_required
def round_list(request: HttpRequest) -> HttpResponse:
    rounds = RecruitmentRound.objects.annotate(applicant_count=Count("applications")).order_by("-opens_at", "pk")
    return render(request, "recruitment/staff/round_list.html", {"page": paginate(request, rounds)})


@require_http_methods(["GET", "POST"])
@manager_required
def round_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    instance = round_for(request, pk) if pk else None
    form = RoundForm(request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        round = form.save()
        messages.success(request, _("The round has been saved."))
        return redirect("recruitment:round_staff", pk=round.pk)
    return render(request, "recruitment/staff/round_edit.html", {"form": form, "round": instance})


@require_GET
@manager_required
def round_staff_detail(request: HttpRequest, pk: int) -> HttpResponse:
    round = round_for(request, pk)
    status_counts = dict(round.applications.values_list("status").annotate(n=Count("pk")).values_list("status", "n"))
    return render(
        request,
        "recruitment/staff/round_detail.html",
        {"round": round, "status_counts": status_counts, "next_step": round_next_step(round, status_counts)},
    )


def _filtered_applications(request: HttpRequest, round: RecruitmentRound):
    applications = round.applications.filter(erased_at__isnull=True)
    active = {}
    for name in [*BACKGROUND_VARIABLES, "status"]:
        value = request.GET.get(name, "")
        if value:
            applications = applications.filter(**{name: value})
            active[name] = value
    return applications, active


@require_GET
@manager_required
def applicant_list(request: HttpRequest, pk: int) -> HttpResponse:
    """Applicants with filters and counts per background value; the list itself shows no names."""
    round = round_for(request, pk)
    applications, active = _filtered_applications(request, round)
    counts = {}
    for name in BACKGROUND_VARIABLES:
        choices = feature_values(round, name)
        aggregated = applications.aggregate(
            **{f"{name}__{value}": Count("pk", filter=Q(**{name: value})) for value, _label in choices}
        )
        counts[name] = [(value, label, aggregated[f"{name}__{value}"]) for value, label in choices]
    return render(
        request,
        "recruitment/staff/applicant_list.html",
        {
            "round": round,
            "page": paginate(request, applications.order_by("pk")),
            "counts": counts,
            "variables": BACKGROUND_VARIABLES,
            "active": active,
        },
    )


@require_GET
@manager_required
def applicants_csv(request: HttpRequest, pk: int) -> HttpResponse:
    """Export the applicants with identity for selection work; the export is audit-logged."""
    round = round_for(request, pk)
    applications, active = _filtered_applications(request, round)
    audit_record(
        actor=request.user,
        action=AuditEvent.Action.APPLICANTS_EXPORTED,
        obj=round,
        detail={"filters": active, "count": applications.count()},
    )
    header = [
        "id",
        "name",
        "email",
        "phone",
        "birth_date",
        *BACKGROUND_VARIABLES,
        "other_life_situations",
        "services_used",
        "motivation",
        "quiz_type",
        "reserve_consent",
        "status",
    ]
    rows = (
        [
            application.public_id,
            application.full_name,
            application.email,
            application.phone,
            application.birth_date.isoformat() if application.birth_date else "",
            *(variable.value_of(application) for variable in BACKGROUND_VARIABLES.values()),
            " ".join(application.other_life_situations),
            " ".join(application.services_used),
            application.motivation,
            application.quiz_type,
            "yes" if application.reserve_consent else "no",
            application.status,
        ]
        for application in applications.order_by("pk").iterator()
    )
    return csv_response(f"applicants-{round.slug}.csv", header, rows)


@require_GET
@manager_required
def comparison(request: HttpRequest, pk: int) -> HttpResponse:
    round = round_for(request, pk)
    return render(
        request,
        "recruitment/staff/comparison.html",
        {
            "round": round,
            "comparison": pool_comparison(round),
            "variables": BACKGROUND_VARIABLES,
            "total": round.applications.filter(erased_at__isnull=True).count(),
        },
    )


class PopulationForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("Population file (table,group,value,population)"))


@require_http_methods(["GET", "POST"])
@manager_required
def population(request: HttpRequest) -> HttpResponse:
    """Replace the region's population figures with a county's own, in the shipped file's format."""
    form = PopulationForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            source, figures = parse_population_csv(read_text(form.cleaned_data["file"].read(), "population"))
        except (PopulationFileError, SortitionFileError) as error:
            form.add_error("file", str(error))
        else:
            population_replace(source=source, figures=figures)
            messages.success(request, _("The population figures have been replaced."))
            return redirect("recruitment:population")
    return render(
        request,
        "recruitment/staff/population.html",
        {"form": form, "figures": PopulationFigure.objects.order_by("table", "value")},
    )
