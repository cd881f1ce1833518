"""Where a recruitment round stands: applications → quotas → the lottery → the draw → invitations."""

from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils import formats
from django.utils.translation import gettext as _

from core.next_step import NextStep

from .models import ApplicationStatus, Quota, RecruitmentRound, SelectionRun


def round_next_step(round: RecruitmentRound, status_counts: dict[str, int]) -> NextStep:
    """The stage of the round and the one action that moves it on, in one query beside the status counts."""
    selection = reverse("recruitment:selection", args=[round.pk])
    if not round.has_closed:
        closes = formats.date_format(round.closes_at, "j.n.Y H:i")
        return NextStep(
            "applying",
            _("Applications are open until %(closes)s. Set the quotas and run the selection after the round closes.")
            % {"closes": closes},
            reverse("recruitment:applicants", args=[round.pk]),
            _("See the applicants"),
        )
    runs = SelectionRun.objects.filter(round=OuterRef("pk"))
    state = (
        RecruitmentRound.objects.filter(pk=round.pk)
        .values(
            has_quotas=Exists(Quota.objects.filter(round=OuterRef("pk"))),
            has_lottery=Exists(runs.filter(status=SelectionRun.Status.DONE)),
            has_draw=Exists(runs.filter(drawn_at__isnull=False)),
        )
        .get()
    )
    if not state["has_quotas"]:
        return NextStep(
            "quotas",
            _("The round has closed. Set the quotas: how many of each group the panel needs."),
            reverse("recruitment:quotas", args=[round.pk]),
            _("Set the quotas"),
        )
    if not state["has_lottery"]:
        return NextStep(
            "selection",
            _("The quotas are set. Compute the fair lottery of panels."),
            selection,
            _("Run the selection"),
        )
    if not state["has_draw"]:
        return NextStep(
            "draw", _("The lottery is ready. Draw the panel with a public seed."), selection, _("Draw the panel")
        )
    if status_counts.get(ApplicationStatus.SELECTED, 0):
        return NextStep(
            "invite",
            _("The panel has been drawn. Invite the selected applicants and tell the others."),
            selection,
            _("Send the invitations"),
        )
    return NextStep(
        "done",
        _("The invitations have been sent. Follow the applicants' answers on the applicants' page."),
        reverse("recruitment:applicants", args=[round.pk]),
        _("See the applicants"),
    )
