import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def english():
    """The kinds' messages and labels are checked in English."""
    with translation.override("en"):
        yield
