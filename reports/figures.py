"""The numbers of a period report, computed from the database into plain, JSON-ready dicts.

Every function reads a bounded number of queries, however many respondents there are, and hides
any group of respondents smaller than the anonymity threshold k (reports/analysis/suppression.py).
Keys of the dicts are strings so that a delivered report can store them as its snapshot.
"""

from collections import Counter, defaultdict

from django.conf import settings
from django.db.models import Count, Exists, Func, OuterRef, Q, TextField
from django.utils.translation import gettext as _

from accounts.background import AgeGroup, Gender, LifeSituation, MotherTongue, municipality_choices
from periods.models import Answer, Participant, Period, Question, QuestionKind, Response

from .analysis.suppression import suppress_groups

CLOSED_KINDS = (
    QuestionKind.SINGLE,
    QuestionKind.MULTIPLE,
    QuestionKind.SCALE5,
    QuestionKind.SCALE10,
    QuestionKind.RANKING,
    QuestionKind.YESNO,
    QuestionKind.LIKERT,
)
CROSSTAB_KINDS = (
    QuestionKind.SINGLE,
    QuestionKind.MULTIPLE,
    QuestionKind.SCALE5,
    QuestionKind.SCALE10,
    QuestionKind.YESNO,
)
VARIABLES = ("age_group", "municipality", "gender", "mother_tongue", "life_situation")


def threshold() -> int:
    return settings.ANONYMITY_THRESHOLD


def variable_labels() -> dict[str, str]:
    return {
        "age_group": _("age group"),
        "municipality": _("municipality"),
        "gender": _("gender"),
        "mother_tongue": _("mother tongue"),
        "life_situation": _("life situation"),
    }


def group_labels(variable: str) -> dict[str, str]:
    """Every known value of a background variable with its label; "" is the group that did not say."""
    choices = {
        "age_group": AgeGroup.choices,
        "municipality": municipality_choices(),
        "gender": Gender.choices,
        "mother_tongue": MotherTongue.choices,
        "life_situation": LifeSituation.choices,
    }[variable]
    labels = {str(value): str(label) for value, label in choices}
    labels[""] = _("not given")
    return labels


def _label(variable: str, value: str) -> str:
    return group_labels(variable).get(value, value)


def _pct(count: int, total: int) -> float | None:
    return round(100 * count / total, 1) if total else None


# Participation ---------------------------------------------------------------------------------


def participation(period: Period, *, k: int | None = None) -> dict:
    """Invited, started and finished members, in total, per task and by background group."""
    k = threshold() if k is None else k
    responses = Response.objects.filter(task__period=period, member=OuterRef("member"))
    rows = list(
        Participant.objects.filter(period=period)
        .annotate(
            started=Exists(responses),
            finished=Exists(responses.filter(submitted_at__isnull=False)),
        )
        .values("started", "finished", *(f"member__member__{v}" for v in VARIABLES))
    )
    tasks = []
    per_task = defaultdict(lambda: {"started": 0, "finished": 0})
    for task_id, submitted in Response.objects.filter(task__period=period).values_list("task_id", "submitted_at"):
        per_task[task_id]["started"] += 1
        per_task[task_id]["finished"] += submitted is not None
    for task in period.tasks.order_by("order", "pk"):
        tasks.append({"id": task.pk, "title": task.title, "invited": len(rows), **per_task[task.pk]})

    by_variable = {}
    for variable in VARIABLES:
        groups: dict[str, dict[str, int]] = defaultdict(lambda: {"invited": 0, "started": 0, "finished": 0})
        for row in rows:
            group = groups[row[f"member__member__{variable}"] or ""]
            group["invited"] += 1
            group["started"] += row["started"]
            group["finished"] += row["finished"]
        hidden = suppress_groups({key: value["invited"] for key, value in groups.items()}, k)
        by_variable[variable] = {
            "label": variable_labels()[variable],
            "groups": [
                {
                    "value": key,
                    "label": _label(variable, key),
                    "hidden": key in hidden,
                    **({"invited": None, "started": None, "finished": None} if key in hidden else counts),
                }
                for key, counts in sorted(groups.items(), key=lambda item: _label(variable, item[0]))
            ],
            "any_hidden": bool(hidden),
        }
    return {
        "invited": len(rows),
        "started": sum(row["started"] for row in rows),
        "finished": sum(row["finished"] for row in rows),
        "tasks": tasks,
        "by_variable": by_variable,
        "k": k,
    }


