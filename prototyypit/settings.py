"""Settings for Prototyypit, read from environment variables.

Every variable is declared here once, with its type and default, so this file is the
schema of the deployment. Defaults are safe for production except where DEBUG says.
"""

import os
from datetime import timedelta
from pathlib import Path
from typing import Any

import dj_database_url
from django.utils.translation import gettext_lazy as _

from core.request_log import logging_config

BASE_DIR = Path(__file__).resolve().parent.parent


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    return default if value in (None, "") else int(value)


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", False)
TESTING = env_bool("TESTING", False)

SECRET_KEY = env_str("SECRET_KEY")
if not SECRET_KEY:
    if not (DEBUG or TESTING):
        raise RuntimeError("Set SECRET_KEY (a long random string) when DEBUG is off.")
    # Only with DEBUG or TESTING on: production refuses to start without its own key (just above).
    SECRET_KEY = "insecure-development-key-only-for-debug-and-tests-0123456789abcdef"  # noqa: S105  # nosec B105
SECRET_KEY_FALLBACKS = env_list("SECRET_KEY_FALLBACKS")

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost" if (DEBUG or TESTING) else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
    "csp",
    "django_tasks",
    "django_tasks_db",
    # Our apps, in dependency order: later ones may import earlier ones, never the reverse.
    "core",
    "audit",
    "organisations",
    "accounts",
    "recruitment",
    "notifications",
    "periods",
    "reports",
    "impact",
    "support",
    "community",
    "results",
    "membership",
]

MIDDLEWARE = [
    # First, so that every later middleware's log lines and responses carry the request id.
    "core.middleware.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "core.middleware.SecurityHeadersMiddleware",
    "accounts.middleware.CurrentTermsMiddleware",
    # Axes last, as its documentation asks: it turns lockouts into a response.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "prototyypit.urls"
FORM_RENDERER = "core.forms.FormRenderer"
WSGI_APPLICATION = "prototyypit.wsgi.application"

TEMPLATES: list[dict[str, Any]] = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "core.context_processors.site",
                "notifications.context_processors.unread_notifications",
            ],
        },
    },
]

# SQLite by default (zero set-up); PostgreSQL in production through DATABASE_URL.
DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=env_int("DB_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
# The server's threads, the worker and the scheduler write to SQLite at once. WAL lets reads go on
# during a write; IMMEDIATE takes the write lock at BEGIN, so a transaction never fails upgrading a
# read lock (SQLite cannot wait there); the timeout (seconds) is how long a writer waits for the lock.
SQLITE_OPTIONS = {
    "transaction_mode": "IMMEDIATE",
    "timeout": env_int("SQLITE_TIMEOUT", 20),
    "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL",
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = SQLITE_OPTIONS
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# A shared cache is needed when several app processes run (lockout counters, throttles).
CACHES = {
    "default": (
        {"BACKEND": "core.cache.RedisCache", "LOCATION": env_str("REDIS_URL")}
        if env_str("REDIS_URL")
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    ),
    # In each process's memory, for HTML fragments keyed by everything they depend on (such as the blank
    # application form per language and round): none can go stale, and reading one costs no round trip.
    "local": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "fragments"},
}

# With a shared cache, sessions are read from it (written through to the database), sparing a query on
# every request. A process-local cache would keep a logged-out session alive in the other processes.
SESSION_ENGINE = "django.contrib.sessions.backends." + ("cached_db" if env_str("REDIS_URL") else "db")

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "accounts.validators.MaximumLengthValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "accounts:home"
PASSWORD_RESET_TIMEOUT = env_int("PASSWORD_RESET_TIMEOUT", 60 * 60 * 2)
INVITATION_VALID_DAYS = env_int("INVITATION_VALID_DAYS", 14)
# How long a departed member's identity is kept before the retention job erases it.
LEFT_MEMBER_RETENTION_DAYS = env_int("LEFT_MEMBER_RETENTION_DAYS", 30)
# Applicants not selected (and not on the reserve list) are deleted this long after a round closes.
APPLICANT_RETENTION_DAYS = env_int("APPLICANT_RETENTION_DAYS", 183)
# Applicants who agreed to stay on the reserve list are deleted this long after the round closes.
RESERVE_RETENTION_DAYS = env_int("RESERVE_RETENTION_DAYS", 730)
# A form posted after the session expired waits this long for its member to log in again.
PENDING_DRAFT_RETENTION_DAYS = env_int("PENDING_DRAFT_RETENTION_DAYS", 30)
# Unsent drafts are cleared this long after their period closed (sent answers stay).
DRAFT_RETENTION_DAYS = env_int("DRAFT_RETENTION_DAYS", 90)

# Lockout: the username+IP pair, so nobody can lock a victim out from elsewhere.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("AXES_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_USERNAME_FORM_FIELD = "username"
# Case variants of one address count as one username, so they cannot multiply the attempts.
AXES_USERNAME_CALLABLE = "accounts.lockout.lockout_username"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/login_locked.html"
AXES_ENABLE_ACCESS_FAILURE_LOG = False
# The client's address honours PROXY_COUNT (core.throttle.request_ip), as the throttles do.
AXES_CLIENT_IP_CALLABLE = "core.throttle.request_ip"
AXES_VERBOSE = False

OTP_TOTP_ISSUER = env_str("SITE_NAME", "Prototyypit")

SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 60 * 60 * 4)
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
CSRF_FAILURE_VIEW = "core.views.csrf_failure"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
HTTPS = env_bool("HTTPS", not (DEBUG or TESTING))
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
LANGUAGE_COOKIE_SECURE = HTTPS
LANGUAGE_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_HTTPONLY = True
SECURE_SSL_REDIRECT = HTTPS
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 60 * 60 * 24 * 365)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
# Trusted reverse proxies in front: client addresses come from X-Forwarded-For, HTTPS from X-Forwarded-Proto.
PROXY_COUNT = env_int("PROXY_COUNT", 0)
if PROXY_COUNT:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
    }
}

