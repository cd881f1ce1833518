"""How core's own events reach the audit log: `audit` registers its recorder at start-up.

`core` imports no domain app, so it cannot write an audit record itself; the `audit` app (one layer
up) plugs its `audit_record` in here in `AppConfig.ready()`.
"""

from collections.abc import Callable
from typing import Any

Recorder = Callable[..., Any]

_recorders: list[Recorder] = []


def register_recorder(recorder: Recorder) -> None:
    """Register `recorder(actor=, action=, obj=, detail=)`; core calls it for each of its events."""
    if recorder not in _recorders:
        _recorders.append(recorder)


def event_record(*, action: str, actor: Any = None, obj: Any = None, detail: dict | None = None) -> None:
    """Write one of core's events (`action` is an audit action, e.g. "backup_made") to the audit log."""
    if not _recorders:
        # An event that must be logged is never dropped quietly: without the audit app, refuse.
        raise RuntimeError("no audit recorder is registered (is the audit app installed?)")
    for recorder in _recorders:
        recorder(actor=actor, action=action, obj=obj, detail=detail)
