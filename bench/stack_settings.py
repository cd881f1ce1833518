"""The production settings for a throwaway stack (bench.stack): only the folders differ.

Collected static files and outgoing mail go to the stack's own folder (STACK_DIR), so a benchmark or a
test can serve the app with DEBUG off, count the emails every process sent, and leave nothing behind.
"""

import os
from pathlib import Path

from prototyypit.settings import *  # noqa: F403

STACK_DIR = Path(os.environ["STACK_DIR"])
STATIC_ROOT = STACK_DIR / "static"
MEDIA_ROOT = STACK_DIR / "media"
EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
EMAIL_FILE_PATH = STACK_DIR / "mail"
