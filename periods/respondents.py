"""Respondent labels: what developers see of a member in a period instead of the community pseudonym.

Each period numbers its members 1, 2, 3… in an order drawn at random for that period alone, so the
same member is "Respondent 7" in one period and "Respondent 15" in the next. The period's staff
pages and its report use the same label (the answer texts would join two labels anyway), so a
developer can tie the report's one background variable to a label, and that label to the period's
answers and posts, but never to another period, nor to the pseudonym members see in discussions.
Community managers, who may see identities anyway, keep seeing pseudonyms on the period's pages.

Labels are given the first time a page needs them, to every member of the period at once (so the
order says nothing of who answered first), and at a report's delivery; they are never renumbered.
A member erased from the platform loses their labels and shows as "deleted member".
"""

import secrets
from collections.abc import Iterable

from django.db import transaction
from django.db.models import Max, Q
from django.utils.translation import gettext as _

from accounts.models import User

from .models import Participant, Period, PeriodRespondent, Post, Response, Statement
from .permissions import can_manage_periods

# Not seeded: nobody, not even with the database, can recompute the order from the member ids.
_random = secrets.SystemRandom()


def respondent_label(number: int | None) -> str:
    return _("Respondent %(number)s") % {"number": number} if number else _("deleted member")


def respondents_number(period: Period, *, also: Iterable[int] = ()) -> int:
    """Give each member of the period without a label the next numbers, in random order.

    The period's members are those invited and those who answered, posted or proposed a statement
    in it, plus the user ids in `also`, never an erased member or staff. The period row is locked
    so that two requests cannot hand out the same numbers. Returns how many labels were added.
    """
    with transaction.atomic():
        Period.objects.select_for_update().filter(pk=period.pk).values_list("pk").first()
        labelled = PeriodRespondent.objects.filter(period=period).values("member_id")
        taking_part = (
            Q(pk__in=Participant.objects.filter(period=period).values("member_id"))
            | Q(pk__in=Response.objects.filter(task__period=period).values("member_id"))
            | Q(pk__in=Post.objects.filter(task__period=period).values("author_id"))
            | Q(pk__in=Statement.objects.filter(task__period=period, author__isnull=False).values("author_id"))
            | Q(pk__in=list(also))
        )
        new = list(
            User.objects.members()
            .filter(taking_part, erased_at__isnull=True)
            .exclude(pk__in=labelled)
            .order_by()
            .values_list("pk", flat=True)
        )
        if not new:
            return 0
        _random.shuffle(new)
        last = PeriodRespondent.objects.filter(period=period).aggregate(last=Max("number"))["last"] or 0
        PeriodRespondent.objects.bulk_create(
            PeriodRespondent(period=period, member_id=member_id, number=last + i)
            for i, member_id in enumerate(new, start=1)
        )
    return len(new)


def respondent_numbers(period: Period, member_ids: Iterable[int | None]) -> dict[int, int | None]:
    """user id -> the number of that member in this period, numbering the period's members first.

    One query when everyone has a number, two when an erased member (who has none) is among them.
    """
    wanted = {member_id for member_id in member_ids if member_id is not None}
    numbers = dict(
        PeriodRespondent.objects.filter(period=period, member_id__in=wanted).values_list("member_id", "number")
    )
    missing = wanted - numbers.keys()
    # An erased member stays unlabelled for good: look before locking the period on every page view.
    live = User.objects.members().filter(pk__in=missing, erased_at__isnull=True)
    if missing and live.exists() and respondents_number(period, also=missing):
        numbers = dict(
            PeriodRespondent.objects.filter(period=period, member_id__in=wanted).values_list("member_id", "number")
        )
    return {member_id: numbers.get(member_id) for member_id in wanted}


def respondent_labels(period: Period, member_ids: Iterable[int | None]) -> dict[int, str]:
    """user id -> the label of that member in this period ("deleted member" for an erased one)."""
    return {member_id: respondent_label(number) for member_id, number in respondent_numbers(period, member_ids).items()}


def respondent_names(viewer, period: Period, users: Iterable[User | None]) -> dict[int, str]:
    """user id -> how `viewer` sees that person on the period's staff pages.

    A community manager sees pseudonyms (they may see identities anyway); anyone else sees the
    period's respondent labels. Staff authors are shown by name and role to both. `users` should
    come with their member profile (select_related), so that a manager's page costs no query.
    """
    people = {user.pk: user for user in users if user is not None}
    members = [pk for pk, user in people.items() if user.is_member]
    names = {pk: user.display_name for pk, user in people.items() if not user.is_member}
    if can_manage_periods(viewer):
        names.update((pk, people[pk].display_name) for pk in members)
    else:
        names.update(respondent_labels(period, members))
    return names


def respondents_export(user) -> list[dict]:
    """The member's own labels, for their data export: which period called them what."""
    return [
        {"period": row.period.title, "label": respondent_label(row.number)}
        for row in PeriodRespondent.objects.filter(member=user).select_related("period").order_by("period__starts_at")
    ]


def respondents_erase(user) -> int:
    """Delete the member's labels in every period: their answers then show as "deleted member"."""
    deleted, _counts = PeriodRespondent.objects.filter(member=user).delete()
    return deleted
