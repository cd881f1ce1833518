"""A member's suggestions, supports, discussion posts and reports: their export and erasure."""

from .models import CafePost, CafeTopic, Report, Support, ThemeSuggestion
from .services import ERASED_TEXT


def export(user) -> dict:
    return {
        "theme_suggestions": [
            {
                "theme": suggestion.title,
                "description": suggestion.description,
                "status": suggestion.status,
                "suggested": suggestion.created_at.isoformat(),
                "decline_reason": suggestion.decline_reason,
            }
            for suggestion in ThemeSuggestion.objects.filter(member=user)
        ],
        "supports": [
            {"theme": support.suggestion.title, "supported": support.created_at.isoformat()}
            for support in Support.objects.filter(member=user).select_related("suggestion")
        ],
        "discussion_topics": [
            {"topic": topic.title, "started": topic.created_at.isoformat()}
            for topic in CafeTopic.objects.filter(started_by=user)
        ],
        "discussion_posts": [
            {
                "topic": post.topic.title,
                "written": post.created_at.isoformat(),
                "text": post.text,
                "reply": post.parent_id is not None,
                "hidden_reason": post.hidden_reason,
            }
            for post in CafePost.objects.filter(author=user).select_related("topic")
        ],
        "reports": [
            {"post_id": report.post_id, "reason": report.reason, "reported": report.created_at.isoformat()}
            for report in Report.objects.filter(reporter=user)
        ],
    }


def erase(user, *, contributions: bool) -> None:
    """With `contributions`, remove the member's suggestions, supports and reports, and blank their posts.

    Posts and topics stay as "[poistettu]" so that other members' replies keep their place. Without
    `contributions` nothing is unlinked here: every row points to the account, whose identity the
    accounts app erases, and other members see only the pseudonym, which goes with it. Supports and
    reports then still count; deleting the account row later cascades them all.
    """
    if not contributions:
        return
    ThemeSuggestion.objects.filter(member=user).delete()
    Support.objects.filter(member=user).delete()
    Report.objects.filter(reporter=user).delete()
    CafePost.objects.filter(author=user).update(text=ERASED_TEXT)
    CafeTopic.objects.filter(started_by=user).update(title=ERASED_TEXT)
