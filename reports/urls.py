"""Staff pages of reports, under /<lang>/staff/reports/."""

from django.urls import path

from . import views

app_name = "reports"

urlpatterns = [
    path("staff/reports/", views.report_list, name="list"),
    path("staff/reports/<int:period_id>/", views.report_detail, name="detail"),
    path("staff/reports/<int:period_id>/edit/", views.report_edit, name="edit"),
    path("staff/reports/<int:period_id>/findings/", views.finding_create, name="finding_create"),
    path("staff/reports/<int:period_id>/deliver/", views.report_deliver, name="deliver"),
    path("staff/reports/<int:period_id>/answers/", views.report_answers, name="answers"),
    path("staff/reports/<int:period_id>/codes/", views.code_create, name="code_create"),
    path("staff/reports/<int:period_id>/coding/", views.answer_code, name="answer_code"),
    path("staff/reports/<int:period_id>/report.csv", views.report_export, {"fmt": "csv"}, name="export_csv"),
    path("staff/reports/<int:period_id>/report.xlsx", views.report_export, {"fmt": "xlsx"}, name="export_xlsx"),
]
