"""Every email goes out through here: rendered in the recipient's language, sent after commit."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import translation
from django_tasks import task

from .locks import lock_retried


@task()
def deliver_email(*, to: list[str], subject: str, text: str, html: str, headers: dict[str, str] | None = None) -> None:
    """Send one rendered email with a plain-text part and an HTML alternative."""
    message = EmailMultiAlternatives(
        subject=subject, body=text, from_email=settings.DEFAULT_FROM_EMAIL, to=to, headers=headers or {}
    )
    message.attach_alternative(html, "text/html")
    message.send()


# An email as rendered for its recipient: subject, plain text, HTML.
RenderedEmail = tuple[str, str, str]


def render_email(template_prefix: str, context: dict, language: str) -> RenderedEmail:
    """Render `<prefix>_subject.txt`, `<prefix>.txt` and `<prefix>.html` in `language`."""
    context = {
        "SITE_NAME": settings.SITE_NAME,
        "SITE_URL": settings.SITE_URL,
        "SITE_OWNER": settings.SITE_OWNER,
        "LANGUAGE_CODE": language,
        "SUPPORT_EMAIL": settings.SUPPORT_EMAIL,
        **context,
    }
    with translation.override(language):
        subject = " ".join(render_to_string(f"{template_prefix}_subject.txt", context).split())
        text = render_to_string(f"{template_prefix}.txt", context)
        html = render_to_string(f"{template_prefix}.html", context)
    return subject, text, html


def email_send(*, to: str, template_prefix: str, context: dict, language: str = "fi") -> None:
    """Queue an email to go out once the surrounding transaction commits."""
    email_queue(to=to, email=render_email(template_prefix, context, language))


def email_queue(*, to: str, email: RenderedEmail) -> None:
    """Queue an email rendered beforehand (outside the transaction) to go out once the transaction commits."""
    subject, text, html = email
    transaction.on_commit(lambda: lock_retried(deliver_email.enqueue)(to=[to], subject=subject, text=text, html=html))
