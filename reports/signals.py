"""Analyse open answers when they are saved (see reports.text_service), if REPORTS_ANALYSE_ON_SAVE is on.

Two hooks, because answers are written in bulk when a survey is submitted (bulk_create sends no
post_save): periods' `survey_submitted` signal, sent on every sending of a survey (the first and each
change), queues all its open answers, and an open answer saved on its own (the admin) queues itself. The work runs after the commit, as background work.
"""

from django.conf import settings
from django.db.models.signals import post_save

from periods.models import Answer, QuestionKind, Response
from periods.signals import survey_submitted as submitted


def _enabled() -> bool:
    return getattr(settings, "REPORTS_ANALYSE_ON_SAVE", True)


def survey_submitted(sender, response: Response, **kwargs) -> None:
    """Every sending of a survey, the first and each change, queues its open answers."""
    if not _enabled():
        return
    from .text_service import response_analyse_later

    response_analyse_later(response.pk)


def answer_saved(sender, instance: Answer, raw=False, **kwargs) -> None:
    if raw or not _enabled():
        return
    if not isinstance(instance.value, str) or not instance.value.strip():
        return
    if instance.question.kind != QuestionKind.TEXT or instance.response.submitted_at is None:
        return
    from .text_service import analyse_later

    analyse_later([instance.pk])


def connect() -> None:
    submitted.connect(survey_submitted, dispatch_uid="reports.analyse_response")
    post_save.connect(answer_saved, sender=Answer, dispatch_uid="reports.analyse_answer")
