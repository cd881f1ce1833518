"""CSV and XLSX of a report: attachments, audit-logged, no small groups, no formulas, no identities."""

from io import BytesIO

import pytest
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from audit.models import AuditEvent
from periods.models import PeriodRespondent, QuestionKind
from periods.respondents import respondents_number
from periods.tests.factories import QuestionFactory, TaskFactory, options
from reports.exports import sheet_title
from reports.figures import report_figures
from reports.services import report_for
from reports.tests.test_report_figures import answer, respondents


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
    """SECURITY.md #18: The report's CSV and XLSX neutralise formulas."""
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
        assert "@example.fi" not in text and "Resident Person" not in text
    # Pseudonyms appear only beside raw answers, never in the aggregate tables.
    assert "Nimimerkki" not in csv


def test_it_exports_the_numbers_of_the_page(manager_client, mixed):
    period, _task, single, *_ = mixed
    report = report_for(period)
    report.figures = report_figures(period)  # as a finished background build leaves them
    report.save()
    page = manager_client.get(reverse("reports:detail", args=[period.pk]))
    rows = next(q for q in page.context["figures"]["questions"] if q["id"] == single.pk)["rows"]
    assert [(r["label"], r["count"]) for r in rows] == [("Hyvä", 8), ("Huono", 8)]
    cells = _xlsx_cells(manager_client.get(reverse("reports:export_xlsx", args=[period.pk])).content)
    assert cells[cells.index("Hyvä") : cells.index("Hyvä") + 3] == ["Hyvä", 8, 50.0]


# Raw answers, a sheet per task ---------------------------------------------------------------------


def _workbook(client, period_id: int):
    response = client.get(reverse("reports:export_xlsx", args=[period_id]))
    assert response.status_code == 200
    return load_workbook(BytesIO(response.content))


def _rows(sheet) -> list[tuple]:
    return list(sheet.iter_rows(values_only=True))


@pytest.fixture
def rich(survey):
    """Six members answer every kind of question of the survey task; a seventh leaves a draft."""
    period, task, single, multiple, text = survey
    ranking = QuestionFactory(task=task, kind=QuestionKind.RANKING, choices=options("Nopeus", "Hinta"))
    likert = QuestionFactory(task=task, kind=QuestionKind.LIKERT, choices=options("Palvelu", "Odotus"))
    scale = QuestionFactory(task=task, kind=QuestionKind.SCALE5)
    upload = QuestionFactory(task=task, kind=QuestionKind.UPLOAD)
    users = respondents(period, 7, age_group="45-54", municipality="Kotka")
    for i, user in enumerate(users[:6]):
        values = {
            single: "a",
            multiple: ["a", "c"],
            text: f"Vastaus {i}" if i else "=1+1",
            ranking: ["b", "a"],
            likert: {"a": 4, "b": 2},
            scale: 3,
        }
        response = answer(task, user, values, other={single: "Jotain muuta"} if i == 0 else {})
        if i == 1:
            response.answers.create(question=upload, file="answers/2026/11/x1.png", file_name="kuva.png")
    answer(task, users[6], {single: "b", text: "Luonnos"}, submitted=False)
    return survey, users, (ranking, likert, scale, upload)


def test_it_writes_the_raw_answers_of_a_task_by_respondent_label(manager_client, rich):
    (period, task, single, multiple, text), users, (ranking, likert, scale, upload) = rich
    workbook = _workbook(manager_client, period.pk)
    sheet = workbook[task.title_fi]
    header, *rows = _rows(sheet)
    questions = [single, multiple, text, ranking, likert, scale, upload]
    with translation.override("fi"):
        assert header == (translation.gettext("Respondent"), *(q.text_fi for q in questions))
        other = f"Hyvä; {translation.gettext('other')}: Jotain muuta"
        steps = {4: translation.gettext("somewhat agree"), 2: translation.gettext("somewhat disagree")}
        numbers = dict(PeriodRespondent.objects.filter(period=period).values_list("member_id", "number"))
        label = {pk: translation.gettext("Respondent %(number)s") % {"number": n} for pk, n in numbers.items()}
    # Every invited member has the period's label; only the six submitted responses are rows.
    assert sorted(numbers) == sorted(u.pk for u in users) and sorted(numbers.values()) == list(range(1, 8))
    submitted = sorted((u.pk for u in users[:6]), key=numbers.get)
    assert [row[0] for row in rows] == [label[pk] for pk in submitted], "in label order"
    by_label = {row[0]: row[1:] for row in rows}
    first = by_label[label[users[0].pk]]
    assert first[0] == other
    grid = f"Palvelu: 4 – {steps[4]}; Odotus: 2 – {steps[2]}"
    assert first[1:] == ("A; C", "'=1+1", "1. Hinta; 2. Nopeus", grid, 3, None)
    assert by_label[label[users[1].pk]][6] == "kuva.png"
    assert by_label[label[users[2].pk]][2] == "Vastaus 2"
    everything = "\n".join(str(c) for row in _rows(sheet) for c in row)
    assert "Luonnos" not in everything
    for identity in ("Nimimerkki", "@example.fi", "Resident Person", "Kotka", "45–54"):
        assert identity not in everything


def test_it_writes_a_note_instead_of_the_answers_of_fewer_than_k(manager_client, rich):
    (period, *_rest), users, _questions = rich
    small = TaskFactory(period=period, title_fi="Pieni tehtävä: [ohje]?")
    question = QuestionFactory(task=small, kind=QuestionKind.TEXT)
    for user in users[:4]:
        answer(small, user, {question: "Harvinainen vastaus"})
    workbook = _workbook(manager_client, period.pk)
    sheet = workbook["Pieni tehtävä ohje"]
    assert len(_rows(sheet)) == 1
    (note,) = _rows(sheet)[0]
    with translation.override("fi"):
        expected = translation.gettext("The answers of this task are not shown: fewer than %(k)s members submitted it.")
    assert note == expected % {"k": 5}
    assert not any("Harvinainen" in str(c) or "Nimimerkki" in str(c) for row in _rows(sheet) for c in row), (
        "no answer and no pseudonym of a group of four"
    )


def test_it_writes_the_answers_once_k_members_submitted(manager_client, settings, rich):
    settings.ANONYMITY_THRESHOLD = 7  # six submitted the survey task: one fewer than k
    (period, task, *_rest), _users, _questions = rich
    assert len(_rows(_workbook(manager_client, period.pk)[task.title_fi])) == 1
    settings.ANONYMITY_THRESHOLD = 6
    assert len(_rows(_workbook(manager_client, period.pk)[task.title_fi])) == 7


@translation.override("en")
def test_it_names_sheets_validly_and_uniquely():
    used = {"participation"}
    assert sheet_title("Participation", used) == "Participation (2)"
    assert sheet_title("A/B: [c]*?\\ d", used) == "AB c d"
    long = "Tehtävä, jonka nimi on paljon pidempi kuin kolmekymmentäyksi merkkiä"
    first, second = sheet_title(long, used), sheet_title(long, used)
    assert len(first) == 31 and len(second) <= 31 and first != second and second.endswith("(2)")
    assert sheet_title("''", used) == "Task"
    assert sheet_title("[]", used) == "Task (2)"


def test_it_exports_the_xlsx_within_a_query_budget(developer_client, rich, django_assert_max_num_queries):
    period = rich[0][0]
    respondents_number(period)  # labels are given once, at delivery or on the first view
    with django_assert_max_num_queries(25):
        assert developer_client.get(reverse("reports:export_xlsx", args=[period.pk])).status_code == 200
