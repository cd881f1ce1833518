"""Member pages of periods, under /<lang>/periods/."""

from django.urls import path

from .views import member, member_actions, member_task

T = "<int:period_id>/tasks/<int:task_id>/"

urlpatterns: list = [
    path("", member.my_periods, name="my_periods"),
    path("answers/", member.my_answers, name="my_answers"),
    path("keepalive/", member_actions.keepalive, name="member_keepalive"),
    path("files/<int:answer_id>/", member_actions.answer_file, name="answer_file"),
    path("probes/<int:probe_id>/reply/", member_actions.probe_reply_view, name="member_probe_reply"),
    path("<int:period_id>/", member.period_detail, name="member_period"),
    path(T, member_task.task_page, name="member_task"),
    path(T + "autosave/", member_actions.autosave, name="member_autosave"),
    path(T + "attachment/", member_actions.task_attachment, name="member_task_attachment"),
    path(T + "vote/", member_actions.vote, name="member_vote"),
    path(T + "statements/add/", member_actions.statement_add, name="member_statement_add"),
    path(T + "posts/<int:post_id>/reply/", member_actions.post_reply, name="member_post_reply"),
    path(T + "posts/<int:post_id>/like/", member_actions.post_like, name="member_post_like"),
    path(T + "posts/<int:post_id>/edit/", member_actions.post_edit_view, name="member_post_edit"),
    path(T + "diary/<int:entry_id>/edit/", member_actions.diary_edit, name="member_diary_edit"),
]
