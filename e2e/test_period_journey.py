"""The heart of the platform in one journey: staff build a period with a task of each kind, members answer
it (one with the keyboard only), discussion answers stay unseen until one's own, a probe gets its reply,
an expired session loses no text, and after closing the answers are read-only."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from e2e.helpers import assert_no_axe_violations, log_in, log_in_staff
from periods.models import HELSINKI, Answer, Period, Post, Probe, Response, Task, TaskKind

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

FIRST_ANSWER = "Palautteen pitäisi kertoa, kuka sen lukee."
SECOND_DRAFT = "Tämä teksti kirjoitettiin juuri ennen kuin istunto vanheni."


def local(moment) -> str:
    return moment.astimezone(HELSINKI).strftime("%Y-%m-%dT%H:%M")


def staff_builds_the_period(page: Page, manager) -> Period:
    log_in_staff(page, manager)
    page.get_by_role("link", name="Active periods").first.click()
    assert_no_axe_violations(page)
    page.get_by_role("link", name="New period").click()
    assert_no_axe_violations(page)
    page.locator("#id_title_fi").fill("Palautepalvelu")
    page.locator("#id_title_en").fill("The feedback service")
    page.locator("#id_description_fi").fill("Kerro **kokemuksistasi**.")
    page.locator("#id_starts_at").fill(local(timezone.now() - timedelta(hours=1)))
    page.locator("#id_ends_at").fill(local(timezone.now() + timedelta(days=9)))
    page.get_by_label("Social and health").check()
    page.locator("main form[method=post] button[type=submit]").last.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("The feedback service")
    period = Period.objects.get(title_fi="Palautepalvelu")
    assert_no_axe_violations(page)

    for kind, title in [
        ("survey", "Your experience"),
        ("discussion", "What makes you give feedback?"),
        ("statements", "Statements"),
        ("diary", "Diary of the week"),
    ]:
        page.goto(f"/en/staff/periods/{period.pk}/tasks/new/")
        page.locator(f"input[name=kind][value={kind}]").check()
        page.locator("#id_title_fi").fill(title)
        page.locator("#id_title_en").fill(title)
        page.locator("main form[method=post] button[type=submit]").last.click()
        expect(page.get_by_role("heading", level=1)).to_contain_text(title)
    assert_no_axe_violations(page)
    survey = period.tasks.get(kind=TaskKind.SURVEY)
    page.goto(f"/en/staff/periods/{period.pk}/tasks/{survey.pk}/questions/new/")
    assert_no_axe_violations(page)
    page.locator("#id_kind").select_option("text")
    page.locator("#id_text_fi").fill("What would a good feedback service be like?")
    page.locator("#id_text_en").fill("What would a good feedback service be like?")
    page.locator("#id_required").check()
    page.locator("main form[method=post] button[type=submit]").last.click()
    expect(page.get_by_text("What would a good feedback service be like?").first).to_be_visible()
    statements = period.tasks.get(kind=TaskKind.STATEMENTS)
    page.goto(f"/en/staff/periods/{period.pk}/tasks/{statements.pk}/")
    page.locator("#id_text_fi").fill("Palautteen pitää näkyä julkisesti.")
    page.get_by_role("button", name="Add").click()
    expect(page.get_by_text("Palautteen pitää näkyä julkisesti.").first).to_be_visible()
    assert_no_axe_violations(page)

    page.goto(f"/en/staff/periods/{period.pk}/")
    page.get_by_role("button", name="Publish").first.click()
    expect(page.get_by_role("status")).to_be_visible()
    assert_no_axe_violations(page)
    period.refresh_from_db()
    assert period.status == "open" and period.participants.count() == 2
    return period


def test_a_period_from_building_to_read_only_answers(new_context, manager, member, other_member, sote):
    staff = new_context(locale="en-GB").new_page()
    period = staff_builds_the_period(staff, manager)
    survey = period.tasks.get(kind=TaskKind.SURVEY)
    discussion = period.tasks.get(kind=TaskKind.DISCUSSION)

    # The first member answers the survey with the keyboard only.
    first = new_context(locale="en-GB").new_page()
    log_in(first, member.email, language="en")
    first.goto("/en/me/")
    assert_no_axe_violations(first)
    first.goto(f"/en/periods/{period.pk}/")
    assert_no_axe_violations(first)
    first.goto(f"/en/periods/{period.pk}/tasks/{survey.pk}/")
    assert_no_axe_violations(first)
    answer_box = first.locator("main textarea").first
    for _ in range(40):  # Tab from the top of the page to the answer box
        first.keyboard.press("Tab")
        if first.evaluate("document.activeElement.tagName") == "TEXTAREA":
            break
    assert first.evaluate("document.activeElement.tagName") == "TEXTAREA"
    first.keyboard.type(FIRST_ANSWER)
    expect(answer_box).to_have_value(FIRST_ANSWER)
    send = first.get_by_role("button", name="Send answers")
    send.focus()
    first.keyboard.press("Enter")
    expect(first.get_by_role("status").first).to_be_visible()
    assert Answer.objects.get(response__member=member, response__task=survey).value == FIRST_ANSWER
    assert_no_axe_violations(first)

    # The first member posts in the discussion.
    first.goto(f"/en/periods/{period.pk}/tasks/{discussion.pk}/")
    first.locator("main textarea").first.fill("Kun tiedän, että joku lukee sen.")
    first.get_by_role("button", name="Post").first.click()
    expect(first.get_by_text("Kun tiedän, että joku lukee sen.").first).to_be_visible()
    assert_no_axe_violations(first)

    # The second member sees nobody's post before posting their own, then sees the first one's.
    second = new_context(locale="en-GB").new_page()
    log_in(second, other_member.email, language="en")
    second.goto(f"/en/periods/{period.pk}/tasks/{discussion.pk}/")
    expect(second.get_by_text("Kun tiedän, että joku lukee sen.")).to_have_count(0)
    assert_no_axe_violations(second)
    second.locator("main textarea").first.fill("Kun jokin menee pieleen.")
    second.get_by_role("button", name="Post").first.click()
    expect(second.get_by_text("Kun tiedän, että joku lukee sen.").first).to_be_visible()
    assert Post.objects.filter(task=discussion).count() == 2

    # Staff ask the first member a follow-up question from the answers page.
    staff.goto(f"/en/staff/periods/{period.pk}/tasks/{survey.pk}/answers/")
    expect(staff.get_by_text(FIRST_ANSWER)).to_be_visible()
    assert_no_axe_violations(staff)
    staff.get_by_role("link", name="Ask a follow-up question").first.click()
    assert_no_axe_violations(staff)
    staff.get_by_label("Follow-up question").fill("Millainen tieto riittäisi?")
    staff.get_by_role("button", name="Send").click()
    probe = Probe.objects.get(member=member)

    # The member sees it as a to-do on the home page and replies.
    first.goto("/en/me/")
    expect(first.get_by_text("Millainen tieto riittäisi?").first).to_be_visible()
    assert_no_axe_violations(first)
    first.goto(f"/en/periods/{period.pk}/tasks/{survey.pk}/")
    first.locator(f"#probe-{probe.pk} textarea, form[action*='/probes/{probe.pk}/'] textarea").first.fill(
        "Tieto siitä, mitä palautteelle tapahtui."
    )
    first.get_by_role("button", name="Send reply").first.click()
    probe.refresh_from_db()
    assert probe.reply == "Tieto siitä, mitä palautteelle tapahtui." and probe.is_answered
    staff.goto(f"/en/staff/periods/{period.pk}/probes/")
    expect(staff.get_by_text("Tieto siitä, mitä palautteelle tapahtui.")).to_be_visible()
    assert_no_axe_violations(staff)

    # The second member's session expires mid-answer; the text survives logging in again.
    second.goto(f"/en/periods/{period.pk}/tasks/{survey.pk}/")
    second.locator("main textarea").first.fill(SECOND_DRAFT)
    second.context.clear_cookies(name="sessionid")
    second.get_by_role("button", name="Send answers").click()
    expect(second).to_have_url(re.compile(r"/en/login/"))
    assert not Answer.objects.filter(response__member=other_member, response__task=survey).exists()
    second.locator("#id_username").fill(other_member.email)
    second.locator("#id_password").fill("correct horse battery staple")
    second.locator("main form[method=post] button[type=submit]").click()
    expect(second).to_have_url(re.compile(rf"/en/periods/{period.pk}/tasks/{survey.pk}/"))
    expect(second.locator("main textarea").first).to_have_value(SECOND_DRAFT)
    assert_no_axe_violations(second)
    second.get_by_role("button", name="Send answers").click()
    assert Answer.objects.get(response__member=other_member, response__task=survey).value == SECOND_DRAFT

    # The period closes: answers are read-only.
    Period.objects.filter(pk=period.pk).update(
        starts_at=timezone.now() - timedelta(days=11), ends_at=timezone.now() - timedelta(minutes=1)
    )
    first.goto(f"/en/periods/{period.pk}/tasks/{survey.pk}/")
    expect(first.get_by_text(FIRST_ANSWER).first).to_be_visible()
    expect(first.get_by_role("button", name="Send answers")).to_have_count(0)
    assert_no_axe_violations(first)
    assert Response.objects.filter(task__in=Task.objects.filter(period=period)).count() >= 3
