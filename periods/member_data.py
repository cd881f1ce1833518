"""A member's answers, posts, votes, diary entries and follow-up replies: their export and erasure."""

from django.db.models import Prefetch

from .models import Answer, DiaryEntry, PendingDraft, Post, Probe, Response, Statement, Vote
from .respondents import respondents_erase, respondents_export

ERASED_TEXT = "[poistettu]"


def export(user) -> dict:
    responses = (
        Response.objects.filter(member=user)
        .select_related("task__period")
        .prefetch_related(Prefetch("answers", queryset=Answer.objects.select_related("question")))
        .order_by("started_at")
    )
    return {
        "responses": [
            {
                "period": response.task.period.title,
                "task": response.task.title,
                "started": response.started_at.isoformat(),
                "finished": response.submitted_at.isoformat() if response.submitted_at else None,
                "answers": [
                    {
                        "question": answer.question.text,
                        "answer": answer.value,
                        "other": answer.other_text,
                        "file": answer.file_name,
                    }
                    for answer in response.answers.all()
                ],
                "form_as_last_saved": response.draft,
            }
            for response in responses
        ],
        "posts": [
            {
                "task": post.task.title,
                "written": post.created_at.isoformat(),
                "text": post.text,
                "reply": post.parent_id is not None,
            }
            for post in Post.objects.filter(author=user).select_related("task")
        ],
        "votes": [
            {"statement": vote.statement.text, "vote": str(vote.get_value_display())}
            for vote in Vote.objects.filter(member=user).select_related("statement")
        ],
        "statements": [
            {"statement": statement.text, "status": statement.status}
            for statement in Statement.objects.filter(author=user)
        ],
        "diary": [
            {"task": entry.task.title, "day": entry.day.isoformat(), "text": entry.text}
            for entry in DiaryEntry.objects.filter(member=user).select_related("task")
        ],
        "follow_up_questions": [
            {"question": probe.question, "reply": probe.reply, "asked": probe.asked_at.isoformat()}
            for probe in Probe.objects.filter(member=user)
        ],
        # The member's own answers are in the export already: their labels add nothing a reader of
        # the export could not find by the answers' words, and the member has a right to see them.
        "respondent_labels": respondents_export(user),
    }


def erase(user, *, contributions: bool) -> None:
    """Drop unsent drafts always; with `contributions`, the member's own texts, answers and votes too.

    Posts stay as "[poistettu]" so that other members' replies keep their place in the discussion.
    Respondent labels go in either case: they tie the member's answers and posts together within a
    period, and an erased member shows as "deleted member" (periods.respondents never labels them again).
    """
    respondents_erase(user)
    PendingDraft.objects.filter(member=user).delete()
    Response.objects.filter(member=user).update(draft={})
    if not contributions:
        return
    for answer in Answer.objects.filter(response__member=user).exclude(file=""):
        answer.file.delete(save=False)
    Response.objects.filter(member=user).delete()
    Post.objects.filter(author=user).update(text=ERASED_TEXT)
    Vote.objects.filter(member=user).delete()
    Statement.objects.filter(author=user).update(text_fi=ERASED_TEXT, text_sv="", text_en="")
    DiaryEntry.objects.filter(member=user).delete()
    Probe.objects.filter(member=user).update(reply=ERASED_TEXT)
