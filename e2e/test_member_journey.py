"""A resident's way in: invited by a community manager, activates the account on a phone, logs in again."""

import re

import pytest
from playwright.sync_api import expect

from accounts.models import User
from e2e.conftest import PHONE
from e2e.helpers import assert_no_axe_violations, link_from_last_email, log_in, log_in_staff, submit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

RESIDENT_EMAIL = "aino.virtanen@example.fi"
RESIDENT_PASSWORD = "Sinivuokot-kukkivat-toukokuussa"


def test_it_takes_an_invited_resident_from_the_invitation_to_the_member_home(new_context, site_links, manager):
    """Invite through the staff pages, activate (with one mistake), log out, log in again."""
    staff_page = new_context(locale="en-GB").new_page()
    log_in_staff(staff_page, manager)
    staff_page.get_by_role("link", name="Members", exact=True).click()
    expect(staff_page).to_have_url(re.compile(r"/en/staff/members/$"))
    assert_no_axe_violations(staff_page)
    staff_page.get_by_role("link", name="Invite a member").click()
    expect(staff_page).to_have_url(re.compile(r"/en/staff/members/invite/$"))
    assert_no_axe_violations(staff_page)
    staff_page.get_by_label("Email", exact=True).fill(RESIDENT_EMAIL)
    staff_page.get_by_label("Name", exact=True).fill("Aino Virtanen")
    staff_page.get_by_label("Birth date").fill("15.3.1958")
    staff_page.get_by_label("Language of the emails").select_option("fi")
    submit(staff_page)
    expect(staff_page).to_have_url(re.compile(r"/en/staff/members/$"))
    expect(staff_page.get_by_role("status")).to_contain_text("The invitation has been sent.")
    assert_no_axe_violations(staff_page)

    # The resident opens the link from the email on a phone; the email was in Finnish, so is the page.
    page = new_context(**PHONE).new_page()
    page.goto(link_from_last_email(RESIDENT_EMAIL))
    expect(page).to_have_url(re.compile(r"/fi/invitation/"))
    expect(page.locator("html")).to_have_attribute("lang", "fi")
    assert_no_axe_violations(page)

    # A mistake: a pseudonym that reveals the resident's name, and too short a password.
    pseudonym = page.locator("#id_pseudonym")
    pseudonym.fill("Virtanen 58")
    page.locator("#id_password1").fill("lyhyt")
    page.locator("#id_password2").fill("lyhyt")
    page.locator("#id_consent_processing").check()
    page.locator("#id_accept_terms").check()
    submit(page)
    for field in ("pseudonym", "password1"):
        expect(page.locator(f"#id_{field}_error")).to_be_visible()
        expect(page.locator(f"#id_{field}")).to_have_attribute("aria-describedby", re.compile(rf"\bid_{field}_error\b"))
        expect(page.locator(f"#id_{field}")).to_have_attribute("aria-invalid", "true")
    expect(pseudonym).to_have_value("Virtanen 58")
    expect(page.locator("#id_consent_processing")).to_be_checked()
    expect(page.locator("#id_accept_terms")).to_be_checked()
    assert not User.objects.get(email=RESIDENT_EMAIL).is_active
    assert_no_axe_violations(page)

    pseudonym.fill("Sinivuokko")
    page.locator("#id_password1").fill(RESIDENT_PASSWORD)
    page.locator("#id_password2").fill(RESIDENT_PASSWORD)
    submit(page)
    expect(page).to_have_url(re.compile(r"/fi/me/$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Sinivuokko")
    expect(page.get_by_role("status")).to_contain_text("Sinivuokko")
    assert_no_axe_violations(page)

    # On a phone the header's items wait behind the menu button.
    page.locator("header summary").click()
    page.locator("header form[action$='/logout/'] button").click()
    expect(page).to_have_url(re.compile(r"/fi/$"))
    page.locator("header summary").click()
    expect(page.locator("header a[href='/fi/login/']")).to_be_visible()
    assert_no_axe_violations(page)

    log_in(page, RESIDENT_EMAIL, RESIDENT_PASSWORD)
    expect(page).to_have_url(re.compile(r"/fi/me/$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Sinivuokko")
    assert_no_axe_violations(page)
