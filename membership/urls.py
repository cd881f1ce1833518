"""Pages of membership."""

app_name = "membership"

urlpatterns: list = []
