"""Pages of results: the public results site under /<lang>/results/, open to anyone."""

from django.urls import path

from . import views
from .feeds import ResultsFeed

app_name = "results"

urlpatterns: list = [
    path("results/", views.index, name="index"),
    path("results/share.png", views.index_share, name="index_share"),
    path("results/period/<int:pk>/", views.period_detail, name="period_detail"),
    path("results/period/<int:pk>/share.png", views.period_share, name="period_share"),
    path("results/actions/", views.action_list, name="action_list"),
    path("results/actions/<int:pk>/", views.action_detail, name="action_detail"),
    path("results/actions/<int:pk>/share.png", views.action_share, name="action_share"),
    path("results/statistics/", views.statistics, name="statistics"),
    path("results/feed.atom", ResultsFeed(), name="feed"),
    path("results/open-data/", views.open_data, name="open_data"),
    path("results/open-data/statistics.csv", views.statistics_csv, name="statistics_csv"),
    path("results/open-data/statistics.json", views.statistics_json, name="statistics_json"),
    path("results/open-data/actions.csv", views.actions_csv, name="actions_csv"),
    path("results/open-data/actions.json", views.actions_json, name="actions_json"),
]
