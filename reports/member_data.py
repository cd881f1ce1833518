"""A member's words quoted in reports, the codes staff gave to their answers and their respondent
labels in reports: export and erasure."""

from .models import AnswerCoding, Quote
from .quotes import quotes_erase
from .respondents import respondents_erase, respondents_export


def export(user) -> dict:
    return {
        "quotes": [
            {
                "text": quote.text,
                "period": quote.report.period.title,
                "report_status": str(quote.report.get_status_display()),
            }
            for quote in Quote.objects.filter(author=user, erased=False)
            .select_related("report__period")
            .order_by("created_at", "pk")
        ],
        "codes": [
            {"code": coding.code.name, "question": coding.answer.question.text}
            for coding in AnswerCoding.objects.filter(answer__response__member=user)
            .select_related("code", "answer__question")
            .order_by("created_at", "pk")
        ]
        + [
            {"code": coding.code.name, "discussion": coding.post.task.title}
            for coding in AnswerCoding.objects.filter(post__author=user)
            .select_related("code", "post__task")
            .order_by("created_at", "pk")
        ],
        # The member's own answers are in the export already: their labels add nothing a reader of
        # the export could not find by the answers' words, and the member has a right to see them.
        "respondent_labels": respondents_export(user),
    }


def erase(user, *, contributions: bool) -> None:
    """Delete the member's respondent labels; with `contributions`, also replace their quotes with
    "[poistettu]" in every report.

    Labels go in either case: they tie the member's answers together within each report, and an
    erased member's answers show as "deleted member" (reports.respondents never labels them again).

    Without `contributions` there is nothing else to unlink here: a quote is a contribution like the answer it came
    from, and its `author` is never shown — it only points at the account, whose name, email and
    pseudonym member_erase removes. Codings go with the answers when the periods section deletes
    them; quotes are found through `Quote.author` and the author ids in the report JSON, so the
    order of the sections does not matter.
    """
    respondents_erase(user)
    if contributions:
        quotes_erase(user)
