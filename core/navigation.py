"""Links and sections on the staff, member and public front pages, registered by each app so `core` and `accounts` need not know them."""

import sys
from collections.abc import Callable
from dataclasses import dataclass
from itertools import groupby
from typing import TYPE_CHECKING

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise

from .access import SignedInRequest

if TYPE_CHECKING:
    # A typing-only alias that django-stubs reads as settings.AUTH_USER_MODEL: no import of `accounts`.
    from django.contrib.auth.models import _User


@dataclass(frozen=True)
class StaffLink:
    url_name: str
    label: StrOrPromise
    allowed: Callable[["_User"], bool]
    order: int = 100


_links: list[StaffLink] = []


def register_staff_link(
    *, url_name: str, label: StrOrPromise, allowed: Callable[["_User"], bool], order: int = 100
) -> None:
    if all(link.url_name != url_name for link in _links):
        _links.append(StaffLink(url_name, label, allowed, order))


def _links_allowed(user: "_User") -> list[StaffLink]:
    return [link for link in sorted(_links, key=lambda x: x.order) if link.allowed(user)]


def staff_links_for(user: "_User") -> list[tuple[str, str]]:
    """(address, label) of every staff page this user may open, in order."""
    return [(reverse(link.url_name), str(link.label)) for link in _links_allowed(user)]


# A link's order places it in a group on the staff home: the first group whose bound is above the order.
STAFF_LINK_GROUPS: list[tuple[int, StrOrPromise]] = [
    (30, _("People")),
    (60, _("Rounds, periods and reports")),
    (80, _("Community")),
    (sys.maxsize, _("Support and administration")),
]


def _group_of(link: StaffLink) -> str:
    return str(next(label for bound, label in STAFF_LINK_GROUPS if link.order < bound))


def staff_link_groups_for(user: "_User") -> list[tuple[str, list[tuple[str, str]]]]:
    """(heading, [(address, label)]) per group of the staff pages this user may open; empty groups left out."""
    return [
        (heading, [(reverse(link.url_name), str(link.label)) for link in links])
        for heading, links in groupby(_links_allowed(user), key=_group_of)
    ]


@dataclass(frozen=True)
class MemberPanel:
    template: str
    context: Callable[[SignedInRequest], dict]
    order: int = 100


_panels: dict[str, MemberPanel] = {}


def register_member_panel(*, template: str, context: Callable[[SignedInRequest], dict], order: int = 100) -> None:
    """Add a section to the member's home page: `template` rendered with `context(request)`."""
    _panels[template] = MemberPanel(template, context, order)


def member_panels_for(request: SignedInRequest) -> list[tuple[str, dict]]:
    return [(panel.template, panel.context(request)) for panel in sorted(_panels.values(), key=lambda p: p.order)]


@dataclass(frozen=True)
class FrontPanel:
    template: str
    context: Callable[[], dict | None]
    order: int = 100


_front_panels: dict[str, FrontPanel] = {}


def register_front_panel(*, template: str, context: Callable[[], dict | None], order: int = 100) -> None:
    """Add a section to the public front page: `template` rendered with `context()`, left out when it is None."""
    _front_panels[template] = FrontPanel(template, context, order)


def front_panels() -> list[tuple[str, dict]]:
    shown = ((panel.template, panel.context()) for panel in sorted(_front_panels.values(), key=lambda p: p.order))
    return [(template, context) for template, context in shown if context is not None]


@dataclass(frozen=True)
class NextStepLink:
    url_name: str
    label: StrOrPromise
    shown: Callable[[SignedInRequest], bool]


_next_step_links: dict[str, NextStepLink] = {}


def register_next_step_link(*, url_name: str, label: StrOrPromise, shown: Callable[[SignedInRequest], bool]) -> None:
    """Offer a link on the member's next-step card while no period is open (e.g. "My impact" once it has news)."""
    _next_step_links[url_name] = NextStepLink(url_name, label, shown)


def next_step_links_for(request: SignedInRequest) -> list[tuple[str, str]]:
    return [(reverse(link.url_name), str(link.label)) for link in _next_step_links.values() if link.shown(request)]
