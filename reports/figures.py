"""The numbers of a period report, computed from the database into plain, JSON-ready dicts.

Every function reads a bounded number of queries, however many respondents there are, and hides
any group of respondents smaller than the anonymity threshold k (reports/analysis/suppression.py).
Keys of the dicts are strings so that a delivered report can store them as its snapshot.
"""

import json
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from itertools import repeat
from typing import Any

import numpy as np
from django.db.models import Count, Exists, Func, OuterRef, Q, TextField
from django.db.models.functions import Cast
from django.utils.translation import gettext as _

from accounts.background import BACKGROUND_VARIABLES
from accounts.models import Member
from periods.models import Answer, Participant, Period, Question, QuestionKind, Response
from periods.question_kinds import CLOSED_KINDS, CROSSTAB_KINDS, kind_for, percent

from .analysis.suppression import suppress_groups, suppress_rows
from .discussion import discussion_figures, statement_figures
from .models import AnswerCoding, CodeSuggestion
from .rules import threshold

PEOPLE = ("invited", "started", "finished")


def variable_labels() -> dict[str, str]:
    return {name: str(variable.label) for name, variable in BACKGROUND_VARIABLES.items()}


def group_labels(variable: str) -> dict[str, str]:
    """Every known value of a background variable with its label; "" is the group that did not say."""
    labels = {str(value): str(label) for value, label in BACKGROUND_VARIABLES[variable].choices()}
    labels[""] = _("not given")
    return labels


def _label(variable: str, value: str) -> str:
    return group_labels(variable).get(value, value)


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
        .values("started", "finished", *(f"member__member__{v}" for v in BACKGROUND_VARIABLES))
    )
    tasks = []
    per_task: defaultdict[int, dict[str, int]] = defaultdict(lambda: {"started": 0, "finished": 0})
    counted = (
        Response.objects.filter(task__period=period)
        .values("task_id")
        .annotate(started=Count("pk"), finished=Count("submitted_at"))
        .order_by()
    )
    for row in counted:
        per_task[row["task_id"]] = {"started": row["started"], "finished": row["finished"]}
    for task in period.tasks.order_by("order", "pk"):
        tasks.append({"id": task.pk, "title": task.title, "invited": len(rows), **per_task[task.pk]})

    by_variable = {}
    for variable in BACKGROUND_VARIABLES:
        groups: dict[str, dict[str, int]] = defaultdict(lambda: {"invited": 0, "started": 0, "finished": 0})
        for row in rows:
            group = groups[row[f"member__member__{variable}"] or ""]
            group["invited"] += 1
            group["started"] += row["started"]
            group["finished"] += row["finished"]
        by_variable[variable] = background_table(variable, groups, k)
    return {
        "invited": len(rows),
        "started": sum(row["started"] for row in rows),
        "finished": sum(row["finished"] for row in rows),
        "tasks": tasks,
        "by_variable": by_variable,
        "k": k,
    }


def background_table(variable: str, groups: Mapping[str, Mapping[str, int]], k: int) -> dict:
    """Invited, started and finished members of each group of one variable; a group is hidden whole.

    Each of the three is a group of people in its own right (those of the group who finished are
    the group among the respondents), so a row goes when any of them is 1 to k − 1.
    """
    hidden = suppress_rows({key: tuple(counts[c] for c in PEOPLE) for key, counts in groups.items()}, k)
    return {
        "label": variable_labels()[variable],
        "groups": [
            {
                "value": key,
                "label": _label(variable, key),
                "hidden": key in hidden,
                **(dict.fromkeys(PEOPLE) if key in hidden else {c: counts[c] for c in PEOPLE}),
            }
            for key, counts in sorted(groups.items(), key=lambda item: _label(variable, item[0]))
        ],
        "any_hidden": bool(hidden),
    }


def hidden_groups(participation_figures: dict) -> dict[str, set[str]]:
    """The groups participation hides, per variable: every cross-tab hides them too, so partners agree."""
    return {
        variable: {group["value"] for group in table["groups"] if group["hidden"]}
        for variable, table in participation_figures["by_variable"].items()
    }


