"""Pages of the impact ledger: staff manage actions and targets; a member sees what their answers led to."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core.access import member_required
from core.pagination import paginate

from . import services
from .access import action_or_404, posted_ids_in_reach_or_404, target_or_404
from .charts import line_chart
from .forms import ActionFilterForm, ActionForm, MeasurementForm, StatusForm, TargetForm
from .models import Action, ActionUpdate
from .permissions import (
    actions_visible_to_staff,
    can_publish_actions,
    impact_staff_required,
    targets_visible_to_staff,
)

# --- actions -----------------------------------------------------------------------------------


@never_cache
@require_GET
@impact_staff_required
def action_list(request: HttpRequest) -> HttpResponse:
    actions = actions_visible_to_staff(request.user).select_related("organisation")
    form = ActionFilterForm(request.GET or None, user=request.user)
    if form.is_bound and form.is_valid():
        if form.cleaned_data["status"]:
            actions = actions.filter(status=form.cleaned_data["status"])
        if form.cleaned_data["organisation"]:
            actions = actions.filter(organisation=form.cleaned_data["organisation"])
    return render(request, "impact/action_list.html", {"page": paginate(request, actions), "filter_form": form})


@never_cache
@require_http_methods(["GET", "POST"])
@impact_staff_required
def action_create(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        posted_ids_in_reach_or_404(request)
    form = ActionForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        action = services.action_create(actor=request.user, **form.cleaned_data)
        messages.success(request, _("The action was created."))
        return redirect("impact:action_detail", action_id=action.pk)
    return render(request, "impact/action_form.html", {"form": form, "action": None})


@never_cache
@require_http_methods(["GET", "POST"])
@impact_staff_required
def action_edit(request: HttpRequest, action_id: int) -> HttpResponse:
    action = action_or_404(request, action_id)
    if request.method == "POST":
        posted_ids_in_reach_or_404(request)
    form = ActionForm(request.POST or None, instance=action, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        services.action_update(action=action, actor=request.user, findings=data.pop("findings"), **data)
        messages.success(request, _("The action was saved."))
        return redirect("impact:action_detail", action_id=action.pk)
    return render(request, "impact/action_form.html", {"form": form, "action": action})


def _action_page(request: HttpRequest, action, status_form: StatusForm, status: int = 200) -> HttpResponse:
    findings = action.findings.select_related("report__period")
    updates = action.updates.select_related("author__member")
    return render(
        request,
        "impact/action_detail.html",
        {
            "action": action,
            "findings": findings,
            "updates": updates,
            "targets": action.targets.all(),
            "status_form": status_form,
            "can_publish": can_publish_actions(request.user),
        },
        status=status,
    )


@never_cache
@require_GET
@impact_staff_required
def action_detail(request: HttpRequest, action_id: int) -> HttpResponse:
    action = action_or_404(request, action_id)
    return _action_page(request, action, StatusForm(action=action))


@require_POST
@impact_staff_required
def action_status(request: HttpRequest, action_id: int) -> HttpResponse:
    action = action_or_404(request, action_id)
    form = StatusForm(request.POST, action=action)
    if form.is_valid():
        try:
            services.action_status_change(
                action=action,
                actor=request.user,
                status=form.cleaned_data["status"],
                text=form.cleaned_data["text"],
                reason=form.cleaned_data["reason"],
            )
        except services.ImpactError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The status was changed and the members who answered were told."))
            return redirect("impact:action_detail", action_id=action.pk)
    return _action_page(request, action, form, status=400)


@require_POST
@impact_staff_required
def action_publish(request: HttpRequest, action_id: int) -> HttpResponse:
    action = action_or_404(request, action_id)
    if not can_publish_actions(request.user):
        raise PermissionDenied
    published = request.POST.get("published") == "1"
    services.action_publish(action=action, actor=request.user, published=published)
    messages.success(
        request, _("The action is shown on the public results site.") if published else _("The action was hidden.")
    )
    return redirect("impact:action_detail", action_id=action.pk)


# --- development targets -----------------------------------------------------------------------


@never_cache
@require_GET
@impact_staff_required
def target_list(request: HttpRequest) -> HttpResponse:
    targets = targets_visible_to_staff(request.user).select_related("organisation")
    return render(request, "impact/target_list.html", {"page": paginate(request, targets)})


@never_cache
@require_http_methods(["GET", "POST"])
@impact_staff_required
def target_create(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        posted_ids_in_reach_or_404(request)
    form = TargetForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        target = services.target_save(actor=request.user, **form.cleaned_data)
        messages.success(request, _("The development target was created."))
        return redirect("impact:target_detail", target_id=target.pk)
    return render(request, "impact/target_form.html", {"form": form, "target": None})


@never_cache
@require_http_methods(["GET", "POST"])
@impact_staff_required
def target_edit(request: HttpRequest, target_id: int) -> HttpResponse:
    target = target_or_404(request, target_id)
    if request.method == "POST":
        posted_ids_in_reach_or_404(request)
    form = TargetForm(request.POST or None, instance=target, user=request.user)
    if request.method == "POST" and form.is_valid():
        services.target_save(actor=request.user, target=target, **form.cleaned_data)
        messages.success(request, _("The development target was saved."))
        return redirect("impact:target_detail", target_id=target.pk)
    return render(request, "impact/target_form.html", {"form": form, "target": target})


def _target_page(request: HttpRequest, target, form: MeasurementForm, status: int = 200) -> HttpResponse:
    measurements = list(target.measurements.all())
    return render(
        request,
        "impact/target_detail.html",
        {
            "target": target,
            "measurements": measurements,
            "chart": line_chart(measurements),
            "actions": target.actions.all(),
            "form": form,
        },
        status=status,
    )


@never_cache
@require_GET
@impact_staff_required
def target_detail(request: HttpRequest, target_id: int) -> HttpResponse:
    return _target_page(request, target_or_404(request, target_id), MeasurementForm())


@require_POST
@impact_staff_required
def measurement_add(request: HttpRequest, target_id: int) -> HttpResponse:
    target = target_or_404(request, target_id)
    form = MeasurementForm(request.POST)
    if form.is_valid():
        try:
            services.measurement_add(target=target, actor=request.user, **form.cleaned_data)
        except services.ImpactError as error:
            form.add_error("date", str(error))
        else:
            messages.success(request, _("The measurement was added."))
            return redirect(reverse("impact:target_detail", args=[target.pk]) + "#measurements")
    return _target_page(request, target, form, status=400)


# --- the member's own page ---------------------------------------------------------------------


@never_cache
@require_GET
@member_required
def my_impact(request: HttpRequest) -> HttpResponse:
    actions = (
        Action.objects.contributed_to_by(request.user)
        .order_by("-updated_at", "-pk")
        .prefetch_related(Prefetch("updates", queryset=ActionUpdate.objects.order_by("-created_at", "-pk")))
    )
    return render(request, "impact/my_impact.html", {"page": paginate(request, actions, per_page=10)})


def _updates_for(user):
    return ActionUpdate.objects.filter(action__in=Action.objects.contributed_to_by(user))


def member_home_panel(request: HttpRequest) -> dict:
    """The latest updates of actions the member's answers contributed to."""
    if not getattr(request.user, "is_member", False):
        return {"updates": []}
    updates = _updates_for(request.user).select_related("action").order_by("-created_at", "-pk")[:5]
    return {"updates": list(updates)}


def has_impact_updates(request: HttpRequest) -> bool:
    """Whether the member's "My impact" page has news: the next-step card links it while no period is open."""
    return getattr(request.user, "is_member", False) and _updates_for(request.user).exists()
