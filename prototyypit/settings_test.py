"""Settings for the test suite: the production settings with test-only speed-ups."""

import os

os.environ.setdefault("TESTING", "1")

from .settings import *  # noqa: F403

# Argon2 is deliberately slow; tests that check hashing use the production list explicitly.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
# The embedding model is loaded only by the tests that turn this on.
REPORTS_ANALYSE_ON_SAVE = False
CACHES = {**CACHES, "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}  # noqa: F405
SITE_URL = "http://testserver"
