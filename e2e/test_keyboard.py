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


def tab_to(page, target, limit: int = 80) -> None:
    """Press Tab until `target` has the focus, as a keyboard user would (fails after `limit` presses)."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if target.evaluate("element => element === document.activeElement"):
            return
    pytest.fail(f"Tab never reached {target}")


def test_a_visitor_sends_accessibility_feedback_with_the_keyboard_only(page):
    """From the accessibility statement to the support inbox without a mouse: the statement's feedback channel."""
    from support.models import Category, SupportRequest

    page.goto("/en/accessibility/")
    feedback = page.get_by_role("link", name="Send accessibility feedback")
    tab_to(page, feedback)
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Ask for help")
    expect(page.get_by_label("What is it about?")).to_have_value(Category.ACCESSIBILITY)
    assert_no_axe_violations(page)

    tab_to(page, page.get_by_label("Subject"))
    page.keyboard.type("The chart has no text")
    page.keyboard.press("Tab")
    expect(page.get_by_label("Message")).to_be_focused()
    page.keyboard.type("My screen reader cannot read the chart on the results page.")
    page.keyboard.press("Tab")
    expect(page.get_by_label("Your name")).to_be_focused()
    page.keyboard.press("Tab")
    expect(page.get_by_label("Your email address")).to_be_focused()
    page.keyboard.type("aino@example.fi")
    page.keyboard.press("Tab")  # the honeypot field is skipped (tabindex -1)
    expect(page.get_by_role("button", name="Send")).to_be_focused()
    page.wait_for_timeout(3_100)  # a person takes longer than the form's 3-second bot check
    page.keyboard.press("Enter")

    expect(page.get_by_role("heading", level=1)).to_be_visible()
    assert page.url.endswith("/en/support/sent/")
    assert_no_axe_violations(page)
    request = SupportRequest.objects.get()
    assert (request.category, request.email, request.user_id, request.language) == (
        Category.ACCESSIBILITY,
        "aino@example.fi",
        None,
        "en",
    )
