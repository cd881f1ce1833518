"""Issue 6's pages on the demo community: staff, member and public pages, in Finnish and Swedish, with axe
and on a phone.

The demo (`seed_demo`) fills every list, so the check sees real tables, timelines, charts and forms.
"""

import pytest

from accounts.demo import DEMO_PASSWORD, MANAGER_EMAIL, member_email
from accounts.models import User
from community.models import Announcement, CafePost, CafeTopic, ThemeSuggestion
from e2e.helpers import assert_no_axe_violations, log_in, log_in_staff
from impact.models import Action, DevelopmentTarget
from support.models import HelpPage, SupportRequest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


# The innermost elements that reach past the right edge of the screen, to name in a failure.
WIDE = """(() => {
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  const found = [];
  while (walker.nextNode()) {
    const range = document.createRange();
    range.selectNodeContents(walker.currentNode);
    const right = Math.round(range.getBoundingClientRect().right);
    if (right > 320 && !walker.currentNode.parentElement.closest('.table-scroll')) found.push(right + ' ' + walker.currentNode.parentElement.tagName + ' '
      + walker.currentNode.textContent.trim().slice(0, 40));
  }
  return found.slice(0, 6);
})()"""


def visit_all(page, paths: list[str]) -> None:
    """Each page answers, passes axe, and needs no sideways scrolling on a 320 px wide phone."""
    desktop = page.viewport_size
    for path in paths:
        page.set_viewport_size(desktop)
        response = page.goto(path)
        assert response.status == 200, f"{path} answered {response.status}"
        assert page.url.split("?")[0].endswith(path.split("?")[0]), f"{path} redirected to {page.url}"
        assert_no_axe_violations(page)
        page.set_viewport_size({"width": 320, "height": 640})
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 320, f"{path} is {width} px wide on a 320 px phone: " + ", ".join(page.evaluate(WIDE))


def test_staff_pages_of_issue_6(new_context, site_links, demo):
    """SECURITY.md #28: The community's staff pages have no axe violations."""
    action = Action.objects.filter(updates__isnull=False).first()
    target = DevelopmentTarget.objects.filter(measurements__isnull=False).first()
    page = new_context(locale="fi-FI").new_page()
    log_in_staff(page, User.objects.get(email=MANAGER_EMAIL), language="fi", password=DEMO_PASSWORD)
    visit_all(
        page,
        [
            "/fi/staff/impact/",
            "/fi/staff/impact/new/",
            f"/fi/staff/impact/{action.pk}/",
            f"/fi/staff/impact/{action.pk}/edit/",
            "/fi/staff/impact/targets/",
            f"/fi/staff/impact/targets/{target.pk}/",
            "/fi/staff/support/",
            f"/fi/staff/support/{SupportRequest.objects.first().pk}/",
            "/fi/staff/help/",
            f"/fi/staff/help/{HelpPage.objects.first().pk}/edit/",
            "/fi/staff/community/announcements/",
            "/fi/staff/community/announcements/new/",
            "/fi/staff/community/suggestions/",
            f"/fi/staff/community/suggestions/{ThemeSuggestion.objects.first().pk}/",
            "/fi/staff/community/moderation/",
            "/fi/staff/community/posts/",
            "/fi/staff/membership/",
            "/fi/staff/pages/",
            "/fi/staff/pages/accessibility/",
        ],
    )


def test_member_and_public_pages_of_issue_6(new_context, site_links, demo):
    """SECURITY.md #28: The community's member and public pages have no axe violations."""
    page = new_context(locale="sv-FI").new_page()
    announcement = Announcement.objects.public().first()
    visit_all(
        page,
        [
            "/sv/news/",
            f"/sv/news/{announcement.pk}/",
            "/sv/help/",
            f"/sv/help/{HelpPage.objects.filter(published=True).first().slug}/",
            "/sv/support/new/",
            "/sv/results/",
            "/sv/results/actions/",
            "/sv/results/statistics/",
            "/sv/results/open-data/",
        ],
    )
    log_in(page, member_email(1), DEMO_PASSWORD, language="sv")
    topic = CafeTopic.objects.first()
    post = CafePost.objects.exclude(author__email=member_email(1)).filter(topic=topic).first()
    visit_all(
        page,
        [
            "/sv/me/",
            "/sv/me/impact/",
            "/sv/me/membership/",
            "/sv/me/membership/leave/",
            "/sv/community/announcements/",
            f"/sv/community/announcements/{announcement.pk}/",
            "/sv/community/suggestions/",
            f"/sv/community/suggestions/{ThemeSuggestion.objects.first().pk}/",
            "/sv/community/cafe/",
            f"/sv/community/cafe/{topic.pk}/",
            f"/sv/community/cafe/posts/{post.pk}/report/",
            "/sv/support/mine/",
        ],
    )
