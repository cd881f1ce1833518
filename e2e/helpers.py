"""What the browser tests share: the axe check, second-factor codes and logging in."""

import re
from base64 import b32decode

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core import mail
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import Page, expect

from conftest import PASSWORD

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
_axe = Axe()


def assert_no_axe_violations(page: Page) -> None:
    """Run axe-core on the page as it is now and fail with a readable list of WCAG 2.1 A/AA violations."""
    page.wait_for_load_state("load")
    options = {"runOnly": {"type": "tag", "values": WCAG_TAGS}, "resultTypes": ["violations"]}
    violations = _axe.run(page, options=options).response["violations"]
    if violations:
        lines = [f"{len(violations)} axe violation(s) on {page.url}:"]
        for violation in violations:
            targets = ", ".join(" ".join(node["target"]) for node in violation["nodes"])
            lines.append(f"- {violation['id']} ({violation['impact']}): {violation['help']}\n    at {targets}")
        pytest.fail("\n".join(lines), pytrace=False)


def assert_no_axe_violations_without_js(page: Page) -> None:
    """The axe check for a page in a JavaScript-disabled context, where axe itself cannot run.

    The same URL is loaded with the same cookies in a twin context that runs scripts (the pages are
    server-rendered, so the markup is the same) and checked there.
    """
    twin = page.context.browser.new_context(
        storage_state=page.context.storage_state(), locale="fi-FI", viewport=page.viewport_size
    )
    try:
        twin_page = twin.new_page()
        twin_page.goto(page.url)
        assert twin_page.url == page.url, f"{page.url} did not load the same way in the twin context"
        assert_no_axe_violations(twin_page)
    finally:
        twin.close()


def assert_no_axe_violations_on_phone(page: Page) -> None:
    """The axe check at a 320 px wide viewport, where nothing may need sideways scrolling either."""
    page.set_viewport_size({"width": 320, "height": 640})
    assert page.evaluate("document.documentElement.scrollWidth") <= 320, f"{page.url} scrolls sideways at 320 px"
    assert_no_axe_violations(page)


def code_for(key_hex: str) -> str:
    """The current six-digit code an authenticator app shows for this secret."""
    return f"{totp(bytes.fromhex(key_hex)):06d}"


def code_for_shown_key(shown: str) -> str:
    """The current code for the base32 key as the enrolment page shows it (groups of four)."""
    return code_for(b32decode("".join(shown.split())).hex())


def wrong_code_for(key_hex: str) -> str:
    """A code that no accepted time step (now, or one step either side) produces."""
    accepted = {f"{totp(bytes.fromhex(key_hex), drift=drift):06d}" for drift in (-1, 0, 1)}
    return next(code for code in ("000000", "111111", "222222", "333333") if code not in accepted)


def staff_key(user) -> str:
    return TOTPDevice.objects.get(user=user, confirmed=True).key


def link_from_last_email(to: str) -> str:
    """The personal link in the newest email to this address."""
    message = next(message for message in reversed(mail.outbox) if to in message.to)
    return re.search(r"https?://\S+", message.body).group(0)


def submit(page: Page) -> None:
    page.locator("main form[method=post] button[type=submit]").click()


def log_in(page: Page, email: str, password: str = PASSWORD, *, language: str = "fi") -> None:
    """Log in through the login page, checking it with axe on the way."""
    page.goto(f"/{language}/login/")
    assert_no_axe_violations(page)
    page.locator("#id_username").fill(email)
    page.locator("#id_password").fill(password)
    submit(page)


def log_in_staff(page: Page, user, *, language: str = "en", password: str = PASSWORD) -> None:
    """Log a staff user in with password and authenticator code, and land on the staff home."""
    log_in(page, user.email, password, language=language)
    expect(page).to_have_url(re.compile(rf"/{language}/second-factor/"))
    assert_no_axe_violations(page)
    page.locator("#id_token").fill(code_for(staff_key(user)))
    submit(page)
    expect(page).to_have_url(re.compile(rf"/{language}/staff/$"))
    assert_no_axe_violations(page)
