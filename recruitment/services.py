"""Recruitment actions: the quiz, applications, and what happens to them."""

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Count
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts.background import BACKGROUND_VARIABLES, age_group_for, age_on, asked_variables
from accounts.models import normalise_email
from audit.models import AuditEvent
from audit.services import audit_record
from core.emails import email_send

from .models import (
    Application,
    ApplicationStatus,
    DeveloperType,
    NextRoundSubscription,
    PopulationFigure,
    QuizOption,
    RecruitmentRound,
)
from .quotas import feature_values


class NotEligible(Exception):
    """The applicant cannot apply; the message explains why, kindly."""


def quiz_result(option_ids: list[int]) -> DeveloperType:
    """The developer type with most chosen options; ties go to the type listed first."""
    options = QuizOption.objects.filter(pk__in=option_ids).select_related("developer_type")
    votes = Counter(option.developer_type for option in options)
    types = list(DeveloperType.objects.all())
    return max(types, key=lambda t: (votes.get(t, 0), -types.index(t)))


@dataclass(frozen=True)
class ApplicationDetails:
    email: str
    full_name: str
    birth_date: date
    background: Mapping[str, str]  # asked background variables by name
    phone: str = ""
    other_life_situations: tuple[str, ...] = ()
    services_used: tuple[str, ...] = ()
    motivation: str = ""
    quiz_type: str = ""
    reserve_consent: bool = False
    language: str = "fi"


def eligibility_check(*, round: RecruitmentRound, birth_date: date, municipality: str) -> None:
    """Refuse, with a kind explanation, an applicant the round cannot take."""
    today = timezone.localdate()
    if age_on(birth_date, today) < round.min_age:
        raise NotEligible(
            _(
                "Thank you for your interest! Members must be at least %(age)d years old, so we cannot take your application yet."
            )
            % {"age": round.min_age}
        )
    if municipality not in round.municipality_list():
        raise NotEligible(
            _("Thank you for your interest! The community is for residents of the region's municipalities: %(list)s.")
            % {"list": ", ".join(round.municipality_list())}
        )


def application_submit(*, round: RecruitmentRound, details: ApplicationDetails) -> Application | None:
    """Store an application and confirm it by email.

    A second application from the same address stores nothing and tells only the owner of the
    address, by email, so that the page never reveals whether someone has applied.
    """
    eligibility_check(round=round, birth_date=details.birth_date, municipality=details.background["municipality"])
    email = normalise_email(details.email)
    context = {"round_title": round.title, "closes_at": round.closes_at}
    try:
        with transaction.atomic():
            application = Application.objects.create(
                round=round,
                email=email,
                full_name=details.full_name,
                phone=details.phone,
                birth_date=details.birth_date,
                age_group=age_group_for(details.birth_date, timezone.localdate()),
                **{variable.name: details.background[variable.name] for variable in asked_variables()},
                other_life_situations=list(details.other_life_situations),
                services_used=list(details.services_used),
                motivation=details.motivation,
                quiz_type=details.quiz_type,
                reserve_consent=details.reserve_consent,
                language=details.language,
            )
            email_send(
                to=email,
                template_prefix="recruitment/email/application_received",
                context=context,
                language=details.language,
            )
    except IntegrityError:
        email_send(
            to=email,
            template_prefix="recruitment/email/application_duplicate",
            context=context,
            language=details.language,
        )
        return None
    return application


@transaction.atomic
def next_round_subscribe(*, email: str, language: str) -> None:
    """Remember an address to tell when the next round opens; the same message either way."""
    NextRoundSubscription.objects.get_or_create(email=normalise_email(email), defaults={"language": language})


