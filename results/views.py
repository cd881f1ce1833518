"""The public results site: anyone may read what was published, nothing else (see `selectors`)."""

import html
import json

from django.conf import settings
from django.contrib import messages
from django.db.models import Count, Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from core.exports import csv_response
from core.markdown import markdown_to_html
from core.pagination import paginate
from impact.charts import line_chart
from impact.models import ActionStatus, ActionUpdate

from .forms import ActionFilterForm
from .selectors import (
    action_or_404,
    actions_of_report,
    public_findings,
    published_actions,
    published_reports,
    report_or_404,
    targets_of_action,
)
from .share import share_image
from .statistics import COLUMNS, Figure, Statistics, community_statistics_cached, statistics_records

LICENCE = "CC BY 4.0"
LICENCE_URL = "https://creativecommons.org/licenses/by/4.0/"
# Share images change only when a title does; a day in shared caches is fine.
SHARE_MAX_AGE = 60 * 60 * 24


def absolute(path: str) -> str:
    return f"{settings.SITE_URL}{path}"


def share_meta(request: HttpRequest, *, title: str, description: str, image: str, kind: str = "website") -> dict:
    """What the social-media preview tags of a page say; every URL absolute."""
    return {
        "title": title,
        "description": Truncator(" ".join(description.split())).chars(200),
        "type": kind,
        "url": absolute(request.path),
        "image": absolute(image),
    }


def plain_text(markdown_text: str) -> str:
    """Staff-written Markdown as plain text for previews (the template escapes it once)."""
    return html.unescape(strip_tags(markdown_to_html(markdown_text)))


def headline_figures(statistics: Statistics, done_count: int) -> list[tuple[str, Figure]]:
    """The large figures the results page leads with; counts of people suppressed as on the statistics page."""
    return [
        (_("Members in the community"), statistics.community_now),
        (_("Closed active periods"), Figure(statistics.total.periods)),
        (_("Submitted answers"), statistics.total.answers),
        (_("Actions done"), Figure(done_count)),
    ]


@require_GET
def index(request: HttpRequest) -> HttpResponse:
    reports = paginate(request, published_reports().prefetch_related("period__organisations"), per_page=10)
    actions = list(published_actions()[:6])
    statuses = dict(published_actions().order_by().values_list("status").annotate(n=Count("pk")))
    done_count = statuses.get(ActionStatus.DONE, 0)
    statistics = community_statistics_cached()
    description = _("What the residents of the development community said, and what was done about it.")
    return render(
        request,
        "results/results_index.html",
        {
            "page": reports,
            "actions": actions,
            "action_count": sum(statuses.values()),
            "headline": headline_figures(statistics, done_count),
            "statistics": statistics,
            "share": share_meta(
                request, title=_("Results"), description=description, image=reverse("results:index_share")
            ),
        },
    )


@require_GET
def period_detail(request: HttpRequest, pk: int) -> HttpResponse:
    report = report_or_404(pk)
    period = report.period
    return render(
        request,
        "results/period_detail.html",
        {
            "report": report,
            "period": period,
            "organisations": list(period.organisations.all()),
            "actions": list(actions_of_report(report)),
            "share": share_meta(
                request,
                title=period.title,
                description=plain_text(report.public_summary),
                image=reverse("results:period_share", args=[period.pk]),
                kind="article",
            ),
        },
    )


@require_GET
def action_list(request: HttpRequest) -> HttpResponse:
    actions = published_actions()
    form = ActionFilterForm(request.GET or None)
    if form.is_bound:
        if form.is_valid():
            if form.cleaned_data["status"]:
                actions = actions.filter(status=form.cleaned_data["status"])
            if form.cleaned_data["organisation"]:
                actions = actions.filter(organisation=form.cleaned_data["organisation"])
        else:
            messages.error(request, _("The filter was not understood, so all actions are shown."))
    return render(
        request,
        "results/action_list.html",
        {
            "page": paginate(request, actions),
            "filter_form": form,
            "share": share_meta(
                request,
                title=pgettext("impact ledger", "Actions"),
                description=_("What was done about the findings of the resident development community."),
                image=reverse("results:index_share"),
            ),
        },
    )


@require_GET
def action_detail(request: HttpRequest, pk: int) -> HttpResponse:
    action = action_or_404(pk)
    updates = list(ActionUpdate.objects.filter(action=action).order_by("created_at", "pk").defer("author"))
    findings = list(public_findings().filter(actions=action).order_by("report__period__starts_at", "order", "pk"))
    targets = [
        # public_actions: the Prefetch to_attr of targets_of_action, which the stubs cannot see.
        {"target": target, "measurements": list(target.measurements.all()), "actions": target.public_actions}  # type: ignore[attr-defined]
        for target in targets_of_action(action)
    ]
    for entry in targets:
        entry["chart"] = line_chart(entry["measurements"])
    return render(
        request,
        "results/action_detail.html",
        {
            "action": action,
            "updates": updates,
            "findings": findings,
            "targets": targets,
            "share": share_meta(
                request,
                title=action.title,
                description=plain_text(action.description) or action.get_status_display(),
                image=reverse("results:action_share", args=[action.pk]),
                kind="article",
            ),
        },
    )


