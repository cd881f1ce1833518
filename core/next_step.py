"""The one next step a staff page offers at the top: which stage the work is at and what to do."""

from dataclasses import dataclass


@dataclass(frozen=True)
class NextStep:
    """A stage of the loop (a stable name for tests), what it means, and the action's link if the user may act."""

    stage: str
    label: str
    url: str = ""
    action: str = ""
