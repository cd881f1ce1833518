"""Staff set the quotas of a round, starting from a suggestion."""

from collections import Counter

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from accounts.background import BACKGROUND_VARIABLES
from core.access import manager_required

from ..forms import QuotaForm
from ..quotas import feature_values, quota_problems, quotas_of, quotas_save, quotas_suggest
from .staff import round_for


@require_http_methods(["GET", "POST"])
@manager_required
def quotas(request: HttpRequest, pk: int) -> HttpResponse:
    round = round_for(request, pk)
    current = quotas_of(round)
    suggested = quotas_suggest(round)
    use_suggestion = request.GET.get("suggest") == "1" or not current
    source = suggested if use_suggestion else current
    pool = round.applications.filter(erased_at__isnull=True)
    available = {feature: Counter(pool.values_list(feature, flat=True)) for feature in BACKGROUND_VARIABLES}
    rows = [
        (feature, value, label, *source.get(feature, {}).get(value, (0, 0)))
        for feature in BACKGROUND_VARIABLES
        for value, label in feature_values(round, feature)
    ]
    form = QuotaForm(request.POST or None, rows=rows)
    if request.method == "POST" and form.is_valid():
        quotas_save(round=round, quotas=form.quotas())
        problems = quota_problems(round, form.quotas())
        if problems:
            messages.warning(
                request, _("The quotas are saved, but no panel can meet them yet. See the problems below.")
            )
        else:
            messages.success(request, _("The quotas are saved."))
        return redirect("recruitment:quotas", pk=round.pk)
    return render(
        request,
        "recruitment/staff/quotas.html",
        {
            "round": round,
            "form": form,
            "problems": quota_problems(round, current) if current else [],
            "available": available,
            "suggested": suggested,
            "showing_suggestion": use_suggestion,
        },
    )
