"""Demo data for recruitment: an open round with a realistic pool (used by `seed_demo`)."""

import random
from datetime import date, timedelta

from django.utils import timezone

from accounts.background import age_group_for

from .models import Application, RecruitmentRound
from .quotas import quotas_save, quotas_suggest

DEMO_ROUND_SLUG = "demo-syksy"
DEMO_APPLICANTS = 240


def seed_recruitment() -> RecruitmentRound:
    """Create (once) an open round with 240 applicants, few of them young, and suggested quotas."""
    now = timezone.now()
    round, created = RecruitmentRound.objects.get_or_create(
        slug=DEMO_ROUND_SLUG,
        defaults={
            "title_fi": "Prototyypit-haku (demo)",
            "title_sv": "Prototyypit-ansökan (demo)",
            "title_en": "Prototyypit recruitment (demo)",
            "description_fi": "Haemme kymenlaaksolaisia kehittämään sosiaali-, terveys- ja pelastuspalveluita.",
            "description_sv": "Vi söker invånare i Kymmenedalen som vill utveckla social-, hälsovårds- och räddningstjänster.",
            "description_en": "We are looking for residents of Kymenlaakso to help develop social, health and rescue services.",
            "opens_at": now - timedelta(days=10),
            "closes_at": now + timedelta(days=7),
            "target_size": 40,
            "is_published": True,
        },
    )
    if not created:
        return round
    rng = random.Random(2026)  # noqa: S311 (demo data, reproducible)
    municipalities = round.municipality_list()
    applications = []
    for number in range(DEMO_APPLICANTS):
        age = rng.choices([18, 30, 40, 50, 60, 70, 80], weights=[4, 9, 13, 16, 20, 25, 13])[0] + rng.randint(0, 5)
        birth = date(timezone.localdate().year - age, rng.randint(1, 12), rng.randint(1, 28))
        applications.append(
            Application(
                round=round,
                email=f"hakija{number:03d}@example.fi",
                full_name=f"Demo Hakija {number:03d}",
                birth_date=birth,
                age_group=age_group_for(birth, timezone.localdate()),
                municipality=rng.choices(municipalities, weights=[13, 33, 45, 2, 4, 3][: len(municipalities)])[0],
                gender=rng.choices(["female", "male", "other", "undisclosed"], weights=[62, 34, 1, 3])[0],
                mother_tongue=rng.choices(["fi", "sv", "other"], weights=[92, 2, 6])[0],
                life_situation=rng.choice(
                    ["working", "retired", "studying", "unemployed", "caregiver", "entrepreneur"]
                ),
                reserve_consent=rng.random() < 0.5,
            )
        )
    Application.objects.bulk_create(applications)
    quotas_save(round=round, quotas=quotas_suggest(round))
    return round
