"""Staff pages of reports, under /<lang>/staff/reports/."""

from django.urls import path

from .views import answers, exports, pages, quotes, themes

app_name = "reports"

urlpatterns = [
    path("staff/reports/", pages.report_list, name="list"),
    path("staff/reports/<int:period_id>/", pages.report_detail, name="detail"),
    path("staff/reports/<int:period_id>/edit/", pages.report_edit, name="edit"),
    path("staff/reports/<int:period_id>/build/", pages.report_build, name="build"),
    path("staff/reports/<int:period_id>/build/retry/", pages.build_retry, name="build_retry"),
    path("staff/reports/<int:period_id>/publish/", pages.report_publish, name="publish"),
    path("staff/reports/<int:period_id>/findings/", pages.finding_create, name="finding_create"),
    path("staff/reports/<int:period_id>/deliver/", pages.report_deliver, name="deliver"),
    path("staff/reports/<int:period_id>/answers/", answers.report_answers, name="answers"),
    path("staff/reports/<int:period_id>/answers/filter/", answers.answer_filter_set, name="answer_filter"),
    path("staff/reports/<int:period_id>/codes/", answers.code_create, name="code_create"),
    path("staff/reports/<int:period_id>/coding/", answers.answer_code, name="answer_code"),
    path("staff/reports/<int:period_id>/coding/remove/", answers.answer_uncode, name="answer_uncode"),
    path("staff/reports/<int:period_id>/suggestions/accept/", answers.suggestion_accept, name="suggestion_accept"),
    path("staff/reports/<int:period_id>/quotes/add/", quotes.quote_add, name="quote_add"),
    path("staff/reports/<int:period_id>/quotes/<int:quote_id>/", quotes.quote_edit, name="quote_edit"),
    path("staff/reports/<int:period_id>/quotes/<int:quote_id>/delete/", quotes.quote_delete, name="quote_delete"),
    path("staff/reports/<int:period_id>/themes/", themes.report_themes, name="themes"),
    path("staff/reports/<int:period_id>/themes/edit/", themes.theme_edit, name="theme_edit"),
    path("staff/reports/<int:period_id>/report.csv", exports.report_export, {"fmt": "csv"}, name="export_csv"),
    path("staff/reports/<int:period_id>/report.xlsx", exports.report_export, {"fmt": "xlsx"}, name="export_xlsx"),
    path("staff/reports/<int:period_id>/report.pdf", exports.report_export, {"fmt": "pdf"}, name="export_pdf"),
]
