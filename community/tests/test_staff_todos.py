"""The staff home's to-do item from the community: reported posts waiting for a moderator."""

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from community.models import Report
from community.tests.factories import PostFactory, TopicFactory
from community.todos import reported_posts

pytestmark = pytest.mark.django_db


def reported(author, reporters, *, handled: bool = False, hidden: bool = False):
    post = PostFactory(
        topic=TopicFactory(started_by=author), author=author, hidden_at=timezone.now() if hidden else None
    )
    for reporter in reporters:
        Report.objects.create(
            post=post, reporter=reporter, reason="Asiaton", handled_at=timezone.now() if handled else None
        )
    return post


def test_it_counts_each_reported_post_once_until_a_moderator_handles_it(manager, developer, member, other_member):
    reported(member, [other_member, manager])  # two reports, one post
    reported(other_member, [member])
    reported(member, [other_member], handled=True)
    reported(member, [other_member], hidden=True)
    PostFactory(topic=TopicFactory(started_by=member), author=member)  # never reported

    with translation.override("fi"):
        [item] = reported_posts(manager)
    assert (item.label, item.count) == ("2 ilmoitettua viestiä odottaa moderointia", 2)
    assert item.url == reverse("community:staff_moderation")
    assert reported_posts(developer) == []