@transaction.atomic
def next_round_announce(*, round: RecruitmentRound) -> int:
    """Tell every subscriber that a round is open, then forget them (their wish is fulfilled)."""
    subscribers = list(NextRoundSubscription.objects.all())
    for subscriber in subscribers:
        with translation.override(subscriber.language):
            path = reverse("recruitment:round", kwargs={"slug": round.slug})
        email_send(
            to=subscriber.email,
            template_prefix="recruitment/email/round_open",
            context={"round_title": round.title, "closes_at": round.closes_at, "link": f"{settings.SITE_URL}{path}"},
            language=subscriber.language,
        )
    NextRoundSubscription.objects.filter(pk__in=[s.pk for s in subscribers]).delete()
    return len(subscribers)


# Comparison of the applicant pool with the region.


def comparison_features() -> list[str]:
    """The background variables the region's population statistics have, in the registry's order."""
    return [name for name in BACKGROUND_VARIABLES if name in PopulationFigure.Table.values]


def pool_comparison(round: RecruitmentRound) -> dict[str, list[dict]]:
    """Applicants and population per value, as counts and shares, for each comparable variable."""
    applications = round.applications.filter(erased_at__isnull=True)
    total = applications.count()
    population: dict[str, dict[str, float]] = {}
    for figure in PopulationFigure.objects.all():
        population.setdefault(figure.table, {})[figure.value] = figure.population
    result = {}
    for feature in comparison_features():
        counts = dict(applications.values_list(feature).annotate(n=Count("pk")).values_list(feature, "n"))
        values = feature_values(round, feature)
        region = population.get(feature, {})
        region_total = sum(region.values()) or 0
        rows = []
        for value, label in values:
            applicants = counts.get(value, 0)
            rows.append(
                {
                    "value": value,
                    "label": label,
                    "applicants": applicants,
                    "applicant_share": applicants / total if total else 0.0,
                    "population": region.get(value),
                    "population_share": (region.get(value, 0) / region_total)
                    if region_total and value in region
                    else None,
                }
            )
            share = rows[-1]["population_share"]
            rows[-1]["difference"] = rows[-1]["applicant_share"] - share if share is not None else None
        result[feature] = rows
    return result


def applicants_purge(now) -> dict[str, int]:
    """Delete applications past retention: not selected after APPLICANT_RETENTION_DAYS, reserve after RESERVE_RETENTION_DAYS.

    Selected applicants became members: their application keeps only its background (for the
    record of how the community was selected); identity lives on in the account.
    """
    closed_before = now - timedelta(days=settings.APPLICANT_RETENTION_DAYS)
    reserve_closed_before = now - timedelta(days=settings.RESERVE_RETENTION_DAYS)
    member_statuses = [ApplicationStatus.SELECTED, ApplicationStatus.INVITED]
    with transaction.atomic():
        expired = Application.objects.exclude(status__in=member_statuses).filter(round__closes_at__lt=closed_before)
        not_reserve = expired.filter(reserve_consent=False)
        reserve = Application.objects.exclude(status__in=member_statuses).filter(
            reserve_consent=True, round__closes_at__lt=reserve_closed_before
        )
        deleted = not_reserve.count() + reserve.count()
        not_reserve.delete()
        reserve.delete()
        unlinked = Application.objects.filter(
            status__in=member_statuses, round__closes_at__lt=closed_before, erased_at__isnull=True
        ).update(email="", full_name="", phone="", birth_date=None, motivation="", erased_at=now)
        if deleted or unlinked:
            audit_record(
                actor=None,
                action=AuditEvent.Action.APPLICANTS_ERASED,
                detail={"deleted": deleted, "unlinked": unlinked},
            )
    return {"deleted": deleted, "identity_removed": unlinked}


@transaction.atomic
def population_replace(*, source: str, figures: dict[str, dict[str, float]]) -> None:
    """Replace every population figure at once, so a comparison never mixes two sources."""
    PopulationFigure.objects.all().delete()
    PopulationFigure.objects.bulk_create(
        PopulationFigure(table=table, value=value, population=population, source=source[:300])
        for table, values in figures.items()
        for value, population in values.items()
    )
