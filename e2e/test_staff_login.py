"""Staff log in with a password and an authenticator code; new staff enrol the authenticator."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from accounts.models import Role
from accounts.services import staff_invite
from e2e.conftest import PHONE
from e2e.helpers import (
    assert_no_axe_violations,
    code_for,
    code_for_shown_key,
    link_from_last_email,
    log_in,
    staff_key,
    submit,
    wrong_code_for,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_it_asks_staff_for_the_second_factor_and_refuses_a_wrong_code(page, developer):
    """Password first, then the code: a wrong code is an error on the field, the right one opens staff home."""
    log_in(page, developer.email, language="en")
    expect(page).to_have_url(re.compile(r"/en/second-factor/\?next=/en/staff/$"))
    assert_no_axe_violations(page)

    page.locator("#id_token").fill(wrong_code_for(staff_key(developer)))
    submit(page)
    token = page.locator("#id_token")
    expect(page.locator("#id_token_error")).to_contain_text("The code is wrong")
    expect(token).to_have_attribute("aria-describedby", re.compile(r"\bid_token_error\b"))
    expect(token).to_have_attribute("aria-invalid", "true")
    assert_no_axe_violations(page)

    # The device throttles right after a failure; the user waits for the next code, as the message asks.
    TOTPDevice.objects.filter(user=developer).update(throttling_failure_timestamp=timezone.now() - timedelta(minutes=1))
    token.fill(code_for(staff_key(developer)))
    submit(page)
    expect(page).to_have_url(re.compile(r"/en/staff/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Staff home")
    expect(page.locator("main")).to_contain_text("Dev Sote")
    assert_no_axe_violations(page)


def test_it_enrols_a_new_staff_member_with_a_qr_code_and_backup_codes(new_context, site_links, manager, sote):
    """An invited developer sets a password, scans the QR code (here: reads the key), confirms, gets backup codes."""
    staff_invite(
        by=manager,
        email="uusi@example.fi",
        full_name="Uusi Kehittäjä",
        role=Role.DEVELOPER,
        organisation=sote,
        language="en",
    )
    page = new_context(**PHONE).new_page()
    page.goto(link_from_last_email("uusi@example.fi"))
    expect(page).to_have_url(re.compile(r"/en/invitation/"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Set up your staff account")
    assert_no_axe_violations(page)

    page.locator("#id_password1").fill("Kolme-sinistä-kotkaa-lentää")
    page.locator("#id_password2").fill("Kolme-sinistä-kotkaa-lentää")
    submit(page)
    expect(page).to_have_url(re.compile(r"/en/second-factor/enrol/$"))
    qr = page.locator("main img.qr")
    expect(qr).to_have_attribute("src", re.compile(r"^data:image/svg\+xml"))
    expect(qr).to_have_attribute("alt", re.compile(r"\S"))
    page.wait_for_load_state("load")
    assert qr.evaluate("image => image.complete && image.naturalWidth > 0"), "the QR code image did not load"
    shown_key = page.locator("main code.secret").inner_text()
    assert re.fullmatch(r"[A-Z2-7]{4}( [A-Z2-7]{1,4})+", shown_key), shown_key
    assert page.evaluate("document.documentElement.scrollWidth") <= 320, "the enrolment page scrolls sideways"
    assert_no_axe_violations(page)

    page.locator("#id_token").fill(code_for_shown_key(shown_key))
    submit(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("Your backup codes")
    expect(page.locator("main ul.codes li")).to_have_count(10)
    assert_no_axe_violations(page)

    page.get_by_role("link", name="I have saved the codes").click()
    expect(page).to_have_url(re.compile(r"/en/staff/$"))
    expect(page.locator("main")).to_contain_text("Uusi Kehittäjä")
    assert_no_axe_violations(page)
