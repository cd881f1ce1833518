"""The member's rights: export and erasure of suggestions, supports, posts and reports; the demo data."""

import pytest

from community import member_data
from community.models import CafePost, CafeTopic, Report, Support, ThemeSuggestion
from community.services import ERASED_TEXT

from .factories import PostFactory, SuggestionFactory, TopicFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def contributions(member, other_member):
    own = SuggestionFactory(member=member, title="My theme")
    theirs = SuggestionFactory(member=other_member, title="Their theme")
    Support.objects.create(member=member, suggestion=theirs)
    Support.objects.create(member=other_member, suggestion=own)
    topic = TopicFactory(started_by=member, title="My topic")
    mine = PostFactory(topic=topic, author=member, text="My words")
    reply = PostFactory(topic=topic, author=other_member, text="Their reply", parent=mine)
    Report.objects.create(reporter=member, post=reply, reason="My report")
    Report.objects.create(reporter=other_member, post=mine, reason="Their report")
    return {"topic": topic, "mine": mine, "reply": reply, "theirs": theirs}


def test_the_export_has_the_members_own_contributions_only(member, contributions):
    data = member_data.export(member)
    assert [s["theme"] for s in data["theme_suggestions"]] == ["My theme"]
    assert [s["theme"] for s in data["supports"]] == ["Their theme"]
    assert [p["text"] for p in data["discussion_posts"]] == ["My words"]
    assert [r["reason"] for r in data["reports"]] == ["My report"]
    assert [t["topic"] for t in data["discussion_topics"]] == ["My topic"]
    assert "Their reply" not in str(data) and "Their report" not in str(data)


def test_the_export_is_part_of_the_members_download(member_client, contributions):
    response = member_client.get("/en/me/data.json")
    assert response.status_code == 200 and "My words" in response.content.decode()


def test_erasing_contributions_keeps_the_thread_but_not_the_words(member, other_member, contributions):
    member_data.erase(member, contributions=True)
    assert not ThemeSuggestion.objects.filter(member=member).exists()
    assert not Support.objects.filter(member=member).exists()
    assert not Report.objects.filter(reporter=member).exists()
    mine = CafePost.objects.get(pk=contributions["mine"].pk)
    assert mine.text == ERASED_TEXT
    assert CafeTopic.objects.get().title == ERASED_TEXT
    # Other members' content stays in place.
    assert CafePost.objects.get(pk=contributions["reply"].pk).parent == mine
    assert ThemeSuggestion.objects.filter(member=other_member).exists()
    assert Report.objects.filter(reporter=other_member).exists()


def test_erasing_without_contributions_keeps_them(member, contributions):
    member_data.erase(member, contributions=False)
    assert ThemeSuggestion.objects.filter(member=member).exists()
    assert CafePost.objects.get(pk=contributions["mine"].pk).text == "My words"


def test_the_demo_has_suggestions_in_every_status_and_a_reported_post(demo):
    assert {s.status for s in ThemeSuggestion.objects.all()} == {"review", "accepted", "declined"}
    assert Report.objects.count() == 1
    assert Support.objects.exists() and CafePost.objects.exists()
