"""Pages of community: public news, the members' pages and the staff pages."""

from django.urls import path

from .views import member, public, staff

app_name = "community"

urlpatterns = [
    # Public news
    path("news/", public.news_list, name="news_list"),
    path("news/<int:pk>/", public.news_detail, name="news_detail"),
    # Members
    path("community/announcements/", member.announcement_list, name="announcement_list"),
    path("community/announcements/<int:pk>/", member.announcement_detail, name="announcement_detail"),
    path("community/suggestions/", member.suggestion_list, name="suggestion_list"),
    path("community/suggestions/<int:pk>/", member.suggestion_detail, name="suggestion_detail"),
    path("community/suggestions/<int:pk>/support/", member.suggestion_support, name="suggestion_support"),
    path("community/suggestions/<int:pk>/withdraw/", member.suggestion_withdraw_view, name="suggestion_withdraw"),
    path("community/cafe/", member.cafe, name="cafe"),
    path("community/cafe/<int:pk>/", member.cafe_topic, name="cafe_topic"),
    path("community/cafe/<int:pk>/post/", member.cafe_post, name="cafe_post"),
    path("community/cafe/posts/<int:pk>/report/", member.cafe_report, name="cafe_report"),
    # Staff
    path("staff/community/announcements/", staff.announcement_list, name="staff_announcement_list"),
    path("staff/community/announcements/new/", staff.announcement_edit, name="staff_announcement_create"),
    path("staff/community/announcements/<int:pk>/", staff.announcement_edit, name="staff_announcement_edit"),
    path(
        "staff/community/announcements/<int:pk>/publish/",
        staff.announcement_publish_view,
        name="staff_announcement_publish",
    ),
    path("staff/community/suggestions/", staff.suggestion_list, name="staff_suggestion_list"),
    path("staff/community/suggestions/<int:pk>/", staff.suggestion_detail, name="staff_suggestion_detail"),
    path("staff/community/moderation/", staff.moderation, name="staff_moderation"),
    path("staff/community/posts/", staff.recent_posts, name="staff_recent_posts"),
    path("staff/community/posts/<int:pk>/hide/", staff.post_hide_view, name="staff_post_hide"),
    path("staff/community/posts/<int:pk>/dismiss/", staff.reports_dismiss_view, name="staff_reports_dismiss"),
]
