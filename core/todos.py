"""What waits for a staff member: the to-do list at the top of the staff home.

`core` cannot count proposals, reports or support requests itself (it imports no domain app), so
each app registers a provider in its `AppConfig.ready()`: a function of the signed-in staff member
that returns what waits for them, scoped to what their role may act on. A provider costs one or two
COUNT queries, so the staff home stays cheap however much waits.
"""

from collections.abc import Callable
from dataclasses import dataclass
from enum import IntEnum
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    # A typing-only alias that django-stubs reads as settings.AUTH_USER_MODEL: no import of `accounts`.
    from django.contrib.auth.models import _User


class Urgency(IntEnum):
    """How soon an item needs the staff member; the list shows the most urgent first."""

    URGENT = 0  # a deadline within days: a period about to close
    WAITING = 1  # someone waits for an answer or a decision
    INFO = 2  # worth a look, nothing is late


@dataclass(frozen=True)
class TodoItem:
    label: str  # a whole sentence in the active language, the count included
    count: int  # what the item is about; an item with nothing to count is not shown
    url: str
    urgency: Urgency = Urgency.WAITING

    @property
    def is_urgent(self) -> bool:
        return self.urgency == Urgency.URGENT


TodoProvider = Callable[["_User"], list[TodoItem]]

_providers: dict[str, tuple[int, TodoProvider]] = {}


def register_todo_provider(*, key: str, provider: TodoProvider, order: int = 100) -> None:
    """Add `provider(user)` to the staff home's to-do list; registering a key again replaces it."""
    _providers[key] = (order, provider)


def todos_for(user: "_User") -> list[TodoItem]:
    """Everything that waits for this staff member, most urgent first, then in the providers' order."""
    items = [
        item
        for _order, provider in sorted(_providers.values(), key=lambda entry: entry[0])
        for item in provider(user)
        if item.count > 0
    ]
    return sorted(items, key=lambda item: item.urgency)
