"""Fetch community objects for the person asking; anything out of reach is a logged 404."""

from django.http import HttpRequest

from audit.services import audit_denied

from .models import Announcement, CafePost, CafeTopic, ThemeSuggestion


def suggestion_or_404(request: HttpRequest, pk: int, *, own: bool = False) -> ThemeSuggestion:
    suggestion = ThemeSuggestion.objects.with_support(request.user).filter(pk=pk).first()
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
