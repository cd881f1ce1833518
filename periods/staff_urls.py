"""Staff pages of periods, under /<lang>/staff/periods/."""

urlpatterns: list = []
