"""The issue's numbers, end to end: the 4 other-language speakers cannot be subtracted out of a report.

20 members answered a 1–5 scale 4, 6, 2, 3, 5 times. The 16 Finnish speakers answered 3, 5, 0, 3, 5;
3 Swedish speakers and 1 of another language the rest. Showing the Finnish column gave away how the
4 others answered (SECURITY.md #6, #29): total minus Finnish.
"""

import csv
from io import BytesIO, StringIO

import pytest
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from periods.models import QuestionKind
from periods.tests.factories import PeriodFactory, QuestionFactory, TaskFactory
from reports.analysis.disclosure_audit import report_findings
from reports.figures import report_figures
from reports.services import report_for
from reports.tests.test_report_figures import answer, respondents

SAME = {"age_group": "35-44", "municipality": "Kotka", "gender": "female", "life_situation": "working"}


@pytest.fixture
def languages(sote):
    period = PeriodFactory(organisations=[sote])
    scale = QuestionFactory(task=TaskFactory(period=period), kind=QuestionKind.SCALE5)
    answers = {"fi": [1] * 3 + [2] * 5 + [4] * 3 + [5] * 5, "sv": [1, 3, 3], "other": [2]}
    for tongue, values in answers.items():
        for user, value in zip(respondents(period, len(values), mother_tongue=tongue, **SAME), values, strict=True):
            answer(scale.task, user, {scale: value})
    report = report_for(period)
    with translation.override("en"):
        report.figures = report_figures(period)  # as a finished background build leaves them
    report.save()
    return period, scale


def _get(client, name: str, period_id: int, query: str = ""):
    with translation.override("en"):
        return client.get(reverse(name, args=[period_id]) + query)


def test_the_totals_are_shown_and_no_language_group(manager_client, languages):
    period, scale = languages
    page = _get(manager_client, "reports:detail", period.pk, f"?question={scale.pk}&variable=mother_tongue")
    crosstab = page.context["crosstab"]
    assert [row["total"] for row in crosstab["rows"]] == [4, 6, 2, 3, 5]
    # The Finnish 16 would leave 4: every language group is hidden, and the page says only that some are.
    assert crosstab["columns"] == [] and "Some groups are hidden: too few to show." in page.content.decode()
    municipality = _get(manager_client, "reports:detail", period.pk, f"?question={scale.pk}&variable=municipality")
    assert [(c["label"], c["n"]) for c in municipality.context["crosstab"]["columns"]] == [("Kotka", 20)]


def test_report_csv_leaves_nothing_to_subtract(manager_client, languages):
    period, _scale = languages
    rows = list(csv.reader(StringIO(_get(manager_client, "reports:export_csv", period.pk).content.decode("utf-8-sig"))))
    crosstab = [row for row in rows if len(row) == 7 and row[1] == "mother tongue"]
    assert crosstab == []
    participation = [row for row in rows if row and row[0] == "mother tongue"]
    assert participation == [["mother tongue", "hidden groups (fewer than 5)", "", "", ""]]
    # The 3,5,0,3,5 of the Finnish appear nowhere as counts of a group.
    groups = [row for row in rows if len(row) == 7 and row[2] == "Finnish"]
    assert groups == []


def test_report_xlsx_leaves_nothing_to_subtract(manager_client, languages):
    period, _scale = languages
    workbook = load_workbook(BytesIO(_get(manager_client, "reports:export_xlsx", period.pk).content))
    cells = {cell for sheet in workbook.worksheets for row in sheet.iter_rows(values_only=True) for cell in row}
    assert "Finnish" not in cells and "Swedish" not in cells


def test_the_report_passes_the_audit(languages):
    period, _scale = languages
    published = report_for(period).figures
    assert report_findings(published, report_figures(period, k=1)) == []
