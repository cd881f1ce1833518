"""The slow parts (counting, embedding, clustering) run outside any transaction; only the short writes are inside.

A write transaction open during seconds of computing holds SQLite's only write lock, and every
member's save waits behind it (or fails after the busy timeout).
"""

import pytest
from django.db import connection

from reports import services, text_service
from reports.build import report_build_now
from reports.services import report_deliver, report_for
from reports.tests.test_text_service import _answers, fixture_rows, question  # noqa: F401 (fixtures)

pytestmark = pytest.mark.django_db


@pytest.fixture
def transactions_seen(monkeypatch):
    """Wrap functions so that each call records how many transactions were open beyond the test's own."""
    outer = len(connection.atomic_blocks)
    depths: list[int] = []

    def watch(owner, name):
        original = getattr(owner, name)

        def watched(*args, **kwargs):
            depths.append(len(connection.atomic_blocks) - outer)
            return original(*args, **kwargs)

        monkeypatch.setattr(owner, name, watched)

    return depths, watch


def test_delivery_reads_the_themes_and_labels_respondents_before_its_transaction(transactions_seen, filled, manager):
    depths, watch = transactions_seen
    report = report_for(filled[0])
    report_build_now(report)
    watch(services, "themes_snapshot")
    watch(services, "respondents_number")
    report_deliver(report=report, actor=manager, built_at=report.build_marker)
    assert depths == [0, 0]


def test_the_analysis_on_save_embeds_before_its_transaction(transactions_seen, question):  # noqa: F811
    depths, watch = transactions_seen
    watch(text_service.reading, "answer_vectors")
    watch(text_service, "_analyses_store")
    text_service.answer_analyse(_answers(question, ["Bussit kulkevat liian harvoin iltaisin."]))
    assert depths == [0, 0]


def test_themes_are_clustered_before_their_transaction(transactions_seen, question, fixture_rows):  # noqa: F811
    depths, watch = transactions_seen
    text_service.answer_analyse(_answers(question, fixture_rows[1][:12]))
    watch(text_service.reading, "cluster_vectors")
    watch(text_service, "_themes_store")
    text_service.themes_build(question, k=2)
    assert depths == [0, 0]
