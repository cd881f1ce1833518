"""Staff run the fair selection: compute the lottery, follow its progress, draw, invite."""

import json

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.background import BACKGROUND_VARIABLES
from audit.models import AuditEvent
from audit.services import audit_denied, audit_record
from core.access import manager_required

from ..forms import DrawForm, OverrideForm
from ..models import Application, SelectionOverride, SelectionRun
from ..quotas import feature_label, quota_problems, quotas_of, value_label
from ..selection_service import (
    SelectionError,
    selection_draw,
    selection_invite,
    selection_lost,
    selection_override,
    selection_retry,
    selection_start,
)
from .staff import round_for


def _run_for(request: HttpRequest, round, run_pk: int) -> SelectionRun:
    run = SelectionRun.objects.filter(pk=run_pk, round=round).first()
    if run is None:
        raise audit_denied(request, what=f"selection:{run_pk}")
    return run


@require_GET
@manager_required
def selection(request: HttpRequest, pk: int) -> HttpResponse:
    round = round_for(request, pk)
    run = round.selection_runs.first()
    quotas = quotas_of(round)
    context = {
        "round": round,
        "run": run,
        "problems": quota_problems(round, quotas) if quotas else [_("Set the quotas first.")],
        "draw_form": DrawForm(),
        "lost": run is not None and selection_lost(run),
    }
    if run is not None and run.status == SelectionRun.Status.DONE:
        context |= _results(request, run)
    return render(request, "recruitment/staff/selection.html", context)


def _results(request: HttpRequest, run: SelectionRun) -> dict:
    ids = run.pool + run.figures.get("included", [])
    applications = Application.objects.in_bulk(ids)
    overrides = {
        o.application_id: o.get_kind_display() for o in SelectionOverride.objects.filter(application_id__in=ids)
    }
    greedy = run.figures.get("greedy", {})
    rows = [
        {
            "application": applications[pk],
            "probability": run.probabilities.get(str(pk), 0.0),
            "greedy": greedy.get(str(pk), 0.0),
            "override": overrides.get(pk),
        }
        for pk in ids
        if pk in applications
    ]
    rows.sort(key=lambda row: (row["probability"], row["application"].pk))
    drawn = set(run.panels[run.drawn_index]) if run.drawn_index is not None else None
    quota_rows = []
    for feature in BACKGROUND_VARIABLES:
        for value, (low, high) in run.quotas.get(feature, {}).items():
            members = [pk for pk in ids if pk in applications and getattr(applications[pk], feature) == value]
            quota_rows.append(
                {
                    "feature": feature_label(feature),
                    "value": value_label(feature, value),
                    "min": low,
                    "max": high,
                    "applicants": len(members),
                    "expected": sum(run.probabilities.get(str(pk), 0.0) for pk in members),
                    "drawn": len([pk for pk in members if pk in drawn]) if drawn is not None else None,
                }
            )
    # Also after a press that stopped half way, until everybody is invited or told.
    can_invite = run.drawn_index is not None and (
        run.round.applications.to_invite().exists() or run.round.applications.to_inform().exists()
    )
    return {
        "page": Paginator(rows, 50).get_page(request.GET.get("page")),
        "quota_rows": quota_rows,
        "can_invite": can_invite,
    }


@require_POST
@manager_required
def start(request: HttpRequest, pk: int) -> HttpResponse:
    round = round_for(request, pk)
    try:
        selection_start(round=round, by=request.user)
    except SelectionError as error:
        messages.error(request, str(error))
    return redirect("recruitment:selection", pk=round.pk)


@require_POST
@manager_required
def retry(request: HttpRequest, pk: int, run_pk: int) -> HttpResponse:
    """Compute a lottery again whose job failed or whose worker went away."""
    round = round_for(request, pk)
    run = _run_for(request, round, run_pk)
    if selection_retry(run=run, by=request.user):
        messages.success(request, _("The lottery is being computed again."))
    else:
        messages.info(request, _("There is nothing to try again: the lottery is being computed or is ready."))
    return redirect("recruitment:selection", pk=round.pk)


@require_POST
@manager_required
def draw(request: HttpRequest, pk: int, run_pk: int) -> HttpResponse:
    round = round_for(request, pk)
    run = _run_for(request, round, run_pk)
    form = DrawForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the seed."))
        return redirect("recruitment:selection", pk=round.pk)
    try:
        selected = selection_draw(run=run, by=request.user, seed=form.cleaned_data["seed"])
    except SelectionError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("%(count)d applicants were drawn.") % {"count": len(selected)})
    return redirect("recruitment:selection", pk=round.pk)


@require_POST
@manager_required
def invite(request: HttpRequest, pk: int, run_pk: int) -> HttpResponse:
    round = round_for(request, pk)
    run = _run_for(request, round, run_pk)
    try:
        counts = selection_invite(run=run, by=request.user)
    except SelectionError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("%(invited)d invitations and %(informed)d other emails were sent.") % counts)
    return redirect("recruitment:selection", pk=round.pk)


@require_GET
@manager_required
def panels(request: HttpRequest, pk: int, run_pk: int) -> HttpResponse:
    """The lottery for anyone checking the draw: panels of application ids, the seed and the index."""
    round = round_for(request, pk)
    run = _run_for(request, round, run_pk)
    audit_record(actor=request.user, action=AuditEvent.Action.APPLICANTS_EXPORTED, obj=run, detail={"what": "lottery"})
    data = {
        "round": round.slug,
        "seed": run.seed,
        "drawn_index": run.drawn_index,
        "draw_method": "index = int(sha256(seed as UTF-8).hexdigest(), 16) mod number of panels",
        "panels": [[f"A{pk}" for pk in panel] for panel in run.panels],
    }
    response = HttpResponse(json.dumps(data, ensure_ascii=False), content_type="application/json")
    response["Content-Disposition"] = f'attachment; filename="lottery-{round.slug}-{run.pk}.json"'
    return response


@require_http_methods(["GET", "POST"])
@manager_required
def override(request: HttpRequest, pk: int, application_pk: int) -> HttpResponse:
    round = round_for(request, pk)
    application = Application.objects.filter(pk=application_pk, round=round).first()
    if application is None:
        raise audit_denied(request, what=f"application:{application_pk}")
    form = OverrideForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        selection_override(application=application, by=request.user, **form.cleaned_data)
        messages.success(request, _("Saved. Compute the lottery again for it to take effect."))
        return redirect("recruitment:selection", pk=round.pk)
    return render(
        request,
        "recruitment/staff/override.html",
        {"round": round, "application": application, "form": form, "overrides": application.overrides.all()},
    )
