"""Statistics: small groups of people never show, nor can be worked out from the totals shown beside them."""

import csv
import io
import json
import re

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from conftest import make_member
from periods.tests.factories import TaskFactory
from reports.models import ReportStatus
from results.statistics import PRIMARY, SECONDARY, community_statistics, suppress

from .conftest import answer, closed_period, report_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def small_rescue(sote, rescue):
    """Six members answered the sote period, only three the rescue period (k = 5)."""
    people = [make_member(f"m{i}@example.fi", f"Jäsen {i}") for i in range(9)]
    sote_period = closed_period([sote], "Sote-jakso")
    rescue_period = closed_period([rescue], "Pelastusjakso")
    report_of(sote_period, ReportStatus.PUBLISHED, "Yhteenveto")
    answer(TaskFactory(period=sote_period), *people[:6])
    answer(TaskFactory(period=rescue_period), *people[6:])
    TaskFactory(period=rescue_period)
    return people


def no_sum_has_one_unknown(hidden, sums):
    for total, parts in sums:
        assert sum(1 for key in [total, *parts] if key in hidden) != 1, (total, parts)


def test_it_hides_a_small_group_and_a_partner():
    counts = {"total": 13, "a": 3, "b": 10}
    hidden = suppress(counts, [("total", ["a", "b"])], 5)
    assert hidden == {"a": PRIMARY, "b": SECONDARY}


def test_it_hides_a_small_total_and_its_only_part():
    counts = {"total": 3, "a": 3}
    assert suppress(counts, [("total", ["a"])], 5) == {"total": PRIMARY, "a": PRIMARY}


def test_secondary_suppression_spreads_through_nested_sums():
    counts = {"total": 40, "y1": 20, "y2": 20, "q1": 2, "q2": 18, "q3": 20}
    sums = [("total", ["y1", "y2"]), ("y1", ["q1", "q2"]), ("y2", ["q3"])]
    hidden = suppress(counts, sums, 5)
    assert hidden["q1"] == PRIMARY and hidden["q2"] == SECONDARY
    no_sum_has_one_unknown(hidden, sums)


def test_a_shown_total_with_one_hidden_part_hides_the_next_smallest():
    counts = {"total": 30, "a": 4, "b": 6, "c": 20}
    hidden = suppress(counts, [("total", ["a", "b", "c"])], 5)
    assert set(hidden) == {"a", "b"}


def test_the_small_organisation_is_hidden_and_cannot_be_subtracted(small_rescue):
    stats = community_statistics()
    rows = {row.key: row for row in stats.organisations}
    assert rows["pelastus"].answers.hidden == PRIMARY and rows["pelastus"].members.hidden == PRIMARY
    # 9 in total is shown, so the sote figure (6) would give the rescue one away: hidden too.
    assert rows["sote"].answers.hidden == SECONDARY and rows["sote"].members.hidden == SECONDARY
    assert stats.total.answers.shown == 9
    # Counts of periods and tasks are not personal.
    assert rows["pelastus"].periods == 1 and rows["pelastus"].tasks == 2
    for row in [*stats.years, *stats.quarters]:
        assert row.answers.shown in (None, 9)


def test_the_statistics_page_says_fewer_than_k(client, small_rescue):
    content = client.get("/en/results/statistics/").content.decode()
    rescue_row = content[content.index("Rescue department") :]
    rescue_row = rescue_row[: rescue_row.index("</tr>")]
    assert rescue_row.count("fewer than 5") == 2
    sote_row = content[content.index("Social and health") :]
    sote_row = sote_row[: sote_row.index("</tr>")]
    assert ">6<" not in sote_row and "hidden" in sote_row


def test_the_csv_leaves_small_cells_empty_with_a_note(client, small_rescue):
    response = client.get(reverse("results:statistics_csv"))
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="prototyypit-statistics.csv"'
    text = response.content.decode("utf-8").lstrip("\ufeff")
    rows = {(r["breakdown"], r["group"]): r for r in csv.DictReader(io.StringIO(text))}
    rescue = rows[("organisation", "pelastus")]
    assert rescue["submitted_answers"] == "" and rescue["members_who_answered"] == ""
    assert "submitted_answers" in rescue["note"]
    assert rows[("organisation", "sote")]["submitted_answers"] == ""
    assert rows[("total", "total")]["submitted_answers"] == "9"


def test_the_json_has_null_for_small_cells(client, small_rescue):
    response = client.get(reverse("results:statistics_json"))
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="prototyypit-statistics.json"'
    data = json.loads(response.content)
    assert data["licence"] == "CC BY 4.0" and data["anonymity_threshold"] == 5
    records = {(r["breakdown"], r["group"]): r for r in data["records"]}
    rescue = records[("organisation", "pelastus")]
    assert rescue["submitted_answers"] is None and rescue["members_who_answered"] is None
    assert rescue["tasks"] == 2 and rescue["note"]


def test_a_community_smaller_than_k_is_not_counted_openly(client, small_rescue):
    stats = community_statistics()
    assert stats.community_now.shown == 9
    for person in small_rescue[:5]:
        person.member.left_at = person.date_joined
        person.member.save()
    assert community_statistics().community_now.hidden == PRIMARY


def test_a_threshold_from_settings_is_used(small_rescue, settings):
    settings.ANONYMITY_THRESHOLD = 2
    rows = {row.key: row for row in community_statistics().organisations}
    assert rows["pelastus"].answers.shown == 3 and rows["sote"].answers.shown == 6


def test_the_public_pages_compute_the_figures_once_per_language_in_ten_minutes(client, django_assert_num_queries):
    from results.statistics import community_statistics_cached

    with translation.override("fi"):
        first = community_statistics_cached()
        with django_assert_num_queries(0):
            assert community_statistics_cached().total.label == first.total.label == "Kaikki"
    with translation.override("en"):
        assert community_statistics_cached().total.label == "All"


def test_publishing_a_report_refreshes_the_cached_figures(everything):
    from reports.models import ReportStatus
    from results.statistics import community_statistics_cached

    before = community_statistics_cached().total.published
    report = everything["delivered"]
    report.status, report.published_at, report.public_summary = ReportStatus.PUBLISHED, timezone.now(), "Yhteenveto"
    report.save()
    assert community_statistics_cached().total.published == before + 1


def test_every_scrolling_table_on_the_statistics_page_is_a_named_keyboard_region(client, small_rescue):
    content = client.get("/fi/results/statistics/").content.decode()
    wrappers = re.findall(r'<div class="table-scroll"[^>]*>\s*<table>\s*<caption>([^<]*)</caption>', content)
    assert len(wrappers) == 3
    for opening, caption in re.findall(r'(<div class="table-scroll"[^>]*>)\s*<table>\s*<caption>([^<]*)<', content):
        assert 'tabindex="0" role="region"' in opening and f'aria-label="{caption}"' in opening
