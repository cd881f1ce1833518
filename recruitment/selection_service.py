"""Running the fair selection for a round: compute the lottery in the background, draw, invite.

The algorithm itself lives in `recruitment.selection` (pure Python, no Django); this module
feeds it the pool and quotas, stores what it returns, and carries out the result.
"""

import random
from collections import Counter
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_tasks import task

from accounts.background import BACKGROUND_VARIABLES, asked_variables
from accounts.services import AccountError, MemberDetails, member_invite
from audit.models import AuditEvent
from audit.services import audit_record
from core.background import JobState, job_state
from core.emails import email_queue, render_email
from core.locks import lock_retried

from .models import Application, ApplicationStatus, RecruitmentRound, SelectionOverride, SelectionRun
from .models.selection import progress_message_of
from .quotas import quota_problems, quotas_of
from .views.reserve import reserve_token

LOTTERY_SIZE = 1000
GREEDY_RUNS = 1000
# Later LEXIMIN stages stop here; the first (MAXIMIN) always finishes.
TIME_CAP_S = 30.0
# A computation still running after this has hung: its page offers to start it again.
LONGEST_RUN = timedelta(minutes=15)


class SelectionError(Exception):
    """The selection cannot go on; the message says why in plain words."""


def _latest_overrides(round: RecruitmentRound) -> dict[int, str]:
    latest: dict[int, str] = {}
    for override in SelectionOverride.objects.filter(application__round=round).order_by("created_at", "pk"):
        latest[override.application_id] = override.kind
    return latest


def selection_pool(round: RecruitmentRound) -> tuple[list[Application], list[Application]]:
    """The applicants in the lottery and those placed in every panel by a manual include."""
    overrides = _latest_overrides(round)
    applications = list(
        round.applications.filter(erased_at__isnull=True).exclude(status__in=[ApplicationStatus.INVITED]).order_by("pk")
    )
    included = [a for a in applications if overrides.get(a.pk) == SelectionOverride.Kind.INCLUDE]
    pool = [a for a in applications if a.pk not in overrides]
    return pool, included


@transaction.atomic
def selection_start(*, round: RecruitmentRound, by) -> SelectionRun:
    """Check the quotas and queue the lottery's computation."""
    quotas = quotas_of(round)
    if not quotas:
        raise SelectionError(_("Set the quotas first."))
    problems = quota_problems(round, quotas)
    if problems:
        raise SelectionError(" ".join(problems))
    pool, included = selection_pool(round)
    run = SelectionRun.objects.create(
        round=round,
        created_by=by,
        size=round.target_size,
        quotas={
            feature: {value: list(bounds) for value, bounds in values.items()} for feature, values in quotas.items()
        },
        pool=[a.pk for a in pool],
        figures={"included": [a.pk for a in included]},
    )
    audit_record(
        actor=by, action=AuditEvent.Action.SELECTION_RUN, obj=run, detail={"pool": len(pool), "included": len(included)}
    )
    transaction.on_commit(lambda: selection_compute.enqueue(run_id=run.pk))
    return run


def selection_lost(run: SelectionRun) -> bool:
    """Whether a run still marked as computing never will: its job failed or its worker went away."""
    if run.is_finished:
        return False
    return job_state(selection_compute, longest=LONGEST_RUN, run_id=run.pk) in (JobState.FAILED, JobState.LOST)


@transaction.atomic
def selection_retry(*, run: SelectionRun, by) -> bool:
    """Queue the computation of a lost run again, with the same pool and quotas; return whether it was queued."""
    run = SelectionRun.objects.select_for_update().get(pk=run.pk)
    if not selection_lost(run):
        return False
    SelectionRun.objects.filter(pk=run.pk).update(status=SelectionRun.Status.QUEUED, progress=0, progress_message="")
    audit_record(
        actor=by,
        action=AuditEvent.Action.SELECTION_RUN,
        obj=run,
        detail={"pool": len(run.pool), "included": len(run.figures.get("included", [])), "retry": True},
    )
    # Within the transaction, not on_commit: the database queue stores the job with the status
    # above, so a second retry (serialised by the row lock) sees it waiting and queues nothing.
    # Only the database queue can lose a job, so the in-process backend never computes here.
    selection_compute.enqueue(run_id=run.pk)
    return True


def _progress(run: SelectionRun, percent: int, step: str, figures: dict[str, int]) -> None:
    _run_update(run.pk, progress=percent, progress_message=progress_message_of(step, figures))


@lock_retried
def _run_update(run_id: int, **fields) -> None:
    """One short write of the run's state, retried while the database is busy."""
    SelectionRun.objects.filter(pk=run_id).update(**fields)


@task()
def selection_compute(*, run_id: int) -> None:
    """Compute the fair lottery of one run (background work; its progress shows on the page)."""
    from . import selection as algorithm

    run = SelectionRun.objects.select_related("round").get(pk=run_id)
    _run_update(run.pk, status=SelectionRun.Status.RUNNING, progress=1)
    applications = Application.objects.in_bulk(run.pool + run.figures.get("included", []))
    included = [applications[pk] for pk in run.figures.get("included", [])]
    people = {
        str(pk): {feature: getattr(applications[pk], feature) for feature in BACKGROUND_VARIABLES} for pk in run.pool
    }
    quotas = _quotas_without(run.quotas, included)
    size = run.size - len(included)
    try:
        outcome = algorithm.compute_lottery(
            people,
            quotas,
            size,
            lottery_size=LOTTERY_SIZE,
            greedy_runs=GREEDY_RUNS,
            time_cap_s=TIME_CAP_S,
            seed=run.pk,
            on_progress=lambda percent, step, figures: _progress(run, percent, step, figures),
        )
    except algorithm.InfeasibleQuotas as error:
        _run_update(run.pk, status=SelectionRun.Status.FAILED, error=str(error), progress=100)
        return
    fixed = [a.pk for a in included]
    _run_update(
        run.pk,
        status=SelectionRun.Status.DONE,
        progress=100,
        progress_message="",
        panels=[sorted(fixed + [int(pid) for pid in panel]) for panel in outcome.panels],
        probabilities={**outcome.probabilities, **{str(pk): 1.0 for pk in fixed}},
        figures={**run.figures, **outcome.figures, "greedy": outcome.greedy_probabilities},
    )


