"""Staff pages: announcements, the review of theme suggestions, and the moderation queue."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Min, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from audit.services import audit_denied
from core.access import manager_required, staff_required
from core.navigation import register_staff_link
from core.pagination import paginate

from ..forms import AnnouncementForm, HideForm, ReviewForm
from ..models import Announcement, CafePost, Report, SuggestionStatus, ThemeSuggestion
from ..permissions import can_manage_community, can_view_suggestions
from ..services import CommunityError, announcement_publish, post_hide, reports_dismiss, suggestion_review


def register_staff_links() -> None:
    """Called from CommunityConfig.ready(): links on the staff home page."""
    register_staff_link(
        url_name="community:staff_announcement_list",
        label=gettext_lazy("Announcements and news"),
        allowed=can_manage_community,
        order=60,
    )
    register_staff_link(
        url_name="community:staff_suggestion_list",
        label=gettext_lazy("Theme suggestions"),
        allowed=can_view_suggestions,
        order=61,
    )
    register_staff_link(
        url_name="community:staff_moderation",
        label=gettext_lazy("Discussion area moderation"),
        allowed=can_manage_community,
        order=62,
    )


def _announcement_or_404(request: HttpRequest, pk: int) -> Announcement:
    announcement = Announcement.objects.filter(pk=pk).first()
    if announcement is None:
        raise audit_denied(request, what=f"community.announcement:{pk}")
    return announcement


# Announcements ------------------------------------------------------------------------------------


@require_http_methods(["GET"])
@manager_required
def announcement_list(request: HttpRequest) -> HttpResponse:
    page = paginate(request, Announcement.objects.order_by("published_at", "-created_at", "-pk"))
    return render(request, "community/staff/announcement_list.html", {"page": page})


@require_http_methods(["GET", "POST"])
@manager_required
def announcement_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    announcement = _announcement_or_404(request, pk) if pk else None
    form = AnnouncementForm(request.POST if request.method == "POST" else None, instance=announcement)
    if request.method == "POST" and form.is_valid():
        # A published text may have gone out by email already: it may be corrected, not re-targeted.
        if announcement is not None and announcement.is_published and "audience" in form.changed_data:
            form.add_error("audience", _("The audience of a published announcement cannot change."))
        else:
            saved = form.save(commit=False)
            saved.updated_at = timezone.now()
            if announcement is None:
                saved.created_by = request.user
            saved.save()
            messages.success(request, _("The announcement was saved."))
            return redirect("community:staff_announcement_list")
    return render(
        request,
        "community/staff/announcement_form.html",
        {"form": form, "announcement": announcement},
        status=400 if form.errors else 200,
    )


@require_POST
@manager_required
def announcement_publish_view(request: HttpRequest, pk: int) -> HttpResponse:
    announcement = _announcement_or_404(request, pk)
    try:
        count = announcement_publish(announcement=announcement, actor=request.user)
    except CommunityError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request, _("The announcement was published; %(count)d members were notified.") % {"count": count}
        )
    return redirect("community:staff_announcement_list")


# Theme suggestions --------------------------------------------------------------------------------


def _suggestions():
    return ThemeSuggestion.objects.select_related("member__member", "period").annotate(
        support_count=Count("supports", distinct=True)
    )


def _require_viewer(request: HttpRequest) -> None:
    if not can_view_suggestions(request.user):
        raise PermissionDenied


@require_http_methods(["GET"])
@staff_required
def suggestion_list(request: HttpRequest) -> HttpResponse:
    _require_viewer(request)
    status = request.GET.get("status", SuggestionStatus.REVIEW)
    suggestions = _suggestions().order_by("-support_count", "-created_at", "-pk")
    if status in SuggestionStatus.values:
        suggestions = suggestions.filter(status=status)
    return render(
        request,
        "community/staff/suggestion_list.html",
        {"page": paginate(request, suggestions), "status": status, "statuses": SuggestionStatus.choices},
    )


@require_http_methods(["GET", "POST"])
@staff_required
def suggestion_detail(request: HttpRequest, pk: int) -> HttpResponse:
    _require_viewer(request)
    suggestion = _suggestions().filter(pk=pk).first()
    if suggestion is None:
        raise audit_denied(request, what=f"community.themesuggestion:{pk}")
    if request.method == "POST" and not can_manage_community(request.user):
        raise PermissionDenied
    form = ReviewForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            suggestion_review(
                suggestion=suggestion,
                actor=request.user,
                status=form.cleaned_data["status"],
                period=form.cleaned_data["period"],
                reason=form.cleaned_data["reason"],
            )
        except CommunityError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The suggestion was reviewed and the member was told."))
            return redirect("community:staff_suggestion_list")
    return render(
        request,
        "community/staff/suggestion_detail.html",
        {"suggestion": suggestion, "form": form, "can_review": can_manage_community(request.user)},
        status=400 if form.errors else 200,
    )


# Moderation ---------------------------------------------------------------------------------------


@require_http_methods(["GET"])
@manager_required
def moderation(request: HttpRequest) -> HttpResponse:
    open_reports = Q(reports__handled_at__isnull=True)
    posts = (
        CafePost.objects.awaiting_moderation()
        .select_related("topic", "author__member")
        .annotate(
            report_count=Count("reports", filter=open_reports),
            first_report=Min("reports__created_at", filter=open_reports),
        )
        .order_by("first_report", "pk")
    )
    return render(request, "community/staff/moderation.html", {"page": paginate(request, posts)})


@require_http_methods(["GET"])
@manager_required
def recent_posts(request: HttpRequest) -> HttpResponse:
    """Every visible post, newest first: moderators need not wait for a report to see the discussion."""
    posts = (
        CafePost.objects.filter(hidden_at__isnull=True)
        .select_related("topic", "author__member")
        .annotate(report_count=Count("reports", filter=Q(reports__handled_at__isnull=True)))
        .order_by("-created_at", "-pk")
    )
    return render(request, "community/staff/recent_posts.html", {"page": paginate(request, posts)})


def _post_or_404(request: HttpRequest, pk: int) -> CafePost:
    post = CafePost.objects.select_related("topic", "author__member").filter(pk=pk).first()
    if post is None:
        raise audit_denied(request, what=f"community.cafepost:{pk}")
    return post


@require_http_methods(["GET", "POST"])
@manager_required
def post_hide_view(request: HttpRequest, pk: int) -> HttpResponse:
    post = _post_or_404(request, pk)
    form = HideForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            post_hide(post=post, actor=request.user, reason=form.cleaned_data["reason"])
        except CommunityError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The post was hidden and its author was told why."))
            return redirect("community:staff_moderation")
    reports = Report.objects.filter(post=post).select_related("reporter__member")
    return render(
        request,
        "community/staff/post_hide.html",
        {"post": post, "form": form, "reports": reports},
        status=400 if form.errors else 200,
    )


@require_POST
@manager_required
def reports_dismiss_view(request: HttpRequest, pk: int) -> HttpResponse:
    post = _post_or_404(request, pk)
    reports_dismiss(post=post)
    messages.success(request, _("The reports were closed and the post stays visible."))
    return redirect("community:staff_moderation")
