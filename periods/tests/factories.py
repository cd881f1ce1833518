"""Test data for periods: an open period with the member personas as participants, tasks, questions."""

from datetime import timedelta

import factory
from django.utils import timezone

from periods.models import Participant, Period, Question, QuestionKind, Task, TaskKind


class PeriodFactory(factory.django.DjangoModelFactory):
    """An approved, published period that opened yesterday and closes in nine days."""

    class Meta:
        model = Period
        skip_postgeneration_save = True

    title_fi = factory.Sequence(lambda n: f"Aktiivijakso {n}")
    title_en = factory.Sequence(lambda n: f"Active period {n}")
    theme_fi = "Palautepalvelu"
    description_fi = "Kerro **kokemuksistasi**."
    starts_at = factory.LazyFunction(lambda: timezone.now() - timedelta(days=1))
    ends_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=9))
    published_at = factory.LazyFunction(lambda: timezone.now() - timedelta(days=2))

    @factory.post_generation
    def organisations(self, create, extracted, **kwargs):
        if create and extracted:
            self.organisations.set(extracted)

    @factory.post_generation
    def members(self, create, extracted, **kwargs):
        """`PeriodFactory(members=[member, …])` invites those members."""
        if create and extracted:
            Participant.objects.bulk_create([Participant(period=self, member=m) for m in extracted])


class TaskFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Task

    period = factory.SubFactory(PeriodFactory)
    kind = TaskKind.SURVEY
    order = factory.Sequence(lambda n: n)
    title_fi = factory.Sequence(lambda n: f"Tehtävä {n}")
    title_en = factory.Sequence(lambda n: f"Task {n}")
    instructions_fi = "Vastaa omin sanoin."


class QuestionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Question

    task = factory.SubFactory(TaskFactory)
    kind = QuestionKind.TEXT
    order = factory.Sequence(lambda n: n)
    text_fi = factory.Sequence(lambda n: f"Kysymys {n}?")
    text_en = factory.Sequence(lambda n: f"Question {n}?")


def options(*labels: str) -> list[dict]:
    """Choices for a question: values a, b, c… with Finnish labels."""
    return [{"value": chr(ord("a") + i), "fi": label, "en": label} for i, label in enumerate(labels)]
