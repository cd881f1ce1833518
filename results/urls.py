"""Pages of results."""

app_name = "results"

urlpatterns: list = []