# Closed questions --------------------------------------------------------------------------------


def _submitted_answers(question: Question):
    return Answer.objects.filter(question=question, response__submitted_at__isnull=False, value__isnull=False)


class _Answered:
    """The submitted answers of one closed question, as read for counting.

    Values stay the JSON text the database stores: a question has only a few distinct answers, so
    they are counted as text and each distinct one is decoded once, not once per respondent.
    """

    def __init__(self) -> None:
        self.raws: list[str] = []
        self.authors: list[int] = []
        self.others: list[tuple[str, int]] = []
        self._decoded: dict[str, object] = {}

    def value(self, raw: str):
        if raw not in self._decoded:
            try:
                self._decoded[raw] = json.loads(raw)
            except (TypeError, json.JSONDecodeError):
                self._decoded[raw] = raw
        return self._decoded[raw]

    def counts(self) -> list[tuple[object, int]]:
        """(decoded value, how many answered it) per distinct stored value."""
        return [(self.value(raw), count) for raw, count in Counter(self.raws).items()]


def _answered(question_ids: list[int]) -> dict[int, _Answered]:
    """question id -> its submitted answers, read in two queries however many questions there are."""
    result = {pk: _Answered() for pk in question_ids}
    answers = Answer.objects.filter(
        question_id__in=question_ids, response__submitted_at__isnull=False, value__isnull=False
    ).order_by()
    rows = answers.values_list("question_id", Cast("value", TextField()), "response__member_id")
    for question_id, raw, author in rows.iterator(chunk_size=5000):
        answered = result[question_id]
        answered.raws.append(raw)
        answered.authors.append(author)
    # "Other" texts are rare: read apart, so that the many empty ones are never fetched.
    others = answers.exclude(other_text="").values_list("question_id", "other_text", "response__member_id")
    for question_id, other, author in others:
        result[question_id].others.append((other, author))
    return result


class _Groups:
    """Every respondent's group under each background variable, as small integers for counting.

    A respondent without a member profile is in the group "" (not given), where a join would put them.
    """

    def __init__(self, respondents, variables) -> None:
        rows = list(Member.objects.filter(user_id__in=respondents).values_list("user_id", *variables))
        # Position len(rows) stands for anyone not found.
        self.position = {row[0]: i for i, row in enumerate(rows)}
        self.missing = len(rows)
        self.values: dict[str, list[str]] = {}
        self.codes: dict[str, np.ndarray] = {}
        for index, variable in enumerate(variables, start=1):
            values = sorted({row[index] or "" for row in rows} | {""})
            code = {value: i for i, value in enumerate(values)}
            self.values[variable] = values
            self.codes[variable] = np.array([code[row[index] or ""] for row in rows] + [code[""]], dtype=np.int64)

    def positions(self, authors: list[int]) -> np.ndarray:
        return np.fromiter(map(self.position.get, authors, repeat(self.missing)), dtype=np.int64, count=len(authors))


def _question_table(question: Question, answered: _Answered, k: int) -> dict:
    n = len(answered.raws)
    table = {
        "id": question.pk,
        "task_id": question.task_id,
        "text": question.text,
        "kind": question.kind,
        "n": n,
        "rows": [],
        "likert": [],
        "other": [],
        "other_authors": [],
    }
    table.update(kind_for(question).count(question, answered.counts(), n))
    # "Other" texts are members' own words: none are listed from fewer than k respondents. Their
    # authors are kept beside them (never shown) so that erasure can remove them from snapshots.
    if n >= k:
        others = sorted(answered.others)
        table["other"] = [other for other, _author in others]
        table["other_authors"] = [author for _other, author in others]
    table["other_hidden"] = n < k and bool(answered.others)
    return table


def question_table(question: Question, *, k: int | None = None) -> dict:
    """Counts and percentages per option (mean rank for rankings; a row per statement for Likert)."""
    k = threshold() if k is None else k
    answered = _answered([question.pk])[question.pk]
    return _question_table(question, answered, k)


