"""Logs that operators can search: one JSON object a line, each with the id of the request it belongs to.

No Django here: settings.py and deploy/gunicorn.conf.py build their logging from this module before
Django is set up. Log lines carry paths, status codes and durations, never request
bodies, answers, passwords or email addresses.
"""

import logging
import re
import uuid
from contextvars import ContextVar

from pythonjsonlogger.core import RESERVED_ATTRS

# The id of the request this thread is serving; "-" outside a request (worker, scheduler, start-up).
request_id: ContextVar[str] = ContextVar("request_id", default="-")

# What a proxy may hand us: a UUID, a hex or base64url token, or a load balancer's dotted id.
_SANE_REQUEST_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._:+=-]{7,127}")


def request_id_accept(header: str | None, *, trust_header: bool) -> str:
    """The incoming id when a trusted proxy sent a sane one, or a new random one."""
    if trust_header and header and _SANE_REQUEST_ID.fullmatch(header):
        return header
    return uuid.uuid4().hex


class RequestIdFilter(logging.Filter):
    """Put the current request id on every record (a record may already carry one, as gunicorn's do)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not getattr(record, "request_id", None):
            record.request_id = request_id.get()
        return True


class GunicornAccessFilter(logging.Filter):
    """Turn gunicorn's access-log atoms into fields; the request id is the one the app answered with."""

    def filter(self, record: logging.LogRecord) -> bool:
        atoms = record.args
        if isinstance(atoms, dict):
            record.request_id = atoms.get("{x-request-id}o") or "-"
            record.method = atoms.get("m")
            # The path without the query string, which may carry an address or a token.
            record.path = atoms.get("U")
            record.status = int(atoms["s"]) if str(atoms.get("s", "")).isdigit() else atoms.get("s")
            record.duration_ms = atoms.get("M")
            record.response_bytes = atoms.get("B")
        return True


# The access-log message gunicorn formats from its atoms; the fields above carry the same, typed.
GUNICORN_ACCESS_FORMAT = "%(m)s %(U)s %(s)s %(M)sms"

_TEXT_FORMAT = "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"
_JSON_FIELDS = ["levelname", "name", "message", "request_id", "process"]
# Django attaches the request to its error records; its repr has the query string, which may hold an address.
_NOT_LOGGED = [*RESERVED_ATTRS, "request"]


def logging_config(*, log_format: str, level: str) -> dict:
    """The logging dictConfig of the app, its worker and scheduler, and gunicorn (master and workers)."""
    if log_format not in {"json", "text"}:
        raise ValueError(f"LOG_FORMAT must be json or text, not {log_format!r}")
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {
            "request_id": {"()": RequestIdFilter},
            "gunicorn_access": {"()": GunicornAccessFilter},
        },
        "formatters": {
            "text": {"format": _TEXT_FORMAT},
            "json": {
                "()": "pythonjsonlogger.json.JsonFormatter",
                "fmt": _JSON_FIELDS,
                "rename_fields": {"levelname": "level", "name": "logger"},
                "reserved_attrs": _NOT_LOGGED,
                # UTC in ISO 8601, the same in every process whatever its time zone.
                "timestamp": "time",
            },
        },
        "handlers": {
            "console": {"class": "logging.StreamHandler", "formatter": log_format, "filters": ["request_id"]},
        },
        "root": {"handlers": ["console"], "level": level},
        "loggers": {
            # Request bodies never reach the logs: Django logs only the path on errors.
            "django.request": {"level": "ERROR"},
            # SQL with its parameters (answers, addresses) is never logged, whatever LOG_LEVEL says.
            "django.db.backends": {"level": "INFO"},
            "axes": {"level": "WARNING"},
            "gunicorn.error": {"level": "INFO", "handlers": ["console"], "propagate": False},
            "gunicorn.access": {
                "level": "INFO",
                "handlers": ["console"],
                "filters": ["gunicorn_access"],
                "propagate": False,
            },
        },
    }
