from .quiz import DeveloperType, QuizOption, QuizQuestion
from .rounds import (
    Application,
    ApplicationStatus,
    NextRoundSubscription,
    PopulationFigure,
    RecruitmentRound,
    ServiceUsed,
)
from .selection import Quota, SelectionOverride, SelectionRun

__all__ = [
    "Application",
    "ApplicationStatus",
    "DeveloperType",
    "NextRoundSubscription",
    "PopulationFigure",
    "QuizOption",
    "QuizQuestion",
    "Quota",
    "RecruitmentRound",
    "SelectionOverride",
    "SelectionRun",
    "ServiceUsed",
]
