"""A developer reads their own report, page and exports, looking for a group of fewer than k members.

The finer attacks (intersecting filters, several hidden cells, joins across reports) are replayed in
test_subtraction_*.py; this one is the first thing an analyst tries: the total minus the groups shown.
"""

import csv
from io import BytesIO, StringIO

import pytest
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from reports.figures import report_figures
from reports.services import report_for
from reports.tests.test_report_figures import answer, make_survey, respondents

pytestmark = pytest.mark.django_db

K = 5
AGES = [("45-54", "45–54", 7), ("35-44", "35–44", 6), ("65-74", "65–74", 3)]


@pytest.fixture
def period(sote, settings):
    """16 respondents in Hamina: 7 aged 45–54, 6 aged 35–44 and 3 aged 65–74 (under k)."""
    settings.ANONYMITY_THRESHOLD = K
    period, task, single, multiple, text = make_survey(sote)
    for value, _label, count in AGES:
        for i, user in enumerate(respondents(period, count, age_group=value, municipality="Hamina")):
            answer(task, user, {single: "a" if i % 2 else "b", multiple: ["a"], text: "Palaute"})
    report = report_for(period)
    report.figures = report_figures(period)
    report.save(update_fields=["figures"])
    return period


def _tables(text: str) -> list[list[dict]]:
    """The CSV's tables, separated by blank lines, as rows keyed by their header."""
    blocks = text.lstrip("\ufeff").replace("\r\n", "\n").strip().split("\n\n")
    return [rows for rows in (list(csv.DictReader(StringIO(block))) for block in blocks) if rows]


def _table_with(tables: list[list[dict]], column: str) -> list[dict]:
    return next(rows for rows in tables if column in rows[0])


def _unaccounted(total: int, shown: int) -> None:
    assert total - shown == 0 or total - shown >= K, f"{total} - {shown} reveals a group of {total - shown}"


def test_no_group_under_k_can_be_worked_out_from_the_totals_of_the_csv(developer_client, period):
    """SECURITY.md #6: for every background variable, the groups shown leave 0 or at least k people unaccounted for.

    Both in participation (finished per group against the total) and in the answers per group
    (group sizes against the question's respondents).
    """
    with translation.override("en"):  # the column names read below are the English ones (labels may be Finnish)
        path = reverse("reports:export_csv", args=[period.pk])
    tables = _tables(developer_client.get(path).content.decode())
    participation = _table_with(tables, "Participation")
    total = int(next(row for row in participation if row["Participation"] == "Total")["Finished"])
    shown: dict[str, int] = {}
    for row in participation:
        if row["Participation"] not in ("Total", "Task") and row["Finished"]:
            shown[row["Participation"]] = shown.get(row["Participation"], 0) + int(row["Finished"])
    assert total == 16 and shown
    for variable_total in shown.values():
        _unaccounted(total, variable_total)

    respondents_of = {row["Question"]: int(row["Respondents"]) for row in _table_with(tables, "Respondents")}
    sizes: dict[tuple[str, str], dict[str, int]] = {}
    for row in _table_with(tables, "Group size"):
        sizes.setdefault((row["Question"], row["Background variable"]), {})[row["Group"]] = int(row["Group size"])
    assert sizes
    for (question, _variable), groups in sizes.items():
        _unaccounted(respondents_of[question], sum(groups.values()))


def test_the_page_csv_and_xlsx_never_name_the_small_group_nor_its_partner(developer_client, period):
    """SECURITY.md #6: 65–74 (3) is hidden everywhere, and 35–44 (6) with it, since 16 − 7 − 6 would give 3."""
    page = developer_client.get(reverse("reports:detail", args=[period.pk])).content.decode()
    text = developer_client.get(reverse("reports:export_csv", args=[period.pk])).content.decode()
    workbook = load_workbook(BytesIO(developer_client.get(reverse("reports:export_xlsx", args=[period.pk])).content))
    cells = "\n".join(
        str(cell) for sheet in workbook.worksheets for row in sheet.iter_rows(values_only=True) for cell in row
    )
    assert "45–54" in page and "45–54" in text and "45–54" in cells
    for shown in (page, text, cells):
        assert "65–74" not in shown and "35–44" not in shown
