"""Quotas for the selection: suggested from the region's population, edited by staff."""

import math
from collections import Counter

from django.db import transaction
from django.utils.translation import gettext as _

from accounts.background import BACKGROUND_VARIABLES

from .models import PopulationFigure, Quota, RecruitmentRound

# How far a suggested quota may stray from the proportional share, either way.
SLACK = 0.25


def feature_values(round: RecruitmentRound, feature: str) -> list[tuple[str, str]]:
    """Every value of a background variable in this round, with its label."""
    choices = BACKGROUND_VARIABLES[feature].choices(round.municipality_list())
    return [(value, str(label)) for value, label in choices]


def feature_label(feature: str) -> str:
    return str(BACKGROUND_VARIABLES[feature].heading)


def value_label(feature: str, value: str) -> str:
    return BACKGROUND_VARIABLES[feature].label_of(value)


def quotas_suggest(round: RecruitmentRound) -> dict[str, dict[str, tuple[int, int]]]:
    """Suggest (min, max) per value: the population share of the target size, give or take 25 %.

    Where the region has no figure (life situation, or gender beyond the two the statistics
    publish), the applicant pool's own shares are used. Shares are taken among the values that
    someone applied with, and a minimum never exceeds the applicants who have that value, so the
    suggestion is feasible whenever the pool is large enough.
    """
    pool = round.applications.filter(erased_at__isnull=True)
    size = round.target_size
    population: dict[str, dict[str, float]] = {}
    for figure in PopulationFigure.objects.all():
        population.setdefault(figure.table, {})[figure.value] = figure.population
    suggestion = {}
    for feature in BACKGROUND_VARIABLES:
        available = Counter(pool.values_list(feature, flat=True))
        values = [value for value, _label in feature_values(round, feature)]
        shares = _shares(values, population.get(feature, {}), available)
        quotas = {}
        for value in values:
            ideal = shares.get(value, 0.0) * size
            low = min(math.floor(ideal * (1 - SLACK)), available.get(value, 0))
            high = min(max(math.ceil(ideal * (1 + SLACK)), low), size)
            quotas[value] = (low, high if available.get(value, 0) else 0)
        suggestion[feature] = quotas
    return suggestion


def _shares(values: list[str], population: dict[str, float], available: Counter) -> dict[str, float]:
    """Each value's share: from the population where the statistics have it, else from the pool.

    Values the statistics lack (e.g. "prefer not to say") take their pool share first; the
    others divide the rest in population proportions.
    """
    pool_total = sum(available.values()) or 1
    unknown = [value for value in values if value not in population]
    unknown_share = sum(available.get(value, 0) for value in unknown) / pool_total
    population_total = sum(population[value] for value in values if value in population)
    shares = {value: available.get(value, 0) / pool_total for value in unknown}
    if population_total:
        shares |= {
            value: (1 - unknown_share) * population[value] / population_total for value in values if value in population
        }
    # Seats can go only to values someone applied with: share them out among those.
    present = {value: share for value, share in shares.items() if available.get(value)}
    total = sum(present.values())
    return {value: share / total for value, share in present.items()} if total else {}


def quota_problems(round: RecruitmentRound, quotas: dict[str, dict[str, tuple[int, int]]]) -> list[str]:
    """Plain-language reasons why no panel can meet these quotas (the simple, certain ones)."""
    problems = []
    size = round.target_size
    pool = round.applications.filter(erased_at__isnull=True)
    for feature, values in quotas.items():
        label = feature_label(feature)
        available = Counter(pool.values_list(feature, flat=True))
        if sum(low for low, _high in values.values()) > size:
            problems.append(
                _("%(feature)s: the minimums add up to more than the panel size %(size)d.")
                % {"feature": label, "size": size}
            )
        if sum(min(high, available.get(value, 0)) for value, (_low, high) in values.items()) < size:
            problems.append(
                _("%(feature)s: the maximums (or the applicants) add up to less than the panel size %(size)d.")
                % {"feature": label, "size": size}
            )
        for value, (low, _high) in values.items():
            if low > available.get(value, 0):
                problems.append(
                    _(
                        "%(feature)s “%(value)s”: the minimum %(min)d is more than the %(count)d applicants with this value."
                    )
                    % {
                        "feature": label,
                        "value": value_label(feature, value),
                        "min": low,
                        "count": available.get(value, 0),
                    }
                )
    return problems


def quotas_of(round: RecruitmentRound) -> dict[str, dict[str, tuple[int, int]]]:
    quotas: dict[str, dict[str, tuple[int, int]]] = {}
    for quota in round.quotas.all():
        quotas.setdefault(quota.feature, {})[quota.value] = (quota.minimum, quota.maximum)
    return quotas


@transaction.atomic
def quotas_save(*, round: RecruitmentRound, quotas: dict[str, dict[str, tuple[int, int]]]) -> None:
    round.quotas.all().delete()
    Quota.objects.bulk_create(
        Quota(round=round, feature=feature, value=value, minimum=low, maximum=high)
        for feature, values in quotas.items()
        for value, (low, high) in values.items()
    )
