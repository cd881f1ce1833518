"""Member pages: announcements, theme suggestions and the discussion area (*kahvihuone*)."""

from django.contrib import messages
from django.db.models import Count, Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from core.access import member_required
from core.pagination import paginate

from ..access import announcement_or_404, post_or_404, suggestion_or_404, topic_or_404
from ..forms import PostForm, ReportForm, SuggestionForm, TopicForm
from ..models import Announcement, CafePost, CafeTopic, SuggestionStatus, ThemeSuggestion
from ..services import (
    CommunityError,
    post_create,
    post_report,
    suggestion_create,
    suggestion_withdraw,
    support_toggle,
    topic_create,
)

PANEL_ANNOUNCEMENTS = 3


def member_home_panel(request: HttpRequest) -> dict:
    """Context of the community panel on the member's home page: the latest announcements."""
    return {"announcements": list(Announcement.objects.published()[:PANEL_ANNOUNCEMENTS])}


# Announcements ------------------------------------------------------------------------------------


@never_cache
@require_http_methods(["GET"])
@member_required
def announcement_list(request: HttpRequest) -> HttpResponse:
    page = paginate(request, Announcement.objects.published(), per_page=10)
    return render(request, "community/announcement_list.html", {"page": page})


@never_cache
@require_http_methods(["GET"])
@member_required
def announcement_detail(request: HttpRequest, pk: int) -> HttpResponse:
    announcement = announcement_or_404(request, pk, public=False)
    return render(request, "community/announcement_detail.html", {"announcement": announcement})


# Theme suggestions --------------------------------------------------------------------------------


@never_cache
@require_http_methods(["GET", "POST"])
@member_required
def suggestion_list(request: HttpRequest) -> HttpResponse:
    form = SuggestionForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            suggestion_create(member=request.user, **form.cleaned_data)
        except CommunityError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Thank you! Your suggestion is now in review."))
            return redirect("community:suggestion_list")
    status = request.GET.get("status", "")
    suggestions = ThemeSuggestion.objects.with_support(request.user)
    if status in SuggestionStatus.values:
        suggestions = suggestions.filter(status=status)
    page = paginate(request, suggestions)
    return render(
        request,
        "community/suggestion_list.html",
        {"form": form, "page": page, "status": status, "statuses": SuggestionStatus.choices},
        status=400 if form.errors else 200,
    )


@never_cache
@require_http_methods(["GET"])
@member_required
def suggestion_detail(request: HttpRequest, pk: int) -> HttpResponse:
    suggestion = suggestion_or_404(request, pk)
    return render(request, "community/suggestion_detail.html", {"suggestion": suggestion})


@require_POST
@member_required
def suggestion_support(request: HttpRequest, pk: int) -> HttpResponse:
    suggestion = suggestion_or_404(request, pk)
    try:
        supported = support_toggle(member=request.user, suggestion=suggestion)
    except CommunityError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("You support this theme.") if supported else _("You took your support back."))
    return redirect("community:suggestion_detail", pk=pk)


@require_POST
@member_required
def suggestion_withdraw_view(request: HttpRequest, pk: int) -> HttpResponse:
    suggestion = suggestion_or_404(request, pk, own=True)
    try:
        suggestion_withdraw(member=request.user, suggestion=suggestion)
    except CommunityError as error:
        messages.error(request, str(error))
        return redirect("community:suggestion_detail", pk=pk)
    messages.success(request, _("Your suggestion was withdrawn."))
    return redirect("community:suggestion_list")


# The discussion area ------------------------------------------------------------------------------


@never_cache
@require_http_methods(["GET", "POST"])
@member_required
def cafe(request: HttpRequest) -> HttpResponse:
    form = TopicForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            topic = topic_create(member=request.user, **form.cleaned_data)
        except CommunityError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Your topic was started."))
            return redirect("community:cafe_topic", pk=topic.pk)
    topics = (
        CafeTopic.objects.select_related("started_by__member")
        .annotate(post_count=Count("posts"))
        .order_by("-last_post_at", "-pk")
    )
    return render(
        request,
        "community/cafe.html",
        {"form": form, "page": paginate(request, topics)},
        status=400 if form.errors else 200,
    )


def _topic_render(request: HttpRequest, topic: CafeTopic, form: PostForm, parent: CafePost | None) -> HttpResponse:
    replies = CafePost.objects.select_related("author__member")
    posts = (
        CafePost.objects.filter(topic=topic, parent__isnull=True)
        .select_related("author__member")
        .prefetch_related(Prefetch("replies", queryset=replies))
    )
    return render(
        request,
        "community/cafe_topic.html",
        {"topic": topic, "page": paginate(request, posts, per_page=20), "form": form, "parent": parent},
        status=400 if form.errors else 200,
    )


def _parent_in(topic: CafeTopic, raw: str | None) -> CafePost | None:
    """The post replied to: a visible top-level post of this topic, or None (replies stay one level deep)."""
    if not raw or not raw.isdigit():
        return None
    return (
        CafePost.objects.select_related("author__member")
        .filter(pk=int(raw), topic=topic, parent__isnull=True, hidden_at__isnull=True)
        .first()
    )


@never_cache
@require_http_methods(["GET"])
@member_required
def cafe_topic(request: HttpRequest, pk: int) -> HttpResponse:
    topic = topic_or_404(request, pk)
    return _topic_render(request, topic, PostForm(), _parent_in(topic, request.GET.get("reply")))


@require_POST
@member_required
def cafe_post(request: HttpRequest, pk: int) -> HttpResponse:
    topic = topic_or_404(request, pk)
    parent = _parent_in(topic, request.POST.get("parent"))
    form = PostForm(request.POST)
    if form.is_valid():
        try:
            post = post_create(member=request.user, topic=topic, text=form.cleaned_data["text"], parent=parent)
        except CommunityError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Your post was published."))
            return redirect(reverse("community:cafe_topic", args=[topic.pk]) + f"#post-{post.pk}")
    return _topic_render(request, topic, form, parent)


@never_cache
@require_http_methods(["GET", "POST"])
@member_required
def cafe_report(request: HttpRequest, pk: int) -> HttpResponse:
    post = post_or_404(request, pk)
    form = ReportForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            post_report(reporter=request.user, post=post, reason=form.cleaned_data["reason"])
        except CommunityError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Thank you. The moderators will look at the post."))
            return redirect("community:cafe_topic", pk=post.topic_id)
    return render(
        request, "community/cafe_report.html", {"post": post, "form": form}, status=400 if form.errors else 200
    )
