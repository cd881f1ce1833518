"""The first visit follows the browser's language; the header's switch works without JavaScript and is remembered."""

import re

import pytest
from playwright.sync_api import expect

from e2e.conftest import PHONE
from e2e.helpers import (
    assert_no_axe_violations,
    assert_no_axe_violations_on_phone,
    assert_no_axe_violations_without_js,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_it_greets_a_swedish_browser_in_swedish(new_context):
    """A browser asking for sv-FI lands on /sv/ and the page says it is Swedish."""
    page = new_context(locale="sv-FI", **PHONE).new_page()
    page.goto("/")
    expect(page).to_have_url(re.compile(r"/sv/$"))
    expect(page.locator("html")).to_have_attribute("lang", "sv")
    assert_no_axe_violations_on_phone(page)


def test_it_falls_back_to_finnish_for_other_languages(new_context):
    """A browser asking only for a language the site lacks gets Finnish."""
    page = new_context(locale="de-DE").new_page()
    page.goto("/")
    expect(page).to_have_url(re.compile(r"/fi/$"))
    expect(page.locator("html")).to_have_attribute("lang", "fi")
    assert_no_axe_violations(page)


def test_it_switches_language_without_javascript_and_remembers_it(new_context):
    """The header form posts the choice, keeps the visitor on the same page, and later visits follow it."""
    page = new_context(java_script_enabled=False).new_page()
    page.goto("/fi/login/")
    expect(page.locator("html")).to_have_attribute("lang", "fi")
    assert_no_axe_violations_without_js(page)

    page.locator("#language-select").select_option("sv")
    page.locator("header .language-form button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/sv/login/$"))
    expect(page.locator("html")).to_have_attribute("lang", "sv")
    expect(page.locator("#language-select")).to_have_value("sv")
    assert_no_axe_violations_without_js(page)

    page.goto("/")
    expect(page).to_have_url(re.compile(r"/sv/$"))
    assert_no_axe_violations_without_js(page)

    page.locator("#language-select").select_option("en")
    page.locator("header .language-form button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/en/$"))
    expect(page.locator("html")).to_have_attribute("lang", "en")
    assert_no_axe_violations_without_js(page)