# Closed questions --------------------------------------------------------------------------------


def question_options(question: Question) -> list[tuple[str, str]]:
    """(value, label) of the answers a closed question can have, in order."""
    if question.kind == QuestionKind.YESNO:
        return [("yes", _("yes")), ("no", _("no"))]
    if question.kind == QuestionKind.SCALE5:
        return [(str(n), str(n)) for n in range(1, 6)]
    if question.kind == QuestionKind.SCALE10:
        return [(str(n), str(n)) for n in range(11)]
    if question.kind == QuestionKind.LIKERT:
        return [(str(n), str(n)) for n in range(1, 6)]
    return question.options()


def _submitted_answers(question: Question):
    return Answer.objects.filter(question=question, response__submitted_at__isnull=False, value__isnull=False)


def _picked(question: Question, value) -> list[str]:
    """The option values one answer counts for."""
    if question.kind == QuestionKind.MULTIPLE:
        return [str(v) for v in value] if isinstance(value, list) else []
    if value in ("", None, []):
        return []
    return [str(value)]


def question_table(question: Question, *, k: int | None = None) -> dict:
    """Counts and percentages per option (mean rank for rankings; a row per statement for Likert)."""
    k = threshold() if k is None else k
    answers = list(_submitted_answers(question).values_list("value", "other_text"))
    n = len(answers)
    options = question_options(question)
    table = {
        "id": question.pk,
        "task_id": question.task_id,
        "text": question.text,
        "kind": question.kind,
        "n": n,
        "rows": [],
        "likert": [],
        "other": [],
    }
    if question.kind == QuestionKind.RANKING:
        positions: dict[str, list[int]] = defaultdict(list)
        for value, _other in answers:
            for place, option in enumerate(value if isinstance(value, list) else [], start=1):
                positions[str(option)].append(place)
        table["rows"] = [
            {
                "value": value,
                "label": label,
                "count": len(positions[value]),
                "mean_rank": round(sum(positions[value]) / len(positions[value]), 2) if positions[value] else None,
            }
            for value, label in options
        ]
    elif question.kind == QuestionKind.LIKERT:
        for row_value, row_label in question.options():
            counts = Counter(
                str(value.get(row_value)) for value, _other in answers if isinstance(value, dict) and row_value in value
            )
            row_n = sum(counts.values())
            table["likert"].append(
                {
                    "value": row_value,
                    "label": row_label,
                    "n": row_n,
                    "cells": [{"value": v, "count": counts[v], "pct": _pct(counts[v], row_n)} for v, _l in options],
                }
            )
    else:
        counts = Counter(option for value, _other in answers for option in _picked(question, value))
        table["rows"] = [
            {"value": value, "label": label, "count": counts[value], "pct": _pct(counts[value], n)}
            for value, label in options
        ]
    # "Other" texts are members' own words: none are listed from fewer than k respondents.
    if n >= k:
        table["other"] = sorted(other for _value, other in answers if other)
    table["other_hidden"] = n < k and any(other for _value, other in answers)
    return table


def crosstabs(question: Question, *, k: int | None = None, variables=VARIABLES) -> dict[str, dict]:
    """Options × background groups of one question, for each variable, from one query."""
    k = threshold() if k is None else k
    if question.kind not in CROSSTAB_KINDS:
        return {}
    rows = list(
        _submitted_answers(question).values_list("value", *(f"response__member__member__{v}" for v in variables))
    )
    options = question_options(question)
    result = {}
    for index, variable in enumerate(variables, start=1):
        totals: Counter = Counter()
        cells: Counter = Counter()
        for row in rows:
            group = row[index] or ""
            totals[group] += 1
            for option in _picked(question, row[0]):
                cells[(option, group)] += 1
        # Each column is a group of respondents: hide the small ones, and a partner when one alone
        # would be recoverable from the row totals.
        hidden = suppress_groups(dict(totals), k)
        columns = sorted(totals, key=lambda key: _label(variable, key))
        shown = [c for c in columns if c not in hidden]
        result[variable] = {
            "question_id": question.pk,
            "variable": variable,
            "variable_label": variable_labels()[variable],
            "columns": [{"value": c, "label": _label(variable, c), "n": totals[c]} for c in shown],
            "hidden_columns": len(hidden),
            "rows": [
                {
                    "value": value,
                    "label": label,
                    "total": sum(cells[(value, c)] for c in columns),
                    "cells": [{"count": cells[(value, c)], "pct": _pct(cells[(value, c)], totals[c])} for c in shown],
                }
                for value, label in options
            ],
            "n": len(rows),
        }
    return result


