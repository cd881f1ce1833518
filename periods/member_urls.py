"""Member pages of periods, under /<lang>/periods/."""

urlpatterns: list = []
