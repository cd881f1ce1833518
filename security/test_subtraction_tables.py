"""Subtraction on report tables, as an analyst with a developer's login would try it, finds nothing.

Every report's page, CSV, XLSX and PDF render one figures dict (the snapshot once delivered). The
audit (reports/analysis/disclosure_audit.py) reads every number in it and asks an integer program
for the smallest and largest value of each hidden count: none of 1 to k − 1 people may be narrowed
to a range that reaches neither 0 nor k. The public statistics get the same audit. On the demo the
whole audit, with the figures counted twice (as published and with nothing hidden), takes about
8 s on two busy cores.
"""

import csv
from io import StringIO

import pytest
from django.urls import reverse
from django.utils import translation

from periods.models import Period
from reports.analysis.disclosure_audit import audit, report_models, sums_model
from reports.figures import report_figures
from reports.rules import threshold
from reports.services import report_for
from reports.views.common import figures_of
from results.statistics import community_statistics, statistics_sums

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(demo, settings):
    """The shared demo, read with k = 5."""
    settings.ANONYMITY_THRESHOLD = 5


def test_no_hidden_count_of_any_demo_report_can_be_narrowed_below_k(demo):
    """SECURITY.md #6, #29: every table of every demo report passes the integer-programming audit."""
    k = threshold()
    audited = 0
    for period in Period.objects.filter(tasks__isnull=False).distinct():
        published = figures_of(report_for(period), live=True)
        truth = report_figures(period, k=1)
        for model in report_models(published, truth):
            assert audit(model, k) == [], model.name
            audited += sum(0 < target.true < k for target in model.targets)
    # Not vacuous: the demo has small groups, hidden and checked.
    assert audited > 20


def test_the_public_statistics_of_the_demo_pass_the_audit(demo):
    """SECURITY.md #6, #29: quarters, years and organisations leave no hidden count of people under k.

    The public statistics break nothing down by background: what they share with a report (its
    members who answered, its submitted answers) are the report's own totals, shown to its staff,
    so they narrow no hidden group of a report; they are audited as a table of their own.
    """
    statistics = community_statistics()
    rows, sums = statistics_sums(statistics)
    for measure in ("answers", "members"):
        counts = {key: getattr(row, measure).value for key, row in rows.items()}
        hidden = {key for key, row in rows.items() if getattr(row, measure).hidden}
        assert audit(sums_model(counts, hidden, sums, name=measure), statistics.k) == []


def _csv_sections(content: str) -> list[list[list[str]]]:
    sections, current = [], []
    for row in csv.reader(StringIO(content)):
        if not any(row):
            sections.append(current)
            current = []
        else:
            current.append(row)
    return [*sections, current] if current else sections


def test_report_csv_leaves_no_group_under_k_to_subtract(demo, manager_client):
    """SECURITY.md #6, #29: the issue's replay, totals minus every shown group, on each report.csv.

    What remains of a total after its shown groups is a group of its own (the issue's 4 others):
    it must be empty or at least k, for participation and for every cross-tab.
    """
    k = threshold()
    for period in Period.objects.filter(tasks__isnull=False).distinct():
        with translation.override("en"):
            url = reverse("reports:export_csv", args=[period.pk])
        content = manager_client.get(url).content.decode("utf-8-sig")
        participation, questions, crosstabs, *_rest = _csv_sections(content)
        total, *rows = participation[1:]
        shown: dict[str, list[int]] = {}
        for variable, _group, *counts in rows:
            if variable != "Task" and all(count.isdigit() for count in counts):
                sums = shown.setdefault(variable, [0, 0, 0])
                for i, count in enumerate(counts):
                    sums[i] += int(count)
        for variable, sums in shown.items():
            for i, shown_sum in enumerate(sums):
                rest = int(total[2 + i]) - shown_sum
                assert rest == 0 or rest >= k, (period.pk, variable, rest)
        respondents = {row[0]: int(row[5]) for row in questions[1:] if row[5]}
        sizes: dict[tuple[str, str], dict[str, int]] = {}
        for question, variable, group, _option, _count, _pct, size in crosstabs[1:]:
            sizes.setdefault((question, variable), {})[group] = int(size)
        for (question, variable), groups in sizes.items():
            rest = respondents[question] - sum(groups.values())
            assert rest == 0 or rest >= k, (period.pk, question, variable, rest)


# Every number of the figures dict, by where it sits: either the audit reads it, or it counts no
# background group (and so cannot narrow a hidden one). A new number must be put in one or the other.
AUDITED = {
    ".k",
    ".participation.invited",
    ".participation.started",
    ".participation.finished",
    ".participation.tasks[].started",
    ".participation.tasks[].finished",
    ".participation.by_variable.*.groups[].invited",
    ".participation.by_variable.*.groups[].started",
    ".participation.by_variable.*.groups[].finished",
    ".questions[].id",
    ".questions[].task_id",
    ".questions[].n",
    ".questions[].rows[].count",
    ".questions[].rows[].pct",
    ".crosstabs.*.*.question_id",
    ".crosstabs.*.*.n",
    ".crosstabs.*.*.columns[].n",
    ".crosstabs.*.*.rows[].total",
    ".crosstabs.*.*.rows[].cells[].count",
    ".crosstabs.*.*.rows[].cells[].pct",
}
WITHOUT_BACKGROUND = (
    ".participation.k",
    ".participation.tasks[].id",
    ".participation.tasks[].invited",  # everyone invited to the period
    ".questions[].rows[].mean_rank",  # rankings are not cross-tabulated
    ".questions[].likert",  # nor are Likert statements
    ".questions[].other_authors",  # user ids kept for erasure, never rendered
    ".codes",
    ".quotes",  # quotes picked by staff, with ids of their authors and findings, never rendered
    ".discussions",
    ".statements",
)
WILDCARD_KEYS = (".crosstabs", ".crosstabs.*", ".participation.by_variable")


def _numbers(value, path: str = "") -> set[str]:
    if isinstance(value, dict):
        return {
            found
            for key, item in value.items()
            for found in _numbers(item, f"{path}.{'*' if path in WILDCARD_KEYS else key}")
        }
    if isinstance(value, list):
        return {found for item in value for found in _numbers(item, f"{path}[]")}
    return {path} if isinstance(value, int | float) and not isinstance(value, bool) else set()


def test_every_number_a_report_publishes_is_read_by_the_audit_or_counts_no_background_group(demo):
    """SECURITY.md #29: the audit's constraints are every published number, not the ones someone remembered."""
    found = set()
    for period in Period.objects.filter(tasks__isnull=False).distinct():
        found |= _numbers(figures_of(report_for(period), live=True))
    unknown = {path for path in found - AUDITED if not path.startswith(WITHOUT_BACKGROUND)}
    assert not unknown, f"add these to reports/analysis/disclosure_audit.py or to WITHOUT_BACKGROUND: {unknown}"
    assert found >= AUDITED
