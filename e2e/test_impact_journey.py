"""Issue 6's journey: a finding becomes an action → its status goes to done → the member who answered the
task is told once and sees it on "My impact", the member who did not answer is told nothing → the public
results site shows the action after a manager publishes it, and not before."""

import re

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from e2e.helpers import assert_no_axe_violations, log_in, log_in_staff
from impact.models import Action, ActionStatus
from impact.tests.conftest import delivered_finding
from notifications.models import Kind, Notification
from periods.models import Response
from periods.tests.factories import TaskFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TITLE = "A feedback form that works on a phone"


@pytest.fixture
def finding(sote, member, other_member):
    finding = delivered_finding(sote, "Giving feedback is hard")
    task = TaskFactory(period=finding.report.period)
    Response.objects.create(task=task, member=member, submitted_at=timezone.now())
    Response.objects.create(task=task, member=other_member, draft={"q": "unfinished"})  # never sent
    return finding


def test_an_action_from_finding_to_done_to_the_public_site(
    new_context, site_links, manager, developer, member, other_member, finding
):
    visitor = new_context(locale="en-GB").new_page()
    visitor.goto("/en/results/")
    assert_no_axe_violations(visitor)
    expect(visitor.locator("main")).not_to_contain_text(TITLE)

    staff = new_context(locale="en-GB").new_page()
    log_in_staff(staff, developer)
    staff.get_by_role("link", name="Impact").first.click()
    assert_no_axe_violations(staff)
    staff.get_by_role("link", name="New action").click()
    staff.get_by_label("Title").fill(TITLE)
    staff.get_by_label("Responsible team").fill("Customer feedback")
    staff.get_by_label(re.compile("Giving feedback is hard")).check()
    assert_no_axe_violations(staff)
    staff.get_by_role("button", name="Save").click()
    expect(staff.get_by_role("heading", level=1)).to_have_text(TITLE)
    action = Action.objects.get(title=TITLE)
    assert Notification.objects.filter(kind=Kind.ACTION_UPDATED).count() == 0  # created, not yet changed

    staff.get_by_label("New status").select_option(ActionStatus.DONE)
    staff.get_by_label("What happened").fill("The new form is in use.")
    staff.get_by_role("button", name="Change the status").click()
    expect(staff.locator("main")).to_contain_text("The new form is in use.")
    assert_no_axe_violations(staff)
    action.refresh_from_db()
    assert action.status == ActionStatus.DONE

    told = Notification.objects.filter(kind=Kind.ACTION_UPDATED)
    assert list(told.values_list("user", flat=True)) == [member.pk]
    assert [message.to for message in mail.outbox if TITLE in message.subject + message.body] == [[member.email]]

    reader = new_context(locale="en-GB").new_page()
    log_in(reader, member.email, language="en")
    reader.goto("/en/me/impact/")
    expect(reader.locator("main")).to_contain_text(TITLE)
    expect(reader.locator("main")).to_contain_text("done")
    assert_no_axe_violations(reader)

    bystander = new_context(locale="en-GB").new_page()
    log_in(bystander, other_member.email, language="en")
    bystander.goto("/en/me/impact/")
    expect(bystander.locator("main")).not_to_contain_text(TITLE)

    # Done but unpublished: still not on the public site.
    visitor.goto("/en/results/")
    expect(visitor.locator("main")).not_to_contain_text(TITLE)
    assert visitor.goto(f"/en/results/actions/{action.pk}/").status == 404

    publisher = new_context(locale="en-GB").new_page()
    log_in_staff(publisher, manager)
    publisher.goto(f"/en/staff/impact/{action.pk}/")
    publisher.get_by_role("button", name="Publish on the public results site").click()
    expect(publisher.locator("main")).to_contain_text("published")

    visitor.goto("/en/results/")
    expect(visitor.locator("main")).to_contain_text(TITLE)
    visitor.get_by_role("link", name=TITLE).first.click()
    expect(visitor.get_by_role("heading", level=1)).to_have_text(TITLE)
    expect(visitor.locator("main")).to_contain_text("The new form is in use.")
    assert_no_axe_violations(visitor)
    assert Notification.objects.filter(kind=Kind.ACTION_UPDATED).count() == 1  # publishing tells no one again