@require_GET
def statistics(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "results/statistics.html",
        {
            "statistics": community_statistics_cached(),
            "share": share_meta(
                request,
                title=_("Statistics"),
                description=_("Periods, tasks, answers and members of the resident development community."),
                image=reverse("results:index_share"),
            ),
        },
    )


@require_GET
def open_data(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "results/open_data.html",
        {
            "licence": LICENCE,
            "licence_url": LICENCE_URL,
            "columns": COLUMNS,
            "share": share_meta(
                request,
                title=_("Open data"),
                description=_("The published figures of the resident development community as CSV and JSON."),
                image=reverse("results:index_share"),
            ),
        },
    )


def _json_download(filename: str, data: dict) -> HttpResponse:
    response = HttpResponse(
        json.dumps(data, ensure_ascii=False, indent=2, default=str), content_type="application/json; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _about(dataset: str) -> dict:
    return {
        "dataset": dataset,
        "publisher": settings.SITE_NAME,
        "licence": LICENCE,
        "licence_url": LICENCE_URL,
        "generated_at": timezone.now().isoformat(timespec="seconds"),
    }


@require_GET
def statistics_csv(request: HttpRequest) -> HttpResponse:
    records = statistics_records(community_statistics_cached())
    return csv_response("prototyypit-statistics.csv", COLUMNS, ([r[c] for c in COLUMNS] for r in records))


@require_GET
def statistics_json(request: HttpRequest) -> HttpResponse:
    stats = community_statistics_cached()
    data = _about("statistics") | {
        "anonymity_threshold": stats.k,
        "note": _(
            "Counts of people smaller than %(k)s are null, and so is any count from which such a group could be "
            "worked out by subtraction; the note of each record says which."
        )
        % {"k": stats.k},
        "records": statistics_records(stats),
    }
    return _json_download("prototyypit-statistics.json", data)


ACTION_COLUMNS = [
    "id",
    "title",
    "organisation",
    "team",
    "status",
    "planned_for",
    "done_on",
    "updated",
    "periods",
    "url",
]


def _action_records() -> list[dict]:
    actions = published_actions().prefetch_related(
        Prefetch("findings", queryset=public_findings(), to_attr="public_findings")
    )
    records = []
    for action in actions:
        periods = dict.fromkeys(finding.report.period.title for finding in action.public_findings)
        records.append(
            {
                "id": action.pk,
                "title": action.title,
                "organisation": action.organisation.name,
                "team": action.team,
                "status": action.status,
                "planned_for": action.planned_for.isoformat() if action.planned_for else None,
                "done_on": action.done_on.isoformat() if action.done_on else None,
                "updated": action.updated_at.date().isoformat(),
                "periods": list(periods),
                "url": absolute(reverse("results:action_detail", args=[action.pk])),
            }
        )
    return records


@require_GET
def actions_csv(request: HttpRequest) -> HttpResponse:
    rows = (
        [record[c] if c != "periods" else "; ".join(record[c]) for c in ACTION_COLUMNS] for record in _action_records()
    )
    return csv_response("prototyypit-actions.csv", ACTION_COLUMNS, rows)


@require_GET
def actions_json(request: HttpRequest) -> HttpResponse:
    return _json_download("prototyypit-actions.json", _about("actions") | {"records": _action_records()})


def _png(content: bytes) -> HttpResponse:
    return HttpResponse(content, content_type="image/png")


@require_GET
@cache_control(public=True, max_age=SHARE_MAX_AGE)
def index_share(request: HttpRequest) -> HttpResponse:
    return _png(share_image(title=_("What your answers changed"), kicker=_("Results"), footer=settings.SITE_NAME))


@require_GET
@cache_control(public=True, max_age=SHARE_MAX_AGE)
def period_share(request: HttpRequest, pk: int) -> HttpResponse:
    report = report_or_404(pk)
    return _png(
        share_image(title=report.period.title, kicker=_("Results of an active period"), footer=settings.SITE_NAME)
    )


@require_GET
@cache_control(public=True, max_age=SHARE_MAX_AGE)
def action_share(request: HttpRequest, pk: int) -> HttpResponse:
    action = action_or_404(pk)
    kicker = _("Action: %(status)s") % {"status": action.get_status_display()}
    return _png(share_image(title=action.title, kicker=kicker, footer=settings.SITE_NAME))