LANGUAGE_CODE = "fi"
LANGUAGES = [("fi", _("Finnish")), ("sv", _("Swedish")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Helsinki"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if (DEBUG or TESTING)
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(BASE_DIR / "media")))

EMAIL_BACKEND = env_str(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend" if DEBUG else "django.core.mail.backends.smtp.EmailBackend",
)
# Where the file-based backend writes messages (make prod-demo uses it instead of sending).
EMAIL_FILE_PATH = env_str("EMAIL_FILE_PATH", str(BASE_DIR / "sent-emails"))
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Prototyypit <noreply@example.fi>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# One task API: run in-process by default, through the database queue in production
# (TASKS_BACKEND=database, with `manage.py worker` running).
TASKS = {
    "default": {
        "BACKEND": (
            "django_tasks_db.DatabaseBackend"
            if env_str("TASKS_BACKEND") == "database"
            else "django_tasks.backends.immediate.ImmediateBackend"
        )
    }
}

# The look of the site: a county sets these to its own name and colours.
SITE_NAME = env_str("SITE_NAME", "Prototyypit")
SITE_LOGO_TEXT = env_str("SITE_LOGO_TEXT", "Prototyypit")
SITE_OWNER = env_str("SITE_OWNER", "Kymenlaakson hyvinvointialue")
SITE_COLOUR_PRIMARY = env_str("SITE_COLOUR_PRIMARY", "#005a78")
SITE_COLOUR_ACCENT = env_str("SITE_COLOUR_ACCENT", "#b3441e")
SUPPORT_EMAIL = env_str("SUPPORT_EMAIL", "prototyypit@example.fi")

# Reports never show a group smaller than this.
ANONYMITY_THRESHOLD = env_int("ANONYMITY_THRESHOLD", 5)
# Uploaded images that declare more pixels than this are refused before decoding: 40 megapixels
# (a 12-megapixel phone photo is far below) take about 160 MB to decode.
UPLOAD_MAX_PIXELS = env_int("UPLOAD_MAX_PIXELS", 40_000_000)
# A membership term; members may renew in its last 60 days.
MEMBERSHIP_TERM_MONTHS = env_int("MEMBERSHIP_TERM_MONTHS", 24)
# Lemmatise and embed each open answer when it is saved (reports.text_service), so report builds
# only cluster stored vectors.
REPORTS_ANALYSE_ON_SAVE = True
# The municipalities of the region, as shown in forms and reports.
REGION_MUNICIPALITIES = env_list("REGION_MUNICIPALITIES", "Hamina,Kotka,Kouvola,Miehikkälä,Pyhtää,Virolahti")

# JSON lines with a request id for log collectors in production; plain text when developing and testing.
LOG_FORMAT = env_str("LOG_FORMAT", "text" if (DEBUG or TESTING) else "json")
LOGGING = logging_config(log_format=LOG_FORMAT, level=env_str("LOG_LEVEL", "INFO"))
