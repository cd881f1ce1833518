"""The demo seeder: actions in several statuses on the delivered rescue report, once."""

from io import StringIO

from django.core.management import call_command

from impact.models import Action, ActionUpdate, DevelopmentTarget, Measurement


def test_the_demo_seeds_actions_and_a_target_idempotently(db, settings):
    settings.DEBUG = True
    call_command("seed_demo", stdout=StringIO())
    statuses = set(Action.objects.values_list("status", flat=True))
    assert {"done", "in_progress", "idea", "not_pursued"} <= statuses
    assert ActionUpdate.objects.count() >= 4
    assert DevelopmentTarget.objects.count() == 1 and Measurement.objects.count() == 4
    counts = (Action.objects.count(), ActionUpdate.objects.count(), Measurement.objects.count())
    call_command("seed_demo", stdout=StringIO())
    assert (Action.objects.count(), ActionUpdate.objects.count(), Measurement.objects.count()) == counts
