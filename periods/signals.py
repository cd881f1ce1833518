"""Signals other apps listen to, so that periods need not import them."""

from django.dispatch import Signal

# Sent with `response=` every time a member sends a survey, the first time and after each change.
survey_submitted = Signal()
