"""Test data for recruitment: rounds and applications."""

from datetime import date, timedelta

import factory
from django.utils import timezone

from recruitment.models import Application, RecruitmentRound

# What a resident fills in on the public application form, valid for a round of the default region.
APPLICATION = {
    "full_name": "Aino Asukas",
    "email": "aino@example.fi",
    "phone": "040 1",
    "birth_date": "12.4.1961",
    "confirm_birth_date": "on",
    "municipality": "Kouvola",
    "gender": "female",
    "mother_tongue": "fi",
    "life_situation": "retired",
    "other_life_situations": ["caregiver"],
    "services_used": ["health_centre", "rescue"],
    "motivation": "Haluan vaikuttaa.",
    "consent_privacy": "on",
}


class RoundFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RecruitmentRound

    slug = factory.Sequence(lambda n: f"kierros-{n}")
    title_fi = factory.Sequence(lambda n: f"Hakukierros {n}")
    title_en = factory.Sequence(lambda n: f"Round {n}")
    opens_at = factory.LazyFunction(lambda: timezone.now() - timedelta(days=3))
    closes_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=10))
    is_published = True
    target_size = 10


class ApplicationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Application

    round = factory.SubFactory(RoundFactory)
    email = factory.Sequence(lambda n: f"hakija{n}@example.fi")
    full_name = factory.Sequence(lambda n: f"Hakija {n}")
    birth_date = date(1980, 5, 5)
    age_group = "45-54"
    municipality = "Kotka"
    gender = "female"
    mother_tongue = "fi"
    life_situation = "working"
