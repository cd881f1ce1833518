from django.urls import path

from .views import exchange, public, quiz_content, quotas, reserve, selection, staff

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
    path("join/reserve/<str:token>/", reserve.reserve_consent, name="reserve_consent"),
    # Staff
    path("staff/recruitment/", staff.round_list, name="round_list"),
    path("staff/recruitment/new/", staff.round_edit, name="round_create"),
    path("staff/recruitment/quiz/", quiz_content.quiz_content, name="quiz_content"),
    path("staff/recruitment/population/", staff.population, name="population"),
    path("staff/recruitment/quiz/types/<int:pk>/", quiz_content.type_edit, name="quiz_type_edit"),
    path("staff/recruitment/quiz/questions/<int:pk>/", quiz_content.question_edit, name="quiz_question_edit"),
    path("staff/recruitment/<int:pk>/", staff.round_staff_detail, name="round_staff"),
    path("staff/recruitment/<int:pk>/edit/", staff.round_edit, name="round_edit"),
    path("staff/recruitment/<int:pk>/applicants/", staff.applicant_list, name="applicants"),
    path("staff/recruitment/<int:pk>/applicants.csv", staff.applicants_csv, name="applicants_csv"),
    path("staff/recruitment/<int:pk>/comparison/", staff.comparison, name="comparison"),
    path("staff/recruitment/<int:pk>/quotas/", quotas.quotas, name="quotas"),
    path("staff/recruitment/<int:pk>/features.csv", exchange.export_features, name="export_features"),
    path("staff/recruitment/<int:pk>/people.csv", exchange.export_people, name="export_people"),
    path("staff/recruitment/<int:pk>/import/", exchange.import_pool, name="import_pool"),
    path("staff/recruitment/<int:pk>/selection/", selection.selection, name="selection"),
    path("staff/recruitment/<int:pk>/selection/start/", selection.start, name="selection_start"),
    path("staff/recruitment/<int:pk>/selection/<int:run_pk>/retry/", selection.retry, name="selection_retry"),
    path("staff/recruitment/<int:pk>/selection/<int:run_pk>/draw/", selection.draw, name="selection_draw"),
    path("staff/recruitment/<int:pk>/selection/<int:run_pk>/invite/", selection.invite, name="selection_invite"),
    path("staff/recruitment/<int:pk>/selection/<int:run_pk>/lottery.json", selection.panels, name="selection_panels"),
    path(
        "staff/recruitment/<int:pk>/applicants/<int:application_pk>/override/",
        selection.override,
        name="selection_override",
    ),
]
