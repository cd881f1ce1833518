"""Background data: the pseudonymous facts that reports break answers down by."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise


class AgeGroup(models.TextChoices):
    AGE_16_24 = "16-24", "16–24"
    AGE_25_34 = "25-34", "25–34"
    AGE_35_44 = "35-44", "35–44"
    AGE_45_54 = "45-54", "45–54"
    AGE_55_64 = "55-64", "55–64"
    AGE_65_74 = "65-74", "65–74"
    AGE_75_PLUS = "75+", "75+"


# The first and last year of each age group; the last group is open (200 stands for no end).
AGE_GROUP_YEARS: dict[str, tuple[int, int]] = dict(
    zip(AgeGroup.values, [(16, 24), (25, 34), (35, 44), (45, 54), (55, 64), (65, 74), (75, 200)], strict=True)
)


def age_on(birth_date: date, day: date) -> int:
    return day.year - birth_date.year - ((day.month, day.day) < (birth_date.month, birth_date.day))


def age_group_for(birth_date: date, day: date) -> str:
    """The age group of someone born on `birth_date`, on `day`; empty below 16."""
    age = age_on(birth_date, day)
    for group, (low, high) in AGE_GROUP_YEARS.items():
        if low <= age <= high:
            return group
    return ""


class Gender(models.TextChoices):
    FEMALE = "female", _("woman")
    MALE = "male", _("man")
    OTHER = "other", _("other")
    UNDISCLOSED = "undisclosed", _("prefer not to say")


class MotherTongue(models.TextChoices):
    FINNISH = "fi", _("Finnish")
    SWEDISH = "sv", _("Swedish")
    OTHER = "other", _("other")


class LifeSituation(models.TextChoices):
    STUDYING = "studying", _("studying")
    WORKING = "working", _("working")
    UNEMPLOYED = "unemployed", _("unemployed")
    FAMILY_LEAVE = "family_leave", _("on family leave")
    RETIRED = "retired", _("retired")
    CAREGIVER = "caregiver", _("caregiver")
    ENTREPRENEUR = "entrepreneur", _("entrepreneur")
    OTHER = "other", _("other")


@dataclass(frozen=True)
class BackgroundVariable:
    """One background variable: its field on Member and Application, its labels and its values."""

    name: str
    label: StrOrPromise  # within a sentence and in reports: "age group"
    heading: StrOrPromise  # as asked on forms and headed on staff pages: "Age group"
    values: type[models.TextChoices] | None  # None: the names of the region's municipalities
    asked: bool = True  # False: derived from the birth date, never asked
    unknown: str = ""  # the value of someone whose file does not say

    def choices(self, municipalities: Iterable[str] | None = None) -> list[tuple[str, str]]:
        """Every value with its label; a recruitment round may name its own municipalities."""
        if self.values is None:
            names = settings.REGION_MUNICIPALITIES if municipalities is None else municipalities
            return [(name, name) for name in names]
        return self.values.choices

    def value_of(self, holder: object) -> str:
        """The value of a member or an application."""
        return getattr(holder, self.name)

    def label_of(self, value: str) -> StrOrPromise:
        """The label a person reads for a stored value; the value itself if it has none."""
        return dict(self.choices()).get(value, value)


# The one list of background variables, in the order every page and report shows them. Adding one
# here, with a field of the same name on accounts.Member and recruitment.Application (and, if it is
# asked, a question on recruitment's ApplicationForm), adds it to period audiences, quotas, the
# selection's files, the applicant pages, invitations, data exports and the report breakdowns.
BACKGROUND_VARIABLES: dict[str, BackgroundVariable] = {
    variable.name: variable
    for variable in (
        BackgroundVariable("age_group", _("age group"), _("Age group"), AgeGroup, asked=False),
        BackgroundVariable("municipality", _("municipality"), _("Municipality"), None),
        BackgroundVariable("gender", _("gender"), _("Gender"), Gender, unknown=Gender.UNDISCLOSED),
        BackgroundVariable(
            "mother_tongue", _("mother tongue"), _("Mother tongue"), MotherTongue, unknown=MotherTongue.OTHER
        ),
        BackgroundVariable(
            "life_situation", _("life situation"), _("Main life situation"), LifeSituation, unknown=LifeSituation.OTHER
        ),
    )
}


def background_variable(name: str) -> BackgroundVariable:
    return BACKGROUND_VARIABLES[name]


def asked_variables() -> list[BackgroundVariable]:
    """The variables a person is asked; the others are derived (the age group from the birth date)."""
    return [variable for variable in BACKGROUND_VARIABLES.values() if variable.asked]