def _crosstabs(
    question: Question, answered: _Answered, groups: _Groups, k: int, variables, hidden: Mapping[str, set[str]]
) -> dict[str, dict]:
    kind = kind_for(question)
    options = kind.options(question)
    # Each distinct stored value and each respondent as a small integer: then one bincount per
    # variable gives how many answered each value in each group.
    distinct = list(dict.fromkeys(answered.raws))
    index = {raw: i for i, raw in enumerate(distinct)}
    values = np.fromiter(map(index.__getitem__, answered.raws), dtype=np.int64, count=len(answered.raws))
    positions = groups.positions(answered.authors)
    result = {}
    for variable in variables:
        width = len(groups.values[variable])
        pairs = np.bincount(values * width + groups.codes[variable][positions], minlength=len(distinct) * width)
        totals: Counter = Counter()
        cells: Counter = Counter()
        for flat in np.flatnonzero(pairs).tolist():
            count = int(pairs[flat])
            raw, group = distinct[flat // width], groups.values[variable][flat % width]
            totals[group] += count
            for option in kind.picked(answered.value(raw)):
                cells[(option, group)] += count
        result[variable] = crosstab_table(
            question.pk, variable, options, totals, cells, k, hidden=hidden.get(variable, set())
        )
    return result


def crosstab_table(
    question_id: int,
    variable: str,
    options: list[tuple[str, str]],
    sizes: Mapping[str, int],
    cells: Mapping[tuple[str, str], int],
    k: int,
    *,
    hidden: Iterable[str] = (),
) -> dict:
    """Options × the groups of one variable, with the groups' sizes; small groups hidden whole.

    Each column is a group of respondents. The option totals and the number of respondents are
    shown, so the hidden columns follow the line rule of reports.analysis.suppression, starting from
    the groups participation hides (`hidden`). How many groups are hidden is not said: it would tell
    which small groups exist.
    """
    concealed = suppress_groups(dict(sizes), k, hidden=hidden)
    labels = group_labels(variable)
    columns = sorted(sizes, key=lambda key: labels.get(key, key))
    shown = [c for c in columns if c not in concealed]
    return {
        "question_id": question_id,
        "variable": variable,
        "variable_label": variable_labels()[variable],
        "columns": [{"value": c, "label": labels.get(c, c), "n": sizes[c]} for c in shown],
        "any_hidden": bool(concealed),
        "rows": [
            {
                "value": value,
                "label": label,
                "total": sum(cells.get((value, c), 0) for c in columns),
                "cells": [
                    {"count": cells.get((value, c), 0), "pct": percent(cells.get((value, c), 0), sizes[c])}
                    for c in shown
                ],
            }
            for value, label in options
        ],
        "n": sum(sizes.values()),
    }


def crosstabs(question: Question, *, k: int | None = None, variables=BACKGROUND_VARIABLES) -> dict[str, dict]:
    """Options × background groups of one question, for each variable (hiding what participation hides)."""
    k = threshold() if k is None else k
    if question.kind not in CROSSTAB_KINDS:
        return {}
    answered = _answered([question.pk])[question.pk]
    respondents = Response.objects.filter(task_id=question.task_id, submitted_at__isnull=False).values("member_id")
    hidden = hidden_groups(participation(question.task.period, k=k))
    return _crosstabs(question, answered, _Groups(respondents, variables), k, variables, hidden)


def closed_figures(
    period: Period, questions: list[Question], *, k: int, hidden: Mapping[str, set[str]] | None = None
) -> tuple[list[dict], dict[str, dict]]:
    """The tables and the cross-tabs of the period's closed questions, from two queries in all.

    `hidden` are the groups participation hides, per variable: the cross-tabs hide them too.
    """
    if not questions:
        return [], {}
    answered = _answered([q.pk for q in questions])
    respondents = Response.objects.filter(task__period=period, submitted_at__isnull=False).values("member_id")
    groups = _Groups(respondents, BACKGROUND_VARIABLES)
    tables = [_question_table(q, answered[q.pk], k) for q in questions]
    tabs = {
        str(q.pk): _crosstabs(q, answered[q.pk], groups, k, BACKGROUND_VARIABLES, hidden or {})
        if q.kind in CROSSTAB_KINDS
        else {}
        for q in questions
    }
    return tables, tabs


def crosstab(question: Question, variable: str, *, k: int | None = None) -> dict | None:
    return crosstabs(question, k=k, variables=(variable,)).get(variable)


# Open answers -----------------------------------------------------------------------------------


UNCODED = "uncoded"
SUGGESTED = "suggested"


def open_answers(
    period: Period,
    *,
    task: int | None = None,
    question: int | None = None,
    search: str = "",
    coding: str = "",
    code: int | None = None,
    variable: str = "",
    value: str | None = None,
    k: int | None = None,
) -> dict:
    """Open-text answers with every filter applied; a segment of `variable` only where it is safe.

    `variable` is the one background variable the report allows (blank: none), `value` the segment
    asked for (None: everyone). Every other filter is applied first; then the segment is shown only
    if it is one of `segments` (answer_segments: the same whatever the filters) and, within the
    filtered list, it and its complement each hold at least k respondents and the respondents left
    in no shown segment are none or at least k. Otherwise `too_few` is set and no answer is listed,
    never a part of the list.

    `answers` is a queryset of dicts (id, value, question, task, respondent's user id) ready for
    pagination: it carries no pseudonym, name or email; reports show a respondent label instead.
    """
    k = threshold() if k is None else k
    answers = _open_answers_of(period)
    segments = _shown_segments(_respondents_by(answers, variable), k) if variable in BACKGROUND_VARIABLES else []
    if task:
        answers = answers.filter(question__task_id=task)
    if question:
        answers = answers.filter(question_id=question)
    if search:
        # SQLite folds the case of ASCII letters only: also try the usual spellings of Ä and Ö.
        variants = {search, search.lower(), search.upper(), search.capitalize()}
        query = Q()
        for variant in variants:
            query |= Q(value_text__icontains=variant)
        answers = answers.annotate(value_text=JSONText("value")).filter(query)
    answers = _filter_by_coding(answers, period=period, coding=coding, code=code)
    too_few = False
    if variable in BACKGROUND_VARIABLES and value is not None:
        shown = _shown_segments(_respondents_by(answers, variable), k, among=segments)
        if value in shown:
            answers = answers.filter(_in_segment(variable, value))
        else:
            too_few, answers = True, answers.none()
    answers = answers.order_by("question__task__order", "question__order", "pk").values(
        "id", "value", "question_id", "question__task_id", "response__member_id"
    )
    return {"too_few": too_few, "answers": answers, "segments": segments}


def answer_segments(period: Period, variable: str, *, k: int | None = None) -> list[str]:
    """The values of `variable` whose open answers may ever be listed apart.

    Decided on all the open answers of the period, whatever the filters: each segment holds at
    least k respondents, and the respondents of the values never shown are none or at least k. So
    intersecting lists of several filters narrows no one down further than to a group of k.
    """
    k = threshold() if k is None else k
    if variable not in BACKGROUND_VARIABLES:
        return []
    return _shown_segments(_respondents_by(_open_answers_of(period), variable), k)


def _open_answers_of(period: Period):
    return Answer.objects.filter(
        question__task__period=period,
        question__kind=QuestionKind.TEXT,
        response__submitted_at__isnull=False,
    ).exclude(value__isnull=True)


def _filter_by_coding(answers, *, period: Period, coding: str, code: int | None):
    codings = AnswerCoding.objects.filter(answer=OuterRef("pk"))
    if coding in (UNCODED, SUGGESTED):
        answers = answers.filter(~Exists(codings))
    if coding == SUGGESTED:
        answers = answers.filter(
            Exists(CodeSuggestion.objects.filter(answer=OuterRef("pk"), code__period=period)),
        )
    if code:
        answers = answers.filter(Exists(codings.filter(code_id=code)))
    return answers


def _respondents_by(answers, variable: str) -> Counter:
    """Distinct respondents of `answers` per value of `variable` ("" for not given), in one query."""
    counts: Counter = Counter()
    if variable not in BACKGROUND_VARIABLES:
        return counts
    field = f"response__member__member__{variable}"
    for value, n in answers.order_by().values_list(field).annotate(n=Count("response__member", distinct=True)):
        counts[value or ""] += n
    return counts


def _in_segment(variable: str, value: str) -> Q:
    """The answers of respondents whose `variable` is `value`; "" also takes those without a profile."""
    field = f"response__member__member__{variable}"
    if value == "":
        return Q(**{field: ""}) | Q(**{f"{field}__isnull": True})
    return Q(**{field: value})


def _shown_segments(counts: Counter, k: int, *, among: list[str] | None = None) -> list[str]:
    """The values (of `among`, if given) whose segments may be shown, given respondents per value.

    Each shown segment holds at least k respondents; those in no shown segment are none or at least
    k (the smallest shown segments are given up until they are), so no difference of lists leaves a
    group under k; and one segment alone is never everyone, since its complement would be empty.
    """
    shown = {value: n for value, n in counts.items() if n >= k and (among is None or value in among)}
    rest = sum(counts.values()) - sum(shown.values())
    while shown and 0 < rest < k:
        smallest = min(shown, key=lambda value: (shown[value], value))
        rest += shown.pop(smallest)
    if len(shown) == 1 and rest == 0:
        shown = {}
    return sorted(shown)


class JSONText(Func):
    """The text of a JSON string value, unescaped (SQLite keeps JSON with \\u escapes)."""

    output_field = TextField()

    def as_sqlite(self, compiler, connection, **extra_context):
        return self.as_sql(compiler, connection, function="JSON_EXTRACT", template="%(function)s(%(expressions)s, '$')")

    def as_postgresql(self, compiler, connection, **extra_context):
        return self.as_sql(compiler, connection, template="(%(expressions)s #>> '{}')")

    def as_sql(self, compiler, connection, function=None, template=None, arg_joiner=None, **extra_context):
        if template is None:
            template = "CAST(%(expressions)s AS TEXT)"
        return super().as_sql(
            compiler, connection, function=function, template=template, arg_joiner=arg_joiner, **extra_context
        )


def code_counts(period: Period) -> list[dict]:
    """How many answers and posts each code of the period's codebook tags."""
    return [
        {"id": code["pk"], "name": code["name"], "count": code["n"]}
        for code in period.codes.annotate(n=Count("codings")).values("pk", "name", "n")
    ]


def report_figures(period: Period, *, k: int | None = None, on_progress=None) -> dict:
    """Every figure of the report, as stored in the snapshot at delivery.

    `on_progress(percent, message)` is called between the parts, for the background build's page.
    Quotes anywhere in the result are dicts with "text" and "author" (a user id, never shown), or
    the "other" list of a question with its "other_authors" beside it: erasure relies on both.
    """
    k = threshold() if k is None else k
    progress = on_progress or (lambda percent, message: None)
    questions = list(
        Question.objects.filter(task__period=period, kind__in=CLOSED_KINDS)
        .select_related("task")
        .order_by("task__order", "task__pk", "order", "pk")
    )
    progress(5, _("Participation"))
    figures: dict[str, Any] = {"k": k, "participation": participation(period, k=k)}
    progress(20, _("Closed questions"))
    # Tables and cross-tabs from one read of the answers (per-question queries took seconds).
    figures["questions"], figures["crosstabs"] = closed_figures(
        period, questions, k=k, hidden=hidden_groups(figures["participation"])
    )
    progress(40, _("Cross-tabulations"))
    figures["codes"] = code_counts(period)
    progress(60, _("Discussions"))
    figures["discussions"] = discussion_figures(period, k=k)
    progress(75, _("Statements and opinion groups"))
    figures["statements"] = statement_figures(period, k=k)
    return figures
