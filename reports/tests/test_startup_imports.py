"""Starting Django does not load scikit-learn: the text analysis imports it when it first runs."""

import subprocess
import sys

from django.conf import settings


def test_django_starts_without_scikit_learn():
    script = "import sys, django; django.setup(); print('sklearn' in sys.modules)"
    done = subprocess.run(  # noqa: S603 (this interpreter, a fixed script)
        [sys.executable, "-c", script],
        cwd=settings.BASE_DIR,
        env={"DJANGO_SETTINGS_MODULE": "prototyypit.settings", "TESTING": "1", "PATH": ""},
        capture_output=True,
        text=True,
        check=True,
    )
    assert done.stdout.strip() == "False"