def _quotas_without(quotas: dict, included: list[Application]) -> dict[str, dict[str, tuple[int, int]]]:
    """The quotas left for the lottery once the manually included applicants have their seats."""
    taken = {feature: Counter(getattr(a, feature) for a in included) for feature in BACKGROUND_VARIABLES}
    return {
        feature: {
            value: (max(0, low - taken[feature][value]), max(0, high - taken[feature][value]))
            for value, (low, high) in values.items()
        }
        for feature, values in quotas.items()
    }


@transaction.atomic
def selection_draw(*, run: SelectionRun, by, seed: str) -> list[int]:
    """Draw one panel with a published seed; order the rest into a reserve list with the same seed."""
    from . import selection as algorithm

    run = SelectionRun.objects.select_for_update().get(pk=run.pk)
    if run.status != SelectionRun.Status.DONE:
        raise SelectionError(_("The lottery is not ready."))
    if run.drawn_index is not None:
        raise SelectionError(_("This lottery has already been drawn."))
    index = algorithm.draw_index(len(run.panels), seed)
    selected = set(run.panels[index])
    run.seed, run.drawn_index, run.drawn_at = seed, index, timezone.now()
    run.save(update_fields=["seed", "drawn_index", "drawn_at"])
    others = [pk for pk in run.pool if pk not in selected]
    # The reserve order is a uniform shuffle seeded by the same published seed: checkable too.
    random.Random(f"reserve:{seed}").shuffle(others)  # noqa: S311 (reproducible by design, not secret)
    round_applications = Application.objects.filter(round=run.round)
    round_applications.filter(pk__in=selected).update(status=ApplicationStatus.SELECTED, reserve_rank=None)
    for rank, pk in enumerate(others, start=1):
        round_applications.filter(pk=pk).update(status=ApplicationStatus.RESERVE, reserve_rank=rank)
    audit_record(actor=by, action=AuditEvent.Action.SELECTION_DRAWN, obj=run, detail={"seed": seed, "index": index})
    return sorted(selected)


def selection_invite(*, run: SelectionRun, by) -> dict[str, int]:
    """Invite the selected (credentials by email) and tell the others kindly, offering the reserve list.

    Each applicant is a short step of its own that commits with its mark (invited, informed), so a
    second press, or a press after one that failed half way, finishes the rest and repeats nobody.
    """
    if run.drawn_index is None:
        raise SelectionError(_("Draw the panel first."))
    counts = {"invited": 0, "informed": 0}
    finished = False
    try:
        for pk in run.round.applications.to_invite().values_list("pk", flat=True):
            counts["invited"] += _applicant_invite(round=run.round, pk=pk, by=by)
        for application in run.round.applications.to_inform():
            counts["informed"] += _applicant_inform(application=application, round=run.round)
        finished = True
    finally:
        # One record of each press, also of one that stopped half way: the people it reached are told.
        audit_record(
            actor=by,
            action=AuditEvent.Action.APPLICANTS_INVITED,
            obj=run,
            detail=counts if finished else {**counts, "interrupted": True},
        )
    return counts


@transaction.atomic(durable=True)
def _applicant_invite(*, round: RecruitmentRound, pk: int, by) -> bool:
    """Invite one selected applicant and mark them invited, together; False if there was nobody to invite."""
    # The row lock (SQLite: the write lock taken at BEGIN) makes a concurrent press wait here and
    # then find the applicant invited.
    application = round.applications.to_invite().select_for_update().filter(pk=pk).first()
    if application is None:
        return False
    # The invitation's email is rendered in this short transaction: its one-time link exists only here.
    try:
        invitation = member_invite(
            by=by,
            details=MemberDetails(
                email=application.email,
                full_name=application.full_name,
                phone=application.phone,
                birth_date=application.birth_date,
                background={variable.name: variable.value_of(application) for variable in asked_variables()},
                language=application.language,
            ),
        )
    except AccountError:
        return False  # already a member: nothing to send
    application.status = ApplicationStatus.INVITED
    application.member = invitation.user
    application.save(update_fields=["status", "member"])
    return True


def _applicant_inform(*, application: Application, round: RecruitmentRound) -> bool:
    """Tell one reserve applicant the outcome and mark them informed; False if another press already did."""
    with translation.override(application.language):
        path = reverse("recruitment:reserve_consent", kwargs={"token": reserve_token(application)})
    # Rendered before the transaction; queued on its commit, so the mark and the email go together.
    email = render_email(
        "recruitment/email/not_selected",
        {"round_title": round.title, "link": f"{settings.SITE_URL}{path}", "on_reserve": application.reserve_consent},
        application.language,
    )
    with transaction.atomic(durable=True):
        marked = round.applications.to_inform().filter(pk=application.pk).update(informed_at=timezone.now())
        if marked:
            email_queue(to=application.email, email=email)
    return bool(marked)


@transaction.atomic
def selection_override(*, application: Application, kind: str, reason: str, by) -> SelectionOverride:
    override = SelectionOverride.objects.create(application=application, kind=kind, reason=reason, created_by=by)
    audit_record(
        actor=by, action=AuditEvent.Action.SELECTION_OVERRIDE, obj=application, reason=reason, detail={"kind": kind}
    )
    return override
