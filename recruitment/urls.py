from django.urls import path

from .views import public, quotas, staff

app_name = "recruitment"
urlpatterns = [
    path("join/", public.campaign, name="campaign"),
    path("join/quiz/", public.quiz, name="quiz"),
    path("join/quiz/<slug:slug>/", public.quiz_result_view, name="quiz_result"),
    path("join/kiosk/", public.quiz, {"kiosk": True}, name="kiosk"),
    path("join/kiosk/<slug:slug>/", public.quiz_result_view, {"kiosk": True}, name="kiosk_result"),
    path("join/subscribe/", public.subscribe, name="subscribe"),
    path("join/round/<slug:slug>/", public.round_detail, name="round"),
    path("join/round/<slug:slug>/apply/", public.apply, name="apply"),
    path("join/round/<slug:slug>/thanks/", public.applied, name="applied"),
    # Staff
    path("staff/recruitment/", staff.round_list, name="round_list"),
    path("staff/recruitment/new/", staff.round_edit, name="round_create"),
    path("staff/recruitment/<int:pk>/", staff.round_staff_detail, name="round_staff"),
    path("staff/recruitment/<int:pk>/edit/", staff.round_edit, name="round_edit"),
    path("staff/recruitment/<int:pk>/applicants/", staff.applicant_list, name="applicants"),
    path("staff/recruitment/<int:pk>/applicants.csv", staff.applicants_csv, name="applicants_csv"),
    path("staff/recruitment/<int:pk>/comparison/", staff.comparison, name="comparison"),
    path("staff/recruitment/<int:pk>/quotas/", quotas.quotas, name="quotas"),
]
