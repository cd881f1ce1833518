"""Test data for the community."""

import factory
from django.utils import timezone

from community.models import Announcement, Audience, CafePost, CafeTopic, ThemeSuggestion


class AnnouncementFactory(factory.django.DjangoModelFactory):
    """A published members-only announcement."""

    class Meta:
        model = Announcement

    title_fi = factory.Sequence(lambda n: f"Tiedote {n}")
    title_en = factory.Sequence(lambda n: f"Announcement {n}")
    body_fi = "Tervetuloa **mukaan**."
    audience = Audience.MEMBERS
    published_at = factory.LazyFunction(timezone.now)


class SuggestionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ThemeSuggestion

    title = factory.Sequence(lambda n: f"Teema {n}")
    description = "Olisi hyvä teema."


class TopicFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CafeTopic

    title = factory.Sequence(lambda n: f"Aihe {n}")


class PostFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CafePost

    text = "Hei kaikki"
