"""What every part of a report shares and imports nothing of reports: the anonymity threshold and the refusal."""

from django.conf import settings


class ReportError(Exception):
    """A refused change, with a message to show."""


def threshold() -> int:
    """The anonymity threshold k: no group of fewer respondents is shown."""
    return settings.ANONYMITY_THRESHOLD
