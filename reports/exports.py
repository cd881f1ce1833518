"""The report's figures as CSV and XLSX: only what the page shows, every cell formula-safe.

The rows come from the same figures dict as the page (the snapshot once delivered), so a group the
page hides is never in a file either: hidden groups are left out, never written as numbers.
"""

from collections.abc import Iterator
from io import BytesIO

from django.http import HttpResponse
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from core.exports import csv_response, safe_cell

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def participation_rows(figures: dict) -> Iterator[list]:
    part = figures["participation"]
    yield [_("Participation"), _("Group"), _("Invited"), _("Started"), _("Finished")]
    yield [_("Total"), "", part["invited"], part["started"], part["finished"]]
    for task in part["tasks"]:
        yield [_("Task"), task["title"], task["invited"], task["started"], task["finished"]]
    for variable in part["by_variable"].values():
        for group in variable["groups"]:
            if group["hidden"]:
                continue
            yield [variable["label"], group["label"], group["invited"], group["started"], group["finished"]]
        if variable["any_hidden"]:
            yield [variable["label"], _("hidden groups (fewer than %(k)s)") % {"k": figures["k"]}, "", "", ""]


def question_rows(figures: dict) -> Iterator[list]:
    yield [_("Question"), _("Option"), _("Count"), _("Per cent"), _("Mean rank"), _("Respondents"), _("Other answer")]
    for question in figures["questions"]:
        for row in question["rows"]:
            yield [question["text"], row["label"], row["count"], row.get("pct"), row.get("mean_rank"), question["n"]]
        for line in question["likert"]:
            for cell in line["cells"]:
                yield [
                    f"{question['text']} — {line['label']}",
                    cell["value"],
                    cell["count"],
                    cell["pct"],
                    None,
                    line["n"],
                ]
        for other in question["other"]:
            yield [question["text"], _("other"), None, None, None, question["n"], other]


def crosstab_rows(figures: dict) -> Iterator[list]:
    yield [_("Question"), _("Background variable"), _("Group"), _("Option"), _("Count"), _("Per cent"), _("Group size")]
    texts = {str(q["id"]): q["text"] for q in figures["questions"]}
    for question_id, tables in figures["crosstabs"].items():
        for table in tables.values():
            for row in table["rows"]:
                for column, cell in zip(table["columns"], row["cells"], strict=True):
                    yield [
                        texts.get(question_id, ""),
                        table["variable_label"],
                        column["label"],
                        row["label"],
                        cell["count"],
                        cell["pct"],
                        column["n"],
                    ]


SECTIONS = (("participation", participation_rows), ("questions", question_rows), ("crosstabs", crosstab_rows))


def report_csv(figures: dict, filename: str) -> HttpResponse:
    """One CSV with the three tables one after another, each with its header row."""
    rows: list[list] = []
    for _name, section in SECTIONS:
        rows.extend(section(figures))
        rows.append([])
    header, *body = rows
    return csv_response(filename, [str(safe_cell(cell)) for cell in header], body)


def report_xlsx(figures: dict, filename: str) -> HttpResponse:
    """An XLSX workbook with a sheet per table."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    titles = {"participation": _("Participation"), "questions": _("Questions"), "crosstabs": _("Cross-tabulations")}
    for name, section in SECTIONS:
        sheet = workbook.create_sheet(title=str(titles[name])[:31])
        for row in section(figures):
            sheet.append([_xlsx_cell(cell) for cell in row])
    buffer = BytesIO()
    workbook.save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _xlsx_cell(value: object) -> object:
    """Formula-safe, and without the control characters that XLSX cannot hold."""
    if isinstance(value, str):
        value = ILLEGAL_CHARACTERS_RE.sub("", value)
    return safe_cell(value)
