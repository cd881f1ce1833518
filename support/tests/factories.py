from datetime import timedelta

import time_machine
from django.utils import timezone

from support.forms import started_token
from support.models import Category, HelpPage, SupportMessage, SupportRequest


def token_from(seconds_ago: float) -> str:
    """A form-started token as if the form had been shown `seconds_ago`."""
    with time_machine.travel(timezone.now() - timedelta(seconds=seconds_ago), tick=False):
        return started_token()


def visitor_request(**fields) -> SupportRequest:
    defaults = {
        "name": "Vieras",
        "email": "visitor@example.fi",
        "category": Category.LOGIN,
        "subject": "Cannot log in",
        "message": "The reset link never arrives.",
    }
    return SupportRequest.objects.create(**{**defaults, **fields})


def member_request(user, **fields) -> SupportRequest:
    defaults = {"category": Category.USING, "subject": "How do I?", "message": "A question about tasks."}
    return SupportRequest.objects.create(user=user, **{**defaults, **fields})


def note(support_request: SupportRequest, author, text: str = "Internal: checked the logs") -> SupportMessage:
    return SupportMessage.objects.create(request=support_request, author=author, internal=True, text=text)


def reply(support_request: SupportRequest, author, text: str = "Here is how.") -> SupportMessage:
    return SupportMessage.objects.create(request=support_request, author=author, text=text)


def help_page(**fields) -> HelpPage:
    defaults = {
        "slug": "login",
        "title_fi": "Kirjautuminen",
        "title_en": "Logging in",
        "body_fi": "**Ohje**",
        "published": True,
    }
    return HelpPage.objects.create(**{**defaults, **fields})
