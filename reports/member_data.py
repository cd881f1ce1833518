"""A member's words quoted in reports and the codes staff gave to their answers: export and erasure.

Their respondent labels belong to the periods (periods.respondents) and go with the periods section."""

from .models import AnswerCoding, Quote
from .quotes import quotes_erase


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
            if coding.answer is not None  # the filter's promise, for the type checker
        ]
        + [
            {"code": coding.code.name, "discussion": coding.post.task.title}
            for coding in AnswerCoding.objects.filter(post__author=user)
            .select_related("code", "post__task")
            .order_by("created_at", "pk")
            if coding.post is not None  # the filter's promise, for the type checker
        ],
    }


def erase(user, *, contributions: bool) -> None:
    """With `contributions`, replace the member's quotes with "[poistettu]" in every report.

    Without `contributions` there is nothing else to unlink here: a quote is a contribution like the answer it came
    from, and its `author` is never shown — it only points at the account, whose name, email and
    pseudonym member_erase removes. Codings go with the answers when the periods section deletes
    them; quotes are found through `Quote.author` and the author ids in the report JSON, so the
    order of the sections does not matter.
    """
    if contributions:
        quotes_erase(user)
