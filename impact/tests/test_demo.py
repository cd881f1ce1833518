"""The demo seeder: actions in several statuses on the delivered rescue report."""

from impact.models import Action, ActionUpdate, DevelopmentTarget, Measurement


def test_the_demo_seeds_actions_and_a_target(demo):
    statuses = set(Action.objects.values_list("status", flat=True))
    assert {"done", "in_progress", "idea", "not_pursued"} <= statuses
    assert ActionUpdate.objects.count() >= 4
    assert DevelopmentTarget.objects.count() == 1 and Measurement.objects.count() == 4
