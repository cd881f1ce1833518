"""Fetch community objects for the person asking; anything out of reach is a logged 404."""

from django.db.models import Count, Exists, OuterRef
from django.http import HttpRequest

from audit.services import audit_denied

from .models import Announcement, CafePost, CafeTopic, Support, ThemeSuggestion


def suggestions_for_member(member):
    """Every suggestion with its support count and whether this member supports it."""
    return (
        ThemeSuggestion.objects.select_related("member__member", "period")
        .annotate(
            support_count=Count("supports", distinct=True),
            supported=Exists(Support.objects.filter(suggestion=OuterRef("pk"), member=member)),
        )
        .order_by("-created_at", "-pk")
    )


def suggestion_or_404(request: HttpRequest, pk: int, *, own: bool = False) -> ThemeSuggestion:
    suggestion = suggestions_for_member(request.user).filter(pk=pk).first()
    if suggestion is None or (own and suggestion.member_id != request.user.pk):
        raise audit_denied(request, what=f"community.themesuggestion:{pk}")
    return suggestion


def announcement_or_404(request: HttpRequest, pk: int, *, public: bool) -> Announcement:
    queryset = Announcement.objects.public() if public else Announcement.objects.published()
    announcement = queryset.filter(pk=pk).first()
    if announcement is None:
        raise audit_denied(request, what=f"community.announcement:{pk}")
    return announcement


def topic_or_404(request: HttpRequest, pk: int) -> CafeTopic:
    topic = CafeTopic.objects.filter(pk=pk).first()
    if topic is None:
        raise audit_denied(request, what=f"community.cafetopic:{pk}")
    return topic


def post_or_404(request: HttpRequest, pk: int) -> CafePost:
    post = CafePost.objects.select_related("topic", "author__member").filter(pk=pk).first()
    if post is None:
        raise audit_denied(request, what=f"community.cafepost:{pk}")
    return post