def crosstab(question: Question, variable: str, *, k: int | None = None) -> dict | None:
    return crosstabs(question, k=k, variables=(variable,)).get(variable)


# Open answers -----------------------------------------------------------------------------------


def open_answers(
    period: Period,
    *,
    task: int | None = None,
    question: int | None = None,
    search: str = "",
    segment: dict[str, str] | None = None,
    k: int | None = None,
) -> dict:
    """Pseudonymous open-text answers, filtered; nothing when the segment has fewer than k respondents.

    `answers` is a queryset of dicts (id, text, question, task, pseudonym) ready for pagination: it
    never carries a name or an email.
    """
    k = threshold() if k is None else k
    answers = Answer.objects.filter(
        question__task__period=period,
        question__kind=QuestionKind.TEXT,
        response__submitted_at__isnull=False,
    ).exclude(value__isnull=True)
    if task:
        answers = answers.filter(question__task_id=task)
    if question:
        answers = answers.filter(question_id=question)
    segment = {key: value for key, value in (segment or {}).items() if key in VARIABLES and value is not None}
    if segment:
        answers = answers.filter(**{f"response__member__member__{key}": value for key, value in segment.items()})
        respondents = answers.values("response__member").distinct().count()
        if respondents < k:
            return {"too_few": True, "answers": Answer.objects.none().values("id"), "respondents": None}
    if search:
        # SQLite folds the case of ASCII letters only: also try the usual spellings of Ä and Ö.
        variants = {search, search.lower(), search.upper(), search.capitalize()}
        query = Q()
        for variant in variants:
            query |= Q(value_text__icontains=variant)
        answers = answers.annotate(value_text=JSONText("value")).filter(query)
    answers = answers.order_by("question__task__order", "question__order", "pk").values(
        "id",
        "value",
        "question_id",
        "question__task_id",
        "response__member__member__pseudonym",
    )
    return {"too_few": False, "answers": answers, "respondents": None}


class JSONText(Func):
    """The text of a JSON string value, unescaped (SQLite keeps JSON with \\u escapes)."""

    output_field = TextField()

    def as_sqlite(self, compiler, connection, **extra_context):
        return self.as_sql(compiler, connection, function="JSON_EXTRACT", template="%(function)s(%(expressions)s, '$')")

    def as_postgresql(self, compiler, connection, **extra_context):
        return self.as_sql(compiler, connection, template="(%(expressions)s #>> '{}')")

    def as_sql(self, compiler, connection, function=None, template=None, **extra_context):
        if template is None:
            template = "CAST(%(expressions)s AS TEXT)"
        return super().as_sql(compiler, connection, function=function, template=template, **extra_context)


def code_counts(period: Period) -> list[dict]:
    """How many answers and posts each code of the period's codebook tags."""
    return [
        {"id": code["pk"], "name": code["name"], "count": code["n"]}
        for code in period.codes.annotate(n=Count("codings")).values("pk", "name", "n")
    ]


def report_figures(period: Period, *, k: int | None = None) -> dict:
    """Every figure of the report, as stored in the snapshot at delivery."""
    k = threshold() if k is None else k
    questions = list(
        Question.objects.filter(task__period=period, kind__in=CLOSED_KINDS)
        .select_related("task")
        .order_by("task__order", "task__pk", "order", "pk")
    )
    return {
        "k": k,
        "participation": participation(period, k=k),
        "questions": [question_table(q, k=k) for q in questions],
        "crosstabs": {str(q.pk): crosstabs(q, k=k) for q in questions},
        "codes": code_counts(period),
    }
