"""The member home leads on a phone: the next step at the top, followed to the task and back with the progress."""

import re

import pytest
from playwright.sync_api import expect

from e2e.conftest import PHONE
from e2e.helpers import assert_no_axe_violations, log_in
from periods.models import QuestionKind
from periods.tests.factories import PeriodFactory, QuestionFactory, TaskFactory, options

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_home_leads_a_member_to_the_next_task_and_counts_it_done(new_context, member):
    period = PeriodFactory(members=[member])
    first, second = (TaskFactory(period=period, order=i + 1) for i in range(2))
    QuestionFactory(task=first, kind=QuestionKind.SINGLE, choices=options("Kyllä", "Ei"), required=True)
    QuestionFactory(task=second, kind=QuestionKind.TEXT)
    page = new_context(**PHONE).new_page()
    log_in(page, member.email)
    page.goto("/fi/me/")
    card = page.locator(".next-step")
    expect(card.get_by_role("heading", level=2)).to_have_text(period.title_fi)
    # The card comes straight after the greeting, before every other panel.
    assert page.evaluate("document.querySelector('main h1').nextElementSibling.nextElementSibling.className") == (
        "next-step"
    )
    assert_no_axe_violations(page)

    card.get_by_role("link", name="Jatka tehtäviin – 0/2 tehty").click()
    expect(page).to_have_url(re.compile(rf"/fi/periods/{period.pk}/tasks/{first.pk}/$"))
    assert_no_axe_violations(page)
    page.get_by_label("Kyllä").check()
    page.locator("button[value=submit]").click()

    page.goto("/fi/me/")
    card.get_by_role("link", name="Jatka tehtäviin – 1/2 tehty").click()
    expect(page).to_have_url(re.compile(rf"/fi/periods/{period.pk}/tasks/{second.pk}/$"))
