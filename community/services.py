"""Domain rules of the community: publishing, suggestions and their review, posts and moderation."""

from datetime import timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from audit.models import AuditEvent
from audit.services import audit_record
from notifications.models import Kind
from notifications.services import notify, route_path

from .models import (
    Announcement,
    Audience,
    CafePost,
    CafeTopic,
    Report,
    SuggestionStatus,
    Support,
    ThemeSuggestion,
)

# Throttles counted in the database, so that every app process agrees and nothing depends on a cache.
SUGGESTIONS_PER_DAY = 5
POSTS_PER_HOUR = 20
TOPICS_PER_DAY = 5
ERASED_TEXT = "[poistettu]"


class CommunityError(Exception):
    """A refused action; the message is shown to the person as is."""


# Announcements ------------------------------------------------------------------------------------


def announcement_publish(*, announcement: Announcement, actor) -> int:
    """Publish an announcement; members-only ones notify every active member once. Returns how many."""
    with transaction.atomic():
        announcement = Announcement.objects.select_for_update().get(pk=announcement.pk)
        if announcement.published_at is not None:
            raise CommunityError(_("The announcement is already published."))
        announcement.published_at = timezone.now()
        announcement.save(update_fields=["published_at"])
        audit_record(
            actor=actor,
            action=AuditEvent.Action.ANNOUNCEMENT_PUBLISHED,
            obj=announcement,
            detail={"audience": announcement.audience},
        )
        if announcement.audience != Audience.MEMBERS:
            return 0
        return notify(
            kind=Kind.ANNOUNCEMENT,
            key=f"announcement-{announcement.pk}",
            recipients=User.objects.members().filter(is_active=True).select_related("member"),
            message=lambda _user: _("New announcement: %(title)s") % {"title": announcement.title},
            url=route_path("community:announcement_detail", announcement.pk),
            email_template="community/email/announcement",
            email_context=lambda user: {
                "pseudonym": user.display_name,
                "title": announcement.title,
                "body": announcement.body,
            },
        )


# Theme suggestions --------------------------------------------------------------------------------


def suggestion_create(*, member, title: str, description: str) -> ThemeSuggestion:
    since = timezone.now() - timedelta(days=1)
    with transaction.atomic():
        # Lock the member's row so that two parallel posts cannot both pass the count.
        User.objects.select_for_update().filter(pk=member.pk).first()
        if ThemeSuggestion.objects.filter(member=member, created_at__gte=since).count() >= SUGGESTIONS_PER_DAY:
            raise CommunityError(
                _("You can make at most %(count)d suggestions a day. Please try again tomorrow.")
                % {"count": SUGGESTIONS_PER_DAY}
            )
        return ThemeSuggestion.objects.create(member=member, title=title, description=description)


def support_toggle(*, member, suggestion: ThemeSuggestion) -> bool:
    """Support a suggestion, or take the support back; returns whether the member now supports it."""
    if suggestion.member_id == member.pk:
        raise CommunityError(_("You cannot support your own suggestion."))
    if not suggestion.in_review:
        raise CommunityError(_("Only suggestions in review can be supported."))
    deleted, _rows = Support.objects.filter(member=member, suggestion=suggestion).delete()
    if deleted:
        return False
    try:
        with transaction.atomic():
            Support.objects.create(member=member, suggestion=suggestion)
    except IntegrityError:
        pass  # a double click: the first one counted
    return True


def suggestion_withdraw(*, member, suggestion: ThemeSuggestion) -> None:
    if suggestion.member_id != member.pk:
        raise CommunityError(_("Only the member who made the suggestion can withdraw it."))
    if not suggestion.in_review:
        raise CommunityError(_("A suggestion can be withdrawn only while it is in review."))
    suggestion.delete()


def suggestion_review(*, suggestion: ThemeSuggestion, actor, status: str, period=None, reason: str = "") -> None:
    """Accept (with the period that takes it up) or decline (with a reason); tell the suggester once."""
    if status == SuggestionStatus.ACCEPTED and period is None:
        raise CommunityError(_("Choose the active period that takes the theme up."))
    if status == SuggestionStatus.DECLINED and not reason.strip():
        raise CommunityError(_("Give a reason for declining."))
    if status not in (SuggestionStatus.ACCEPTED, SuggestionStatus.DECLINED):
        raise CommunityError(_("Choose accept or decline."))
    with transaction.atomic():
        suggestion = (
            ThemeSuggestion.objects.select_for_update(of=("self",))
            .select_related("member__member")
            .get(pk=suggestion.pk)
        )
        if not suggestion.in_review:
            raise CommunityError(_("The suggestion has already been reviewed."))
        suggestion.status = status
        suggestion.period = period if status == SuggestionStatus.ACCEPTED else None
        suggestion.decline_reason = reason.strip() if status == SuggestionStatus.DECLINED else ""
        suggestion.reviewed_at = timezone.now()
        suggestion.reviewed_by = actor
        suggestion.save()
        audit_record(
            actor=actor,
            action=AuditEvent.Action.SUGGESTION_REVIEWED,
            obj=suggestion,
            subject_user=suggestion.member_id,
            reason=suggestion.decline_reason,
            detail={"status": status, "period": period.pk if period else None},
        )
        notify(
            kind=Kind.SUGGESTION_REVIEWED,
            key=f"suggestion-reviewed-{suggestion.pk}",
            recipients=[suggestion.member],
            message=lambda _user: _("Your theme suggestion “%(title)s” was reviewed.") % {"title": suggestion.title},
            url=route_path("community:suggestion_detail", suggestion.pk),
            email_template="community/email/suggestion_reviewed",
            email_context=lambda user: {
                "pseudonym": user.display_name,
                "title": suggestion.title,
                "accepted": suggestion.status == SuggestionStatus.ACCEPTED,
                "period_title": suggestion.period.title if suggestion.period else "",
                "reason": suggestion.decline_reason,
            },
        )


