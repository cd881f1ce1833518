"""Starting Django does not load scikit-learn or reportlab: the code that needs them imports them on first use."""

import subprocess
import sys

import pytest
from django.conf import settings


@pytest.mark.parametrize("library", ["sklearn", "reportlab"])
def test_django_starts_without_the_heavy_library(library):
    script = f"import sys, django; django.setup(); print({library!r} in sys.modules)"
    done = subprocess.run(  # noqa: S603 (this interpreter, a fixed script)
        [sys.executable, "-c", script],
        cwd=settings.BASE_DIR,
        env={"DJANGO_SETTINGS_MODULE": "prototyypit.settings", "TESTING": "1", "PATH": ""},
        capture_output=True,
        text=True,
        check=True,
    )
    assert done.stdout.strip() == "False"
