"""Keyboard only: the skip link comes first, and a member logs in without touching a mouse."""

import re

import pytest
from playwright.sync_api import expect

from conftest import PASSWORD, make_member
from e2e.helpers import assert_no_axe_violations, assert_no_axe_violations_on_phone

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_it_logs_a_member_in_with_the_keyboard_only(page):
    """Tab reaches "skip to content" first; Enter jumps to the form, which is filled and sent by keyboard."""
    make_member("kari@example.fi", "Kallioniemi", age_group="75+", municipality="Kotka")
    page.goto("/fi/login/")
    assert_no_axe_violations(page)

    page.keyboard.press("Tab")
    skip_link = page.locator("a.skip-link")
    expect(skip_link).to_be_focused()
    expect(skip_link).to_be_in_viewport()
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/fi/login/#main$"))
    expect(page.locator("main")).to_be_focused()

    page.keyboard.press("Tab")
    expect(page.locator("#id_username")).to_be_focused()
    page.keyboard.type("kari@example.fi")
    page.keyboard.press("Tab")
    expect(page.locator("#id_password")).to_be_focused()
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")

    # The browser keeps the #main fragment through the login's redirects.
    expect(page).to_have_url(re.compile(r"/fi/me/(#main)?$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Kallioniemi")
    assert_no_axe_violations(page)
    assert_no_axe_violations_on_phone(page)
