"""The report's figures as CSV and XLSX: only what the page shows, every cell formula-safe.

The rows come from the same figures dict as the page (the snapshot once delivered), so a group the
page hides is never in a file either: hidden groups are left out, never written as numbers.

The XLSX also has a sheet per task with the raw answers, read from the live answers (they no longer
change once the period has closed), each row under the period's respondent label, never the
pseudonym (periods.respondents). Those sheets carry no background variables, which would let a
reader single out a small group, and a task answered by fewer than k members gets a one-line note
instead of its answers.
"""

import re
from collections import defaultdict
from collections.abc import Iterable, Iterator
from io import BytesIO

from django.http import HttpResponse
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from core.exports import csv_response, safe_cell
from periods.models import Answer, Question, Response, Task
from periods.question_kinds import AnswerReader
from periods.respondents import respondent_label, respondent_numbers

from .discussion import discussion_rows, opinion_group_rows, statement_rows
from .models import Report

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


SECTIONS = (
    ("participation", participation_rows),
    ("questions", question_rows),
    ("crosstabs", crosstab_rows),
    ("discussions", discussion_rows),
    ("statements", statement_rows),
    ("opinion_groups", opinion_group_rows),
)


def section_titles() -> dict[str, str]:
    return {
        "participation": _("Participation"),
        "questions": _("Questions"),
        "crosstabs": _("Cross-tabulations"),
        "discussions": _("Discussions"),
        "statements": _("Statement votes"),
        "opinion_groups": _("Opinion groups"),
    }


def report_csv(figures: dict, filename: str) -> HttpResponse:
    """One CSV with the three tables one after another, each with its header row."""
    rows: list[list] = []
    for _name, section in SECTIONS:
        rows.extend(section(figures))
        rows.append([])
    header, *body = rows
    return csv_response(filename, [str(safe_cell(cell)) for cell in header], body)


def report_xlsx(figures: dict, filename: str, *, report: Report | None = None) -> HttpResponse:
    """An XLSX workbook with a sheet per table and, given the report, a sheet of raw answers per task."""
    # Write-only: rows stream to the file instead of living as cell objects (raw answers are many).
    workbook = Workbook(write_only=True)
    titles = section_titles()
    used: set[str] = set()
    sheets: list[tuple[str, Iterable[list]]] = [(titles[name], section(figures)) for name, section in SECTIONS]
    if report is not None:
        sheets += raw_answer_sheets(report, k=figures["k"])
    for title, rows in sheets:
        sheet = workbook.create_sheet(title=sheet_title(str(title), used))
        for row in rows:
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


# Raw answers --------------------------------------------------------------------------------------

_SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")


def sheet_title(title: str, used: set[str]) -> str:
    """A valid, unique sheet title: at most 31 characters, none of []:*?/\\, not quoted."""
    base = ILLEGAL_CHARACTERS_RE.sub("", _SHEET_FORBIDDEN.sub("", title)).strip().strip("'").strip()
    base = base[:31].rstrip() or str(_("Task"))
    candidate, number = base, 2
    while candidate.casefold() in used:
        suffix = f" ({number})"
        candidate = base[: 31 - len(suffix)].rstrip() + suffix
        number += 1
    used.add(candidate.casefold())
    return candidate


def raw_answer_sheets(report: Report, *, k: int) -> list[tuple[str, list[list]]]:
    """(task title, rows) for each task with questions: a respondent label and an answer per question.

    Four queries, however many answers (more the first time labels are given). Only submitted
    responses count; a task with fewer than k of them gets a note row instead, since so few answers
    could be told apart by anyone who knows who took part.
    """
    period = report.period
    questions: dict[int, list[Question]] = defaultdict(list)
    tasks: dict[int, Task] = {}
    for question in (
        Question.objects.filter(task__period=period)
        .select_related("task")
        .order_by("task__order", "task__pk", "order", "pk")
    ):
        questions[question.task_id].append(question)
        tasks.setdefault(question.task_id, question.task)
    submitted = list(
        Response.objects.filter(task__period=period, submitted_at__isnull=False).values_list(
            "pk", "task_id", "member_id"
        )
    )
    numbers = respondent_numbers(period, [member_id for _pk, _task, member_id in submitted])
    responses: dict[int, list[tuple[int, int | None]]] = defaultdict(list)
    for response_id, task_id, member_id in submitted:
        responses[task_id].append((response_id, numbers.get(member_id)))
    answers = {
        (response_id, question_id): rest
        for response_id, question_id, *rest in Answer.objects.filter(
            response__task__period=period, response__submitted_at__isnull=False
        ).values_list("response_id", "question_id", "value", "other_text", "file", "file_name")
    }
    sheets = []
    for task_id, task in tasks.items():
        task_questions = questions[task_id]
        # In the order of the labels, which is random: not of answering, nor of pseudonyms.
        rows_of_task = sorted(responses[task_id], key=lambda item: (item[1] is None, item[1] or 0, item[0]))
        if len(rows_of_task) < k:
            note = _("The answers of this task are not shown: fewer than %(k)s members submitted it.") % {"k": k}
            sheets.append((task.title, [[note]]))
            continue
        readers = [(q.pk, AnswerReader(q)) for q in task_questions]
        rows: list[list] = [[_("Respondent"), *(q.text for q in task_questions)]]
        for response_id, number in rows_of_task:
            rows.append(
                [
                    respondent_label(number),
                    *(_cell(reader, answers.get((response_id, pk))) for pk, reader in readers),
                ]
            )
        sheets.append((task.title, rows))
    return sheets


def _cell(reader: AnswerReader, answer: list | None) -> object:
    """One stored answer (value, other text, file, file name) as a single cell."""
    if answer is None:
        return ""
    value, other, file, file_name = answer
    return reader.cell(value, other=other, file_name=file_name or ("[file]" if file else ""))
