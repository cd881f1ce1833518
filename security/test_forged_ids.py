"""Ids changed in forms and query strings, not in the URL: the page is one's own, the object named is not.

Each case is posted twice by the same person on the same page of their own organisation: once naming
their own object (accepted: the control) and once naming the other organisation's (a logged 404).
"""

from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlencode

import pytest
from django.urls import reverse

from .access_rules import HIDDEN, OK
from .walk import request_once


@dataclass(frozen=True)
class Forgery:
    role: str
    url: str
    ids: Callable  # (mine) -> URL kwargs
    fields: Callable  # (mine, target) -> form or query: `target` is mine in the control, theirs in the attack
    method: str = "post"


def _period(mine):
    return {"period_id": mine.period.pk}


def _survey(mine):
    return {"period_id": mine.period.pk, "task_id": mine.survey.pk}


FORGERIES = {
    "quote another organisation's answer": Forgery(
        "own_developer", "reports:quote_add", _period, lambda mine, x: {"answer": x.text_answer.pk}
    ),
    "quote another organisation's post": Forgery(
        "own_developer", "reports:quote_add", _period, lambda mine, x: {"post": x.post.pk}
    ),
    "file a quote under another organisation's finding": Forgery(
        "own_developer",
        "reports:quote_add",
        _period,
        lambda mine, x: {"answer": mine.text_answer.pk, "finding": x.draft_finding.pk},
    ),
    "code another organisation's answer": Forgery(
        "own_developer",
        "reports:answer_code",
        _period,
        lambda mine, x: {"answer": x.text_answer.pk, "code": mine.code.pk},
    ),
    "code with another organisation's code": Forgery(
        "own_developer",
        "reports:answer_code",
        _period,
        lambda mine, x: {"answer": mine.text_answer.pk, "code": x.code.pk},
    ),
    "uncode another organisation's answer": Forgery(
        "own_developer",
        "reports:answer_uncode",
        _period,
        lambda mine, x: {"answer": x.text_answer.pk, "code": mine.code.pk},
    ),
    "accept another organisation's theme": Forgery(
        "own_developer", "reports:theme_edit", _period, lambda mine, x: {"theme": x.theme.pk, "action": "accept"}
    ),
    "link a new action to another organisation's finding": Forgery(
        "own_developer",
        "impact:action_create",
        lambda mine: {},
        lambda mine, x: {"title": "Uusi", "organisation": mine.organisation.pk, "findings": x.finding.pk},
    ),
    "link an action to another organisation's finding": Forgery(
        "own_developer",
        "impact:action_edit",
        lambda mine: {"action_id": mine.action.pk},
        lambda mine, x: {"title": "Muutettu", "organisation": mine.organisation.pk, "findings": x.finding.pk},
    ),
    "follow another organisation's action with a target": Forgery(
        "own_developer",
        "impact:target_create",
        lambda mine: {},
        lambda mine, x: {"title": "Tavoite", "organisation": mine.organisation.pk, "actions": x.action.pk},
    ),
    "read another organisation's response on the probe form": Forgery(
        "own_developer", "periods:staff_probe_create", _survey, lambda mine, x: {"response": x.response.pk}, "get"
    ),
    "write a team note on another organisation's response": Forgery(
        "own_developer",
        "periods:staff_note_create",
        _survey,
        lambda mine, x: {"response": x.response.pk, "text": "Muistiinpano"},
    ),
    "vote on a statement of another period": Forgery(
        "member",
        "periods:member_vote",
        lambda mine: {"period_id": mine.period.pk, "task_id": mine.statements.pk},
        lambda mine, x: {"statement": x.statement.pk, "value": 1},
    ),
}


def _attempt(world, forgery: Forgery, mine, target):
    path = reverse(forgery.url, kwargs={key: str(value) for key, value in forgery.ids(mine).items()})
    fields = forgery.fields(mine, target)
    if forgery.method == "get":
        return request_once(world, forgery.role, mine, "get", f"{path}?{urlencode(fields)}", {})
    return request_once(world, forgery.role, mine, "post", path, fields)


@pytest.mark.django_db
@pytest.mark.parametrize("case", sorted(FORGERIES))
def test_an_id_of_the_other_organisation_in_a_form_gives_a_logged_404(world, case):
    """SECURITY.md #1 and #3: a forged id in a form or query is refused like a forged id in the URL, and logged."""
    forgery = FORGERIES[case]
    for mine, theirs in ((world.sote, world.rescue), (world.rescue, world.sote)):
        assert _attempt(world, forgery, mine, mine) is OK, f"{case}: the control with one's own ids was refused"
        assert _attempt(world, forgery, mine, theirs) is HIDDEN, f"{case}: the other organisation's id got through"
