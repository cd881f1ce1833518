"""CSV and XLSX of a report: attachments, audit-logged, no small groups, no formulas, no identities."""

from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from audit.models import AuditEvent
from reports.tests.test_report_figures import answer, make_survey, respondents


@pytest.fixture(autouse=True)
def _k5(settings):
    settings.ANONYMITY_THRESHOLD = 5


@pytest.fixture
def survey(sote):
    return make_survey(sote)


@pytest.fixture
def mixed(survey):
    """7 members aged 45–54, 6 aged 35–44 and 3 aged 65–74, all answering; one writes a formula."""
    period, task, single, multiple, text = survey
    groups = [("45-54", 7), ("35-44", 6), ("65-74", 3)]
    users = [u for age, count in groups for u in respondents(period, count, age_group=age, municipality="Hamina")]
    for i, user in enumerate(users):
        other = {single: '=HYPERLINK("http://evil.example","x")'} if i == 0 else {}
        answer(task, user, {single: "a" if i % 2 else "b", multiple: ["a"], text: "-1+2"}, other=other)
    return survey


def _xlsx_cells(content: bytes) -> list:
    workbook = load_workbook(BytesIO(content))
    return [cell for sheet in workbook.worksheets for row in sheet.iter_rows(values_only=True) for cell in row]


def test_it_sends_csv_and_xlsx_as_attachments_and_logs_them(developer_client, developer, mixed):
    period = mixed[0]
    for name, kind in (("reports:export_csv", "text/csv"), ("reports:export_xlsx", "spreadsheetml")):
        response = developer_client.get(reverse(name, args=[period.pk]))
        assert response.status_code == 200 and kind in response["Content-Type"]
        assert response["Content-Disposition"].startswith("attachment;")
    assert AuditEvent.objects.filter(actor=developer, action=AuditEvent.Action.ANSWERS_EXPORTED).count() == 2


def test_it_never_exports_a_group_of_three(manager_client, mixed):
    period = mixed[0]
    csv = manager_client.get(reverse("reports:export_csv", args=[period.pk])).content.decode()
    cells = [str(c) for c in _xlsx_cells(manager_client.get(reverse("reports:export_xlsx", args=[period.pk])).content)]
    for text in (csv, "\n".join(cells)):
        # 65–74 (3) is hidden, and 35–44 (6) with it so that 7 from the total 16 reveals nothing.
        assert "65–74" not in text and "35–44" not in text
        assert "45–54" in text


def test_it_neutralises_formulas_in_csv_and_xlsx(manager_client, mixed):
    period = mixed[0]
    csv = manager_client.get(reverse("reports:export_csv", args=[period.pk])).content.decode()
    assert ",=HYPERLINK" not in csv and "'=HYPERLINK" in csv
    cells = _xlsx_cells(manager_client.get(reverse("reports:export_xlsx", args=[period.pk])).content)
    texts = [c for c in cells if isinstance(c, str)]
    assert not any(c.startswith(("=", "+", "-", "@")) for c in texts)
    assert any(c.startswith("'=HYPERLINK") for c in texts)


def test_it_exports_no_names_or_emails(manager_client, mixed):
    period = mixed[0]
    csv = manager_client.get(reverse("reports:export_csv", args=[period.pk])).content.decode()
    cells = "\n".join(
        str(c) for c in _xlsx_cells(manager_client.get(reverse("reports:export_xlsx", args=[period.pk])).content)
    )
    for text in (csv, cells):
        assert "@example.fi" not in text and "Resident Person" not in text and "Nimimerkki" not in text


def test_it_exports_the_numbers_of_the_page(manager_client, mixed):
    period, _task, single, *_ = mixed
    page = manager_client.get(reverse("reports:detail", args=[period.pk]))
    rows = next(q for q in page.context["figures"]["questions"] if q["id"] == single.pk)["rows"]
    assert [(r["label"], r["count"]) for r in rows] == [("Hyvä", 8), ("Huono", 8)]
    cells = _xlsx_cells(manager_client.get(reverse("reports:export_xlsx", args=[period.pk])).content)
    assert cells[cells.index("Hyvä") : cells.index("Hyvä") + 3] == ["Hyvä", 8, 50.0]
