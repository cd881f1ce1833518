"""Quotes of members' words in a report: adding, redacting, checking, deleting, and erasing.

A quote starts as the member's own text with automatic flags (reports/redaction.py); staff redact
it and tick it checked. A draft report only: once delivered, a quote changes only through erasure.
Every change writes a QUOTE_EDITED audit record on the report.
"""

from django.db import transaction
from django.utils.translation import gettext as _

from audit.models import AuditEvent
from audit.services import audit_record
from periods.member_data import ERASED_TEXT
from periods.models import Answer, Post

from .models import Finding, Quote, Report
from .redaction import flags, redact
from .rules import ReportError


def _locked_draft(report: Report) -> Report:
    """The report row, locked so that a delivery cannot slip between the check and the write."""
    report = Report.objects.select_for_update().get(pk=report.pk)
    if report.is_delivered:
        raise ReportError(_("A delivered report cannot be changed."))
    return report


def _check_finding(report: Report, finding: Finding | None) -> None:
    if finding is not None and finding.report_id != report.pk:
        raise ReportError(_("That finding belongs to another report."))


def _audit(actor, report: Report, quote_id: int, change: str) -> None:
    audit_record(
        actor=actor, action=AuditEvent.Action.QUOTE_EDITED, obj=report, detail={"quote": quote_id, "change": change}
    )


def answer_text(answer: Answer) -> str:
    """The words of an open answer, or the "other" text of a closed one."""
    if isinstance(answer.value, str) and answer.value.strip():
        return answer.value
    return answer.other_text


@transaction.atomic
def quote_add(
    *, report: Report, actor, answer: Answer | None = None, post: Post | None = None, finding: Finding | None = None
) -> Quote:
    """Quote an answer or a discussion post of the report's own period, flagged for review.

    The caller has already fetched `answer` or `post` within the period (views answer a logged 404
    otherwise); this checks it again so that no other caller can mix periods.
    """
    report = _locked_draft(report)
    _check_finding(report, finding)
    if answer is not None and post is None:
        if answer.question.task.period_id != report.period_id:
            raise ReportError(_("That answer belongs to another period."))
        text, author_id = answer_text(answer), answer.response.member_id
    elif post is not None and answer is None:
        if post.task.period_id != report.period_id:
            raise ReportError(_("That post belongs to another period."))
        if post.is_hidden:
            raise ReportError(_("A hidden post cannot be quoted."))
        text, author_id = post.text, post.author_id
    else:
        raise ReportError(_("Choose one answer or one post to quote."))
    if not text.strip():
        raise ReportError(_("There is no text to quote."))
    quote = Quote.objects.create(
        report=report,
        finding=finding,
        answer=answer,
        post=post,
        author_id=author_id,
        text=text,
        flags=flags(text),
        order=report.quotes.count(),
    )
    _audit(actor, report, quote.pk, "added")
    return quote


@transaction.atomic
def quote_update(
    *,
    quote: Quote,
    actor,
    text: str,
    reviewed: bool,
    finding: Finding | None = None,
    apply_redactions: bool = False,
) -> Quote:
    """Save staff's edit of a quote; with `apply_redactions`, replace every flagged span first.

    Flags are always computed afresh from the saved text, so a flag disappears only when its
    words are gone; staff may still tick "checked" to accept one that is not a person's data.
    """
    report = _locked_draft(quote.report)
    _check_finding(report, finding)
    if quote.erased:
        raise ReportError(_("The member asked for this quote to be erased: it cannot be edited, only deleted."))
    text = text.strip()
    if not text:
        raise ReportError(_("A quote cannot be empty. Delete it instead."))
    if apply_redactions:
        text = redact(text, flags(text))
    quote.text = text
    quote.flags = flags(text)
    quote.reviewed = reviewed
    quote.finding = finding
    quote.save(update_fields=["text", "flags", "reviewed", "finding"])
    _audit(actor, report, quote.pk, "redacted" if apply_redactions else "edited")
    return quote


@transaction.atomic
def quote_delete(*, quote: Quote, actor) -> None:
    report = _locked_draft(quote.report)
    quote_id = quote.pk
    quote.delete()
    _audit(actor, report, quote_id, "deleted")


def quotes_unchecked(quotes) -> list[Quote]:
    """The quotes that automatic review flagged and nobody has checked yet: they block delivery."""
    return [quote for quote in quotes if quote.flags and not quote.reviewed and not quote.erased]


def quotes_snapshot(quotes) -> list[dict]:
    """The quotes as frozen at delivery; "author" (never shown) lets erasure find them later."""
    return [
        {
            "text": quote.text,
            "author": quote.author_id,
            "finding": quote.finding.title if quote.finding else None,
            "finding_id": quote.finding_id,
        }
        for quote in quotes
        if not quote.erased
    ]


# Erasure --------------------------------------------------------------------------------------------


def _erase_in(data, author_id: int) -> bool:
    """Replace the member's words inside a report's JSON in place; True when anything changed.

    Quotes are dicts with "text" and "author"; "other" answers are a list with "other_authors"
    beside it (reports.figures.question_table). Counts are never touched.
    """
    changed = False
    if isinstance(data, dict):
        quoted = "text" in data and "author" in data and _same(data["author"], author_id)
        if quoted and data["text"] != ERASED_TEXT:
            data["text"] = ERASED_TEXT
            changed = True
        others, authors = data.get("other"), data.get("other_authors")
        if isinstance(others, list) and isinstance(authors, list):
            for index, author in enumerate(authors[: len(others)]):
                if _same(author, author_id) and others[index] != ERASED_TEXT:
                    others[index] = ERASED_TEXT
                    changed = True
        for value in data.values():
            changed = _erase_in(value, author_id) or changed
    elif isinstance(data, list):
        for value in data:
            changed = _erase_in(value, author_id) or changed
    return changed


def _same(author, author_id: int) -> bool:
    return author is not None and str(author) == str(author_id)


def quotes_erase(user) -> dict[str, int]:
    """Replace the member's words with "[poistettu]" in every quote and every report's JSON.

    Works from `Quote.author` and the author ids kept in the JSON, so it still finds everything
    after the periods section has deleted the member's answers. Each report is locked and
    rewritten in its own transaction: two queries to read and lock, one more when it changed.
    """
    author_id = user.pk
    counts = {"quotes": 0, "reports": 0}
    with transaction.atomic():
        counts["quotes"] = Quote.objects.filter(author_id=author_id).update(text=ERASED_TEXT, flags=[], erased=True)
    report_ids = list(Report.objects.exclude(snapshot={}, figures={}).values_list("pk", flat=True))
    for report_id in report_ids:
        with transaction.atomic():
            report = Report.objects.select_for_update().only("pk", "snapshot", "figures").get(pk=report_id)
            fields = [name for name in ("snapshot", "figures") if _erase_in(getattr(report, name), author_id)]
            if fields:
                report.save(update_fields=fields)
                counts["reports"] += 1
    return counts
