"""The site header: compact on a 320 × 640 phone (the menu behind one button), unchanged on a desktop."""

import re

import pytest
from playwright.sync_api import Page, expect

from conftest import PASSWORD
from e2e.conftest import PHONE
from e2e.helpers import assert_no_axe_violations, log_in, submit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

HEADER_MAX_PX = 100


def _header_height(page: Page) -> float:
    return page.locator("header.site-header").bounding_box()["height"]


MENU_ITEMS = "header .site-menu-items :is(a, button, select)"


def _focused(page: Page) -> int:
    """The position of the focused element among the menu's items (-1: outside the menu)."""
    return page.evaluate(f"Array.from(document.querySelectorAll('{MENU_ITEMS}')).indexOf(document.activeElement)")


@pytest.mark.parametrize("language", ["fi", "sv", "en"])
def test_on_a_phone_the_header_is_compact_and_its_menu_opens_by_keyboard(new_context, member, language):
    page = new_context(**PHONE).new_page()
    log_in(page, member.email, language=language)
    page.goto(f"/{language}/me/")
    assert _header_height(page) <= HEADER_MAX_PX
    items = page.locator(MENU_ITEMS)
    expect(items.first).to_be_hidden()
    assert_no_axe_violations(page)

    # Skip link, logo, then the menu button: Enter opens it and Tab walks through every item in it.
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    menu = page.locator("header summary")
    expect(menu).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator("header details")).to_have_attribute("open", "")
    reached = []
    for _ in range(items.count()):
        page.keyboard.press("Tab")
        reached.append(_focused(page))
    assert reached == list(range(items.count())) and items.count() >= 5  # home, notifications, log out, language
    expect(page.locator("header select[name=language]")).to_be_visible()
    assert_no_axe_violations(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["viewport"]["width"]


def test_the_phone_menu_opens_without_javascript(new_context, member):
    page = new_context(**PHONE, java_script_enabled=False).new_page()
    page.goto("/fi/login/")  # log_in's axe check needs JavaScript
    page.locator("#id_username").fill(member.email)
    page.locator("#id_password").fill(PASSWORD)
    submit(page)
    expect(page).to_have_url(re.compile(r"/fi/me/$"))
    assert _header_height(page) <= HEADER_MAX_PX
    page.locator("header summary").click()
    expect(page.get_by_role("link", name="Oma etusivu")).to_be_visible()
    page.locator("header select[name=language]").select_option("sv")
    page.get_by_role("button", name="Vaihda kieli").click()
    expect(page.locator("html")).to_have_attribute("lang", "sv")


def test_on_a_desktop_the_navigation_shows_without_opening_a_menu(new_context, member):
    page = new_context(viewport={"width": 1200, "height": 800}).new_page()
    log_in(page, member.email)
    page.goto("/fi/me/")
    expect(page.locator("header summary")).to_be_hidden()
    expect(page.get_by_role("link", name="Oma etusivu")).to_be_visible()
    expect(page.locator("header select[name=language]")).to_be_visible()
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Oma etusivu")).to_be_focused()
    assert_no_axe_violations(page)
