"""The member's participation certificate as an A4 PDF, in the member's language.

Only for the member themself: it carries their name, pseudonym, membership dates and which periods
they took part in, as counts and titles; never anything they answered.
"""

from io import BytesIO

from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import ListFlowable, ListItem, Paragraph, SimpleDocTemplate, Spacer

from accounts.models import User
from core.formats import fmt_date, fmt_number
from core.pdf import FONT, FONT_BOLD, INK, markup, register_fonts

from .services import participation_of, term_current


def _styles() -> dict[str, ParagraphStyle]:
    body = ParagraphStyle("body", fontName=FONT, fontSize=11, leading=16, textColor=INK, spaceAfter=6)
    return {
        "body": body,
        "title": ParagraphStyle("title", parent=body, fontName=FONT_BOLD, fontSize=22, leading=28, spaceAfter=16),
        "name": ParagraphStyle("name", parent=body, fontName=FONT_BOLD, fontSize=15, leading=20, spaceAfter=2),
        "h": ParagraphStyle("h", parent=body, fontName=FONT_BOLD, fontSize=12, leading=16, spaceBefore=10),
        "small": ParagraphStyle("small", parent=body, fontSize=9, leading=12, spaceBefore=18),
    }


def certificate_pdf(user: User) -> bytes:
    """Draw the certificate of `user` in their own language."""
    register_fonts()
    with translation.override(user.language):
        return _draw(user)


def _draw(user: User) -> bytes:
    styles = _styles()
    member = user.member
    term = term_current(user)
    participation = participation_of(user)
    since = member.joined_at or term.starts_on

    def para(text: object, style: str = "body") -> Paragraph:
        return Paragraph(markup(text), styles[style])

    story = [para(_("Certificate of participation"), "title")]
    if user.full_name:
        story.append(para(user.full_name, "name"))
    story.append(para(_("Pseudonym in the community: %(pseudonym)s") % {"pseudonym": member.display_name}))
    story.append(Spacer(1, 4 * mm))
    story.append(
        para(
            _("has been a member of the resident development community %(site)s since %(date)s.")
            % {"site": settings.SITE_NAME, "date": fmt_date(since)}
        )
    )
    story.append(
        para(
            _("The current membership term is from %(start)s to %(end)s.")
            % {"start": fmt_date(term.starts_on), "end": fmt_date(term.ends_on)}
        )
    )
    story.append(
        para(
            _("Active periods taken part in: %(periods)s. Tasks answered: %(tasks)s.")
            % {"periods": fmt_number(participation.period_count), "tasks": fmt_number(participation.tasks)}
        )
    )
    if participation.periods:
        story.append(para(_("Active periods"), "h"))
        story.append(
            ListFlowable(
                [ListItem(para(period.title), leftIndent=6 * mm) for period in participation.periods],
                bulletType="bullet",
                bulletFontName=FONT,
                leftIndent=6 * mm,
            )
        )
    story.append(
        para(
            _("Issued on %(date)s by %(owner)s.")
            % {"date": fmt_date(timezone.localdate()), "owner": settings.SITE_OWNER},
            "small",
        )
    )
    buffer = BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=25 * mm,
        rightMargin=20 * mm,
        topMargin=25 * mm,
        bottomMargin=22 * mm,
        title=str(_("Certificate of participation")),
        author=settings.SITE_OWNER,
        lang=user.language,
    )
    document.build(story)
    return buffer.getvalue()