# The discussion area ------------------------------------------------------------------------------


def _posts_allowed(member) -> None:
    since = timezone.now() - timedelta(hours=1)
    User.objects.select_for_update().filter(pk=member.pk).first()
    if CafePost.objects.filter(author=member, created_at__gte=since).count() >= POSTS_PER_HOUR:
        raise CommunityError(
            _("You can write at most %(count)d posts an hour. Please wait a while.") % {"count": POSTS_PER_HOUR}
        )


def topic_create(*, member, title: str, text: str) -> CafeTopic:
    since = timezone.now() - timedelta(days=1)
    with transaction.atomic():
        _posts_allowed(member)
        if CafeTopic.objects.filter(started_by=member, created_at__gte=since).count() >= TOPICS_PER_DAY:
            raise CommunityError(
                _("You can start at most %(count)d topics a day. Please try again tomorrow.")
                % {"count": TOPICS_PER_DAY}
            )
        topic = CafeTopic.objects.create(title=title, started_by=member)
        CafePost.objects.create(topic=topic, author=member, text=text)
        return topic


def post_create(*, member, topic: CafeTopic, text: str, parent: CafePost | None = None) -> CafePost:
    if parent is not None and parent.topic_id != topic.pk:
        raise CommunityError(_("The post you replied to is not in this topic."))
    with transaction.atomic():
        _posts_allowed(member)
        post = CafePost.objects.create(topic=topic, author=member, text=text, parent=parent)
        CafeTopic.objects.filter(pk=topic.pk).update(last_post_at=post.created_at)
        return post


def post_report(*, reporter, post: CafePost, reason: str) -> Report:
    if post.author_id == reporter.pk:
        raise CommunityError(_("You cannot report your own post."))
    if post.is_hidden:
        raise CommunityError(_("The moderators have already hidden this post."))
    try:
        with transaction.atomic():
            return Report.objects.create(reporter=reporter, post=post, reason=reason)
    except IntegrityError:
        raise CommunityError(_("You have already reported this post.")) from None


def post_hide(*, post: CafePost, actor, reason: str) -> None:
    """Hide a post with a reason, close its reports and tell the author why, once."""
    if not reason.strip():
        raise CommunityError(_("Give a reason for hiding."))
    with transaction.atomic():
        post = (
            CafePost.objects.select_for_update(of=("self",)).select_related("author__member", "topic").get(pk=post.pk)
        )
        if post.is_hidden:
            raise CommunityError(_("The post is already hidden."))
        now = timezone.now()
        post.hidden_at = now
        post.hidden_reason = reason.strip()
        post.hidden_by = actor
        post.save(update_fields=["hidden_at", "hidden_reason", "hidden_by"])
        Report.objects.filter(post=post, handled_at__isnull=True).update(handled_at=now)
        audit_record(
            actor=actor,
            action=AuditEvent.Action.CAFE_POST_HIDDEN,
            obj=post,
            subject_user=post.author_id,
            reason=post.hidden_reason,
        )
        notify(
            kind=Kind.MODERATION,
            key=f"cafe-post-hidden-{post.pk}",
            recipients=[post.author],
            message=lambda _user: (
                _("A moderator hid your post in the discussion “%(topic)s”.") % {"topic": post.topic.title}
            ),
            url=route_path("community:cafe_topic", post.topic_id, fragment=f"post-{post.pk}"),
            email_template="community/email/post_hidden",
            email_context=lambda user: {
                "pseudonym": user.display_name,
                "topic_title": post.topic.title,
                "reason": post.hidden_reason,
            },
        )


def reports_dismiss(*, post: CafePost) -> int:
    """Close a post's open reports without hiding it."""
    return Report.objects.filter(post=post, handled_at__isnull=True).update(handled_at=timezone.now())
