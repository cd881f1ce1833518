"""Issue 14: the demo manager's staff home is a to-do list; one item leads to its page. Axe on every page."""

import pytest
from playwright.sync_api import expect

from accounts.demo import DEMO_PASSWORD, MANAGER_EMAIL
from accounts.models import User
from e2e.helpers import assert_no_axe_violations, assert_no_axe_violations_on_phone, log_in_staff

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_demo_manager_sees_what_waits_and_follows_an_item(new_context, site_links, demo):
    manager = User.objects.get(email=MANAGER_EMAIL)
    page = new_context(locale="fi-FI").new_page()
    log_in_staff(page, manager, language="fi", password=DEMO_PASSWORD)  # axe on the staff home on the way

    todo = page.get_by_role("region", name="Odottaa sinua")
    items = todo.get_by_role("listitem")
    expect(items.first).to_be_visible()
    assert items.count() >= 3, items.all_inner_texts()
    expect(page.get_by_role("heading", level=3, name="Ihmiset")).to_be_visible()
    assert_no_axe_violations_on_phone(page)

    # By keyboard: the first to-do is the first link after the page's own heading.
    link = todo.get_by_role("link").first
    target = link.get_attribute("href")
    link.focus()
    page.keyboard.press("Enter")
    expect(page).to_have_url(f"{page.url.split('/fi/')[0]}{target}")
    assert_no_axe_violations(page)

    for language, heading in [("sv", "Väntar på dig"), ("en", "Waiting for you")]:
        page.set_viewport_size({"width": 1280, "height": 800})
        page.goto(f"/{language}/staff/")
        expect(page.get_by_role("heading", level=2, name=heading)).to_be_visible()
        assert_no_axe_violations(page)
