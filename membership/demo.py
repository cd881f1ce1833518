"""Demo data of membership: a term for every demo member, two of them ending soon, and exit feedback."""

from datetime import timedelta

from django.utils import timezone

from accounts.demo import member_email
from accounts.models import User

from .models import ExitFeedback, ExitReason, MembershipTerm
from .services import add_months, term_months, terms_ensure

# Demo members whose term ends within the renewal window: (member number, days to the end).
ENDING_SOON = [(1, 45), (2, 20)]

FEEDBACK = [
    (ExitReason.TOO_LITTLE_TIME, "Työt ja perhe vievät nyt kaiken ajan. Ehkä palaan myöhemmin.", "fi"),
    (ExitReason.TOO_LITTLE_TIME, "", "fi"),
    (ExitReason.TOO_LITTLE_TIME, "Tehtäviä tuli liian tiheään.", "fi"),
    (ExitReason.MOVED, "Muutin toiselle paikkakunnalle.", "fi"),
    (ExitReason.NOT_INTERESTING, "", "sv"),
    (ExitReason.OTHER, "Kiitos, oli mukava olla mukana!", "fi"),
]


def seed() -> None:
    today = timezone.localdate()
    for number, days in ENDING_SOON:
        user = User.objects.filter(email=member_email(number)).first()
        if user is None or MembershipTerm.objects.of(user).exists():
            continue
        ends_on = today + timedelta(days=days)
        starts_on = add_months(ends_on + timedelta(days=1), -term_months())
        MembershipTerm.objects.create(member=user, starts_on=starts_on, ends_on=ends_on)
    terms_ensure(today=today)
    if not ExitFeedback.objects.exists():
        first_of_month = today.replace(day=1)
        ExitFeedback.objects.bulk_create(
            # Two a month, each on the month's first day as the model requires (never the day itself).
            ExitFeedback(reason=reason, text=text, language=language, created_on=add_months(first_of_month, -(i // 2)))
            for i, (reason, text, language) in enumerate(FEEDBACK)
        )
