"""Settings for the test suite: the production settings with test-only speed-ups."""

import os

os.environ.setdefault("TESTING", "1")

from .settings import *  # noqa: F403

# Argon2 is deliberately slow; tests that check hashing use the production list explicitly.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
SITE_URL = "http://testserver"
