"""Member pages of periods in a real browser: axe on every page, 320 px phones, autosave and the session warning."""

import pytest
from playwright.sync_api import expect

from e2e.helpers import assert_no_axe_violations, assert_no_axe_violations_on_phone, log_in, log_in_staff
from periods.models import Post, QuestionKind, Response, Statement, TaskKind
from periods.tests.factories import PeriodFactory, QuestionFactory, TaskFactory, options

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def journey(member, other_member):
    period = PeriodFactory(members=[member, other_member])
    survey = TaskFactory(period=period, kind=TaskKind.SURVEY)
    gate = QuestionFactory(task=survey, kind=QuestionKind.YESNO, required=True)
    QuestionFactory(task=survey, kind=QuestionKind.TEXT, show_if_question=gate, show_if_value="yes", required=True)
    QuestionFactory(task=survey, kind=QuestionKind.SINGLE, choices=options("A", "B"), allow_other=True)
    QuestionFactory(task=survey, kind=QuestionKind.MULTIPLE, choices=options("A", "B"), max_picks=1)
    QuestionFactory(task=survey, kind=QuestionKind.SCALE5, low_label_fi="Huono", high_label_fi="Hyvä")
    QuestionFactory(task=survey, kind=QuestionKind.SCALE10)
    QuestionFactory(task=survey, kind=QuestionKind.RANKING, choices=options("A", "B", "C"))
    QuestionFactory(task=survey, kind=QuestionKind.LIKERT, choices=options("Rivi yksi", "Rivi kaksi"))
    QuestionFactory(task=survey, kind=QuestionKind.UPLOAD, upload_types=["image", "pdf"])
    discussion = TaskFactory(period=period, kind=TaskKind.DISCUSSION, others_after_answering=False)
    first = Post.objects.create(task=discussion, author=other_member, text="Hei kaikki")
    Post.objects.create(task=discussion, author=member, parent=first, text="Moi")
    statements = TaskFactory(period=period, kind=TaskKind.STATEMENTS)
    Statement.objects.create(task=statements, text_fi="Palvelu on hyvä")
    diary = TaskFactory(period=period, kind=TaskKind.DIARY)
    return period, [survey, discussion, statements, diary]


def test_member_pages_have_no_axe_violations_and_fit_a_phone(new_context, member, journey):
    period, tasks = journey
    page = new_context().new_page()
    log_in(page, member.email)
    paths = ["/fi/periods/", f"/fi/periods/{period.pk}/", "/fi/periods/answers/", "/fi/me/"]
    paths += [f"/fi/periods/{period.pk}/tasks/{task.pk}/" for task in tasks]
    for path in paths:
        page.set_viewport_size({"width": 1200, "height": 900})
        page.goto(path)
        assert_no_axe_violations(page)
        assert_no_axe_violations_on_phone(page)
    # A survey sent empty shows its errors accessibly too.
    page.set_viewport_size({"width": 1200, "height": 900})
    page.goto(f"/fi/periods/{period.pk}/tasks/{tasks[0].pk}/")
    page.locator("button[value=submit]").click()
    expect(page.locator(".error-summary")).to_be_visible()
    expect(page.locator("#error-summary")).to_be_focused()
    assert_no_axe_violations(page)


def test_autosave_stores_the_draft_and_says_so(new_context, member, journey):
    period, tasks = journey
    diary = tasks[3]
    page = new_context().new_page()
    log_in(page, member.email)
    page.goto(f"/fi/periods/{period.pk}/tasks/{diary.pk}/")
    page.locator("#id_text").fill("Kirjoitan päiväkirjaa")
    expect(page.locator("[data-autosave-status]")).not_to_be_empty(timeout=9000)
    assert page.locator("[data-version]").input_value() == "1"
    assert Response.objects.get(member=member, task=diary).draft["text"] == ["Kirjoitan päiväkirjaa"]
    assert page.evaluate("window.localStorage.length + window.sessionStorage.length") == 0


def test_a_text_box_counts_its_characters_and_announces_after_a_pause(new_context, member, journey):
    period, tasks = journey
    page = new_context().new_page()
    log_in(page, member.email)
    page.goto(f"/fi/periods/{period.pk}/tasks/{tasks[3].pk}/")
    expect(page.locator(".char-count")).to_have_text("0 / 10000 merkkiä")
    page.locator("#id_text").fill("Kirjoitan")
    expect(page.locator(".char-count")).to_have_text("9 / 10000 merkkiä")
    expect(page.locator("[aria-live=polite].visually-hidden")).to_have_text("9 / 10000 merkkiä", timeout=5000)
    assert_no_axe_violations(page)


def test_the_session_warning_appears_and_keeps_the_session(new_context, member, journey, settings):
    settings.SESSION_COOKIE_AGE = 5 * 60 + 1
    period, tasks = journey
    page = new_context().new_page()
    log_in(page, member.email)
    page.goto(f"/fi/periods/{period.pk}/tasks/{tasks[0].pk}/")
    warning = page.locator("#session-warning")
    expect(warning).to_be_visible(timeout=5000)
    assert_no_axe_violations(page)
    expect(warning.locator("button")).to_be_focused()
    with page.expect_response(lambda r: "/keepalive/" in r.url) as keepalive:
        page.keyboard.press("Enter")
    assert keepalive.value.status == 200
    expect(warning).to_be_hidden()


def shows_the_conditional_question_on_yes(page) -> None:
    conditional = page.locator("[data-show-if-field]")
    expect(conditional).to_be_hidden()
    page.locator("input[type=radio][value=yes]").first.check()
    expect(conditional).to_be_visible()
    assert_no_axe_violations(page)


def test_a_conditional_question_shows_only_when_its_condition_holds(new_context, member, journey):
    period, tasks = journey
    page = new_context().new_page()
    log_in(page, member.email)
    page.goto(f"/fi/periods/{period.pk}/tasks/{tasks[0].pk}/")
    shows_the_conditional_question_on_yes(page)


def test_the_staff_preview_has_no_axe_violations(new_context, manager, journey):
    from e2e.helpers import log_in_staff

    period, tasks = journey
    page = new_context().new_page()
    log_in_staff(page, manager, language="fi")
    for task in tasks:
        page.goto(f"/fi/staff/periods/{period.pk}/tasks/{task.pk}/preview/")
        expect(page.locator(".preview-banner")).to_be_visible()
        assert_no_axe_violations_on_phone(page)


def test_a_conditional_question_can_be_tried_in_the_staff_preview(new_context, manager, journey):
    period, tasks = journey
    page = new_context().new_page()
    log_in_staff(page, manager, language="fi")
    page.goto(f"/fi/staff/periods/{period.pk}/tasks/{tasks[0].pk}/preview/")
    shows_the_conditional_question_on_yes(page)


def test_a_survey_can_be_answered_with_the_keyboard_only(new_context, member, journey):
    period, tasks = journey
    discussion = tasks[1]
    page = new_context().new_page()
    log_in(page, member.email)
    page.goto(f"/fi/periods/{period.pk}/tasks/{discussion.pk}/")
    page.locator("#id_text").focus()
    page.keyboard.type("Vastaan näppäimistöllä")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    expect(page.locator(".posts")).to_contain_text("Vastaan näppäimistöllä")
    assert Post.objects.filter(author=member, parent=None, text="Vastaan näppäimistöllä").exists()
