"""Staff pages of periods, under /<lang>/staff/periods/."""

from django.urls import path

from .views import staff_answers, staff_periods, staff_questions, staff_tasks

P = "<int:period_id>/"
T = P + "tasks/<int:task_id>/"
Q = T + "questions/<int:question_id>/"

urlpatterns: list = [
    path("", staff_periods.period_list, name="staff_period_list"),
    path("new/", staff_periods.period_create_view, name="staff_period_create"),
    path("approvals/", staff_periods.approvals, name="staff_approvals"),
    path(P, staff_periods.period_detail, name="staff_period_detail"),
    path(P + "edit/", staff_periods.period_edit, name="staff_period_edit"),
    path(P + "review/", staff_periods.period_review_view, name="staff_period_review"),
    path(P + "publish/", staff_periods.period_publish_view, name="staff_period_publish"),
    path(P + "unpublish/", staff_periods.period_unpublish_view, name="staff_period_unpublish"),
    path(P + "duplicate/", staff_periods.period_duplicate_view, name="staff_period_duplicate"),
    path(P + "live/", staff_answers.period_live, name="staff_period_live"),
    path(P + "probes/", staff_answers.probe_list, name="staff_probe_list"),
    path(P + "posts/<int:post_id>/hide/", staff_answers.post_hide_view, name="staff_post_hide"),
    path(P + "posts/<int:post_id>/unhide/", staff_answers.post_unhide_view, name="staff_post_unhide"),
    path(P + "tasks/new/", staff_tasks.task_create, name="staff_task_create"),
    path(T, staff_tasks.task_detail, name="staff_task_detail"),
    path(T + "edit/", staff_tasks.task_edit, name="staff_task_edit"),
    path(T + "delete/", staff_tasks.task_delete_view, name="staff_task_delete"),
    path(T + "move/", staff_tasks.task_move_view, name="staff_task_move"),
    path(T + "review/", staff_tasks.task_review_view, name="staff_task_review"),
    path(T + "duplicate/", staff_tasks.task_duplicate_view, name="staff_task_duplicate"),
    path(T + "preview/", staff_tasks.task_preview, name="staff_task_preview"),
    path(T + "answers/", staff_answers.task_answers, name="staff_task_answers"),
    path(T + "probe/", staff_answers.probe_create_view, name="staff_probe_create"),
    path(T + "notes/", staff_answers.note_create_view, name="staff_note_create"),
    path(T + "statements/new/", staff_tasks.statement_create_view, name="staff_statement_create"),
    path(
        T + "statements/<int:statement_id>/review/",
        staff_tasks.statement_review_view,
        name="staff_statement_review",
    ),
    path(T + "questions/new/", staff_questions.question_edit, name="staff_question_create"),
    path(Q + "edit/", staff_questions.question_edit, name="staff_question_edit"),
    path(Q + "delete/", staff_questions.question_delete_view, name="staff_question_delete"),
    path(Q + "move/", staff_questions.question_move_view, name="staff_question_move"),
]
