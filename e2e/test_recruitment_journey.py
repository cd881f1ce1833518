"""A visitor takes the developer-type quiz and applies; bad applications get kind answers."""

import importlib
import re
from datetime import timedelta

import pytest
from django.apps import apps
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from e2e.conftest import PHONE
from e2e.helpers import assert_no_axe_violations, assert_no_axe_violations_on_phone, submit
from recruitment.models import Application
from recruitment.tests.factories import RoundFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

_default_content = importlib.import_module("recruitment.migrations.0002_default_content")


@pytest.fixture
def campaign(transactional_db):
    """The quiz and population figures (the flush after live-server tests removes them) and an open round."""
    _default_content.forwards(apps, None)
    return RoundFactory(slug="syksy", title_en="Autumn round", target_size=10)


def fill_application(page, *, email: str, birth_date: str) -> None:
    page.get_by_label("Name", exact=True).fill("Aino Asukas")
    page.get_by_label("Email", exact=True).fill(email)
    page.get_by_label("Birth date", exact=True).fill(birth_date)
    page.get_by_label("I confirm that my birth date is correct.").check()
    page.get_by_label("Municipality of residence").select_option("Kotka")
    page.get_by_role("group", name="Mother tongue").get_by_label("Finnish").check()
    page.get_by_role("group", name="Main life situation").get_by_label("retired").check()
    page.get_by_label("I have read the privacy notice").check()


def test_it_takes_a_visitor_from_the_quiz_to_an_application(new_context, site_links, campaign):
    page = new_context(locale="en-GB").new_page()
    page.goto("/en/join/")
    assert_no_axe_violations(page)
    page.get_by_role("link", name="Take the quiz").click()
    expect(page).to_have_url(re.compile(r"/en/join/quiz/$"))
    assert_no_axe_violations(page)
    # A question left unanswered gets a message tied to it; the choices made stay chosen.
    groups = page.locator("main fieldset")
    for index in range(groups.count() - 1):
        groups.nth(index).get_by_role("radio").nth(4).check()
    submit(page)
    expect(page.locator(".error-summary")).to_be_visible()
    expect(groups.nth(0).get_by_role("radio").nth(4)).to_be_checked()
    assert_no_axe_violations(page)
    groups.nth(groups.count() - 1).get_by_role("radio").nth(4).check()
    submit(page)
    expect(page).to_have_url(re.compile(r"/en/join/quiz/kokeilija/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("The Experimenter")
    assert_no_axe_violations(page)
    page.get_by_role("link", name="Apply to the community").click()
    expect(page).to_have_url(re.compile(r"/en/join/round/syksy/apply/\?type=kokeilija$"))
    assert_no_axe_violations(page)

    # Too young: a kind explanation, nothing stored.
    young = (timezone.localdate() - timedelta(days=365 * 15)).strftime("%d.%m.%Y")
    fill_application(page, email="nuori@example.fi", birth_date=young)
    submit(page)
    expect(page.get_by_role("alert")).to_contain_text("16")
    assert not Application.objects.exists()
    assert_no_axe_violations(page)

    # A real application, then the same address again: the same neutral answer, one application.
    for _attempt in range(2):
        page.goto("/en/join/round/syksy/apply/?type=kokeilija")
        fill_application(page, email="aino@example.fi", birth_date="12.4.1950")
        submit(page)
        expect(page).to_have_url(re.compile(r"/en/join/round/syksy/thanks/$"))
        expect(page.get_by_role("heading", level=1)).to_have_text("Thank you for applying!")
    assert_no_axe_violations(page)
    application = Application.objects.get()
    assert (application.quiz_type, application.age_group) == ("kokeilija", "75+")
    assert [message.to for message in mail.outbox] == [["aino@example.fi"], ["aino@example.fi"]]


def test_the_kiosk_shows_a_qr_code_on_a_phone_sized_screen(new_context, site_links, campaign):
    page = new_context(**PHONE).new_page()
    page.goto("/fi/join/kiosk/")
    assert_no_axe_violations_on_phone(page)
    groups = page.locator("main fieldset")
    for index in range(groups.count()):
        groups.nth(index).get_by_role("radio").nth(1).check()
    submit(page)
    expect(page).to_have_url(re.compile(r"/fi/join/kiosk/arjen-asiantuntija/$"))
    expect(page.locator("img.qr")).to_be_visible()
    assert_no_axe_violations_on_phone(page)
    page.locator("a.button.big").click()
    expect(page).to_have_url(re.compile(r"/fi/join/kiosk/$"))
    expect(page.locator("main fieldset").first.get_by_role("radio").nth(1)).not_to_be_checked()


def test_staff_set_quotas_run_the_lottery_draw_and_an_invited_resident_activates(
    new_context, site_links, campaign, manager
):
    from e2e.helpers import link_from_last_email, log_in_staff
    from recruitment.tests.factories import ApplicationFactory

    for n in range(16):
        ApplicationFactory(
            round=campaign,
            email=f"hakija{n}@example.fi",
            municipality=["Kotka", "Kouvola", "Hamina"][n % 3],
            age_group=["16-24", "45-54", "65-74", "75+"][n % 4],
            gender=["female", "male"][n % 2],
            language="fi",
        )
    page = new_context(locale="en-GB").new_page()
    log_in_staff(page, manager)
    page.get_by_role("link", name="Recruitment and selection").click()
    assert_no_axe_violations(page)
    page.get_by_role("link", name="Autumn round").click()
    expect(page.get_by_role("region", name="Next step")).to_contain_text("Applications are open until")
    assert_no_axe_violations(page)
    page.get_by_role("link", name="Quotas", exact=True).click()
    expect(page.locator(".notice")).to_contain_text("suggestion")
    assert_no_axe_violations(page)
    page.get_by_role("button", name="Save the quotas").click()
    expect(page.get_by_role("status")).to_contain_text("The quotas are saved")
    page.get_by_role("link", name="Back to the round").click()
    page.get_by_role("link", name="Selection", exact=True).click()
    assert_no_axe_violations(page)
    page.get_by_role("button", name="Compute the lottery").click()
    expect(
        page.get_by_role("table", name="Fairness of the lottery compared with a simple quota filler")
    ).to_be_visible()
    assert_no_axe_violations(page)
    page.get_by_label("Seed").fill("Lotto 2026/37")
    page.get_by_role("button", name="Draw the panel").click()
    expect(page.get_by_role("status")).to_contain_text("10 applicants were drawn")
    assert_no_axe_violations(page)
    page.get_by_role("button", name="Send the invitations and the other applicants' emails").click()
    expect(page.get_by_role("status")).to_contain_text("10 invitations")
    invited = Application.objects.filter(status="invited").first()

    resident = new_context(**PHONE).new_page()
    resident.goto(link_from_last_email(invited.email))
    expect(resident).to_have_url(re.compile(r"/fi/invitation/"))
    resident.locator("#id_pseudonym").fill("Satamanosturi")
    resident.locator("#id_password1").fill("Pitkä ja hyvä salalause 2026")
    resident.locator("#id_password2").fill("Pitkä ja hyvä salalause 2026")
    resident.locator("#id_consent_processing").check()
    resident.locator("#id_accept_terms").check()
    submit(resident)
    expect(resident).to_have_url(re.compile(r"/fi/me/$"))
    assert_no_axe_violations_on_phone(resident)
