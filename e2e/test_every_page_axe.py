"""Every staff and member page that no journey visits gets the same axe check, in Finnish and Swedish."""

import importlib

import pytest
from django.apps import apps

from e2e.helpers import assert_no_axe_violations, log_in, log_in_staff
from recruitment.models import Application, QuizQuestion
from recruitment.tests.factories import ApplicationFactory, RoundFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

_default_content = importlib.import_module("recruitment.migrations.0002_default_content")


@pytest.fixture
def content(transactional_db, member):
    _default_content.forwards(apps, None)
    round = RoundFactory(slug="syksy", target_size=4)
    ApplicationFactory.create_batch(6, round=round)
    return round


def test_staff_pages_have_no_axe_violations(new_context, site_links, manager, member, content):
    """SECURITY.md #28: Every staff page no journey visits has no axe violations."""
    application = Application.objects.first()
    question = QuizQuestion.objects.first()
    page = new_context(locale="fi-FI").new_page()
    log_in_staff(page, manager, language="fi")
    for path in [
        "/fi/staff/members/",
        f"/fi/staff/people/{member.pk}/identity/",
        "/fi/staff/members/import/",
        "/fi/staff/team/",
        "/fi/staff/team/invite/",
        f"/fi/staff/people/{member.pk}/second-factor-reset/",
        "/fi/staff/terms/",
        "/fi/audit/",
        "/fi/organisations/",
        "/fi/staff/recruitment/new/",
        f"/fi/staff/recruitment/{content.pk}/applicants/",
        f"/fi/staff/recruitment/{content.pk}/comparison/",
        f"/fi/staff/recruitment/{content.pk}/import/",
        f"/fi/staff/recruitment/{content.pk}/applicants/{application.pk}/override/",
        "/fi/staff/recruitment/quiz/",
        f"/fi/staff/recruitment/quiz/questions/{question.pk}/",
        "/fi/staff/recruitment/population/",
        "/sv/staff/recruitment/population/",
    ]:
        page.goto(path)
        assert page.url.endswith(path), f"{path} redirected to {page.url}"
        assert_no_axe_violations(page)


def test_member_and_public_pages_have_no_axe_violations(new_context, site_links, member, content):
    """SECURITY.md #28: Every member and public page no journey visits has no axe violations."""
    page = new_context(locale="sv-FI").new_page()
    for path in ["/sv/privacy/", "/sv/accessibility/", "/sv/join/", "/sv/join/round/syksy/", "/sv/password/reset/"]:
        page.goto(path)
        assert_no_axe_violations(page)
    log_in(page, member.email, language="sv")
    for path in ["/sv/me/data/", "/sv/me/consent/", "/sv/me/delete/", "/sv/password/change/", "/sv/staff/"]:
        page.goto(path)
        assert_no_axe_violations(page)
