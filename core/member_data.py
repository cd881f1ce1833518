"""A registry through which every app contributes to a member's data export and erasure.

`core` imports no domain app; each app registers its own parts in `AppConfig.ready()`, so a
new app cannot forget the member's rights without its tests noticing (see test_member_data).
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

Exporter = Callable[[Any], Any]
Eraser = Callable[..., None]


@dataclass(frozen=True)
class MemberDataSection:
    key: str
    export: Exporter
    erase: Eraser


_sections: dict[str, MemberDataSection] = {}


def register(*, key: str, export: Exporter, erase: Eraser) -> None:
    """Register how one app exports and erases a member's data.

    `export(user)` returns JSON-serialisable data; `erase(user, contributions=bool)` removes
    identity links and, when `contributions` is true, the member's own content too.
    """
    _sections[key] = MemberDataSection(key=key, export=export, erase=erase)


def sections() -> list[MemberDataSection]:
    return list(_sections.values())
