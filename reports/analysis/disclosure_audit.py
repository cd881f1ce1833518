"""Proof by integer programming that no hidden count can be narrowed down below k.

An analyst may combine every number a report publishes (its page, CSV, XLSX and PDF all render the
same figures dict, the snapshot once delivered) and solve for what is hidden. This module writes
down what they would know as a set of linear constraints on non-negative integer unknowns, and asks
HiGHS (through scipy's `milp`) for the smallest and the largest value each hidden count can take.
A hidden count of 1 to k − 1 people is protected when its range reaches 0 or k: then the analyst
cannot tell it from an empty group or from one that would have been shown, and its smallest and
largest values differ. Counts of 0 are not sensitive and not checked.

Besides each hidden count, its *union* is checked: the people of all hidden groups of a line
together (the total minus the shown groups) are a group as well, which subtraction gives exactly.

The unknowns of a report are, per background variable: the invited, started and finished members
of each group; per task, its starters and finishers in each group (never published, but bounded by
both); per cross-tabulated question, its respondents in each group and the answer × group table.
Shown numbers are constants; percentages enter as their rounding intervals and means as sums.
Background variables are audited one at a time: no published number counts two of them together,
and the totals they share are all shown, so in this linear model they constrain each other through
constants only and the joint model would say nothing more. (A model of single members, who each
have one value of every variable, could say more; it is not attempted.) The public statistics have
no background at all: they are audited as a table of their own (`sums_model`).

Scipy is imported here, so this module is for tests and commands, never imported by a running site.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from math import inf

import numpy as np
from scipy.optimize import Bounds, LinearConstraint, milp
from scipy.sparse import coo_array

from periods.question_kinds import ONE_PICK_KINDS

TOLERANCE = 1e-6


class ModelError(ValueError):
    """The published figures contradict themselves or the true counts: a modelling mistake."""


@dataclass(frozen=True)
class Var:
    index: int


Cell = int | float | Var
Terms = Iterable[tuple[float, Cell]]


@dataclass(frozen=True)
class Finding:
    """A hidden count that combining the published numbers narrows to [low, high], inside 1..k − 1."""

    target: str
    true: int
    low: float
    high: float

    def __str__(self) -> str:
        return f"{self.target}: true {self.true}, can be worked out to lie in [{self.low:g}, {self.high:g}]"


@dataclass
class Target:
    name: str
    coefficients: dict[int, float]
    constant: float
    true: int


@dataclass
class Model:
    """Unknowns, linear constraints and the hidden counts (targets) to protect."""

    name: str = ""
    names: list[str] = field(default_factory=list)
    lower: list[float] = field(default_factory=list)
    upper: list[float] = field(default_factory=list)
    truth: list[int | None] = field(default_factory=list)
    rows: list[tuple[dict[int, float], float, float]] = field(default_factory=list)
    targets: list[Target] = field(default_factory=list)

    def var(self, name: str, *, truth: int | None = None, lower: float = 0, upper: float = inf) -> Var:
        self.names.append(name)
        self.lower.append(lower)
        self.upper.append(upper)
        self.truth.append(truth)
        return Var(len(self.names) - 1)

    def cell(self, name: str, shown: float | None, *, truth: int | None = None, lower: float = 0) -> Cell:
        """A published number as a constant, or an unknown where it is hidden."""
        return shown if shown is not None else self.var(name, truth=truth, lower=lower)

    @staticmethod
    def _linear(terms: Terms) -> tuple[dict[int, float], float]:
        coefficients: dict[int, float] = {}
        constant = 0.0
        for coefficient, cell in terms:
            if isinstance(cell, Var):
                coefficients[cell.index] = coefficients.get(cell.index, 0.0) + coefficient
            else:
                constant += coefficient * cell
        return {i: c for i, c in coefficients.items() if c}, constant

    def between(self, terms: Terms, low: float, high: float) -> None:
        """low ≤ Σ coefficient × cell ≤ high; a constraint of constants only must already hold."""
        coefficients, constant = self._linear(terms)
        if not coefficients:
            if not low - TOLERANCE <= constant <= high + TOLERANCE:
                raise ModelError(f"{self.name}: published numbers disagree ({constant} not in [{low}, {high}])")
            return
        self.rows.append((coefficients, low - constant, high - constant))

    def equal(self, terms: Terms, value: float) -> None:
        self.between(terms, value, value)

    def at_most(self, smaller: Cell, larger: Cell) -> None:
        self.between([(1, smaller), (-1, larger)], -inf, 0)

    def percent(self, count: Cell, base: Cell, pct: float | None, *, decimals: int = 1) -> None:
        """A published per cent, round(100 × count / base, decimals): an interval for count/base."""
        if pct is None:
            return
        half = 0.5 * 10**-decimals
        self.between([(100, count), (-(pct + half), base)], -inf, 0)
        self.between([(100, count), (-(pct - half), base)], 0, inf)

    def mean(self, weighted: Terms, count: Cell, mean: float | None, *, decimals: int = 2) -> None:
        """A published mean, round(Σ weight × cell / count, decimals): its sum lies in an interval."""
        if mean is None:
            return
        half = 0.5 * 10**-decimals
        weighted = list(weighted)
        self.between([*weighted, (-(mean + half), count)], -inf, 0)
        self.between([*weighted, (-(mean - half), count)], 0, inf)

    def protect(self, name: str, terms: Terms, true: int) -> None:
        """A hidden count (or a sum of them) that must not be narrowed below k."""
        coefficients, constant = self._linear(terms)
        self.targets.append(Target(name, coefficients, constant, int(true)))


class _Problem:
    """The model as matrices, solved once per objective."""

    def __init__(self, model: Model) -> None:
        self.size = len(model.names)
        self.lower = np.array(model.lower, dtype=float)
        self.upper = np.array(model.upper, dtype=float)
        rows, columns, values, low, high = [], [], [], [], []
        for row, (coefficients, row_low, row_high) in enumerate(model.rows):
            for column, value in coefficients.items():
                rows.append(row)
                columns.append(column)
                values.append(value)
            low.append(row_low)
            high.append(row_high)
        matrix = coo_array((values, (rows, columns)), shape=(len(model.rows), self.size)).tocsr()
        self.constraints = [LinearConstraint(matrix, low, high)] if model.rows else []

    def solve(self, objective: np.ndarray, lower: np.ndarray | None = None, upper: np.ndarray | None = None):
        return milp(
            objective,
            integrality=np.ones(self.size),
            bounds=Bounds(self.lower if lower is None else lower, self.upper if upper is None else upper),
            constraints=self.constraints,
        )

    def optimum(self, coefficients: dict[int, float], *, maximise: bool) -> float:
        objective = np.zeros(self.size)
        for index, value in coefficients.items():
            objective[index] = -value if maximise else value
        result = self.solve(objective)
        # The model is known to be feasible (check_truth), so "unbounded or infeasible" is unbounded.
        if result.status == 3 or (result.status == 4 and "unbounded" in result.message):
            return inf if maximise else -inf
        if result.status != 0:
            raise ModelError(f"the solver stopped: {result.message}")
        return -result.fun if maximise else result.fun


def check_truth(model: Model, problem: _Problem | None = None) -> None:
    """The true counts must satisfy every constraint, or the model says something false."""
    problem = problem or _Problem(model)
    if not problem.size:
        return
    lower, upper = problem.lower.copy(), problem.upper.copy()
    for index, true in enumerate(model.truth):
        if true is not None:
            if not lower[index] <= true <= upper[index]:
                raise ModelError(f"{model.name}: {model.names[index]} = {true} is outside its bounds")
            lower[index] = upper[index] = true
    if problem.solve(np.zeros(problem.size), lower, upper).status != 0:
        raise ModelError(f"{model.name}: the true counts do not satisfy the published figures")


def audit(model: Model, k: int) -> list[Finding]:
    """Every target of 1 to k − 1 whose feasible range reaches neither 0 nor k (or is a single value)."""
    problem = _Problem(model)
    check_truth(model, problem)
    findings = []
    for target in model.targets:
        if not 0 < target.true < k:
            continue
        if not target.coefficients:
            findings.append(Finding(target.name, target.true, target.constant, target.constant))
            continue
        # high ≥ k > true ≥ low, or low ≤ 0 < true ≤ high: either way low and high differ.
        high = problem.optimum(target.coefficients, maximise=True) + target.constant
        if high >= k - TOLERANCE:
            continue
        low = problem.optimum(target.coefficients, maximise=False) + target.constant
        if low <= TOLERANCE:
            continue
        findings.append(Finding(target.name, target.true, round(low, 6), round(high, 6)))
    return findings


# Tables ----------------------------------------------------------------------------------------------


def one_way_model(
    counts: dict, hidden: set, *, total_shown: bool = True, zeros_shown: bool = True, name: str = ""
) -> Model:
    """A table of group sizes with its total: the hidden ones unknown (at least 1 where zeros are shown)."""
    model = Model(name)
    # Where zeros are shown, a hidden count is at least 1, unless the whole line is hidden.
    floor = 1 if zeros_shown and set(counts) - set(hidden) else 0
    cells = {
        key: model.cell(f"{key!r}", None if key in hidden else count, truth=count, lower=floor if count else 0)
        for key, count in counts.items()
    }
    total = sum(counts.values())
    if total_shown:
        model.equal([(1, cell) for cell in cells.values()], total)
    _protect_line(model, "count", {key: (cells[key], counts[key]) for key in counts if key in hidden}, total)
    return model


def _protect_line(model: Model, prefix: str, hidden: dict, total: int) -> None:
    """Each hidden count of a line, and their union, unless it is the whole line (published as its total)."""
    for key, (cell, true) in hidden.items():
        if true != total:
            model.protect(f"{prefix}[{key!r}]", [(1, cell)], true)
    union = sum(true for _cell, true in hidden.values())
    if len(hidden) > 1 and union != total:
        model.protect(f"{prefix}, hidden groups together", [(1, cell) for cell, _true in hidden.values()], union)


def crosstab_model(model: Model, published: dict, truth: dict, *, k: int, single: bool, options: int) -> dict:
    """Add one question × background table; return its group sizes (cells) by group value.

    `published` and `truth` are cross-tab dicts of reports.figures, the truth counted with nothing
    hidden. With `single`, every respondent counts for exactly one option (as the question's own
    totals show), otherwise for at most `options` of them. The answers of a hidden group under k
    are protected cell by cell; so are its size and the size of all hidden groups together.
    """
    name = f"{model.name} q{truth.get('question_id')}"
    true_size = {column["value"]: column["n"] for column in truth["columns"]}
    true_cell = _cells(truth)
    shown_size = {column["value"]: column["n"] for column in published["columns"]}
    shown_cell = _cells(published, values=False)
    groups = list(dict.fromkeys([*true_size, *shown_size]))
    sizes = {
        group: model.cell(f"{name} n[{group!r}]", shown_size.get(group), truth=true_size.get(group, 0))
        for group in groups
    }
    model.equal([(1, sizes[group]) for group in groups], published["n"])
    answers = [row["value"] for row in truth["rows"]]
    cells = {}
    for answer in answers:
        for group in groups:
            shown = shown_cell.get((answer, group))
            cell = model.cell(
                f"{name} [{answer!r}, {group!r}]",
                None if shown is None else shown["count"],
                truth=true_cell.get((answer, group), 0),
            )
            cells[(answer, group)] = cell
            model.at_most(cell, sizes[group])
            if shown is not None:
                model.percent(cell, sizes[group], shown.get("pct"))
    for row in published["rows"]:
        if row.get("total") is not None:
            model.equal([(1, cells[(row["value"], group)]) for group in groups], row["total"])
    for group in groups:
        picks = [(1, cells[(answer, group)]) for answer in answers]
        if single:
            model.equal([*picks, (-1, sizes[group])], 0)
        else:
            model.between([*picks, (-options, sizes[group])], -inf, 0)
    hidden = [group for group in groups if group not in shown_size and true_size.get(group, 0)]
    _protect_line(
        model, f"{name} respondents", {group: (sizes[group], true_size[group]) for group in hidden}, published["n"]
    )
    for group in hidden:
        # A group of everyone answered as everyone did: the question's own totals say so.
        if true_size[group] < k and true_size[group] != published["n"]:
            for answer in answers:
                true = true_cell.get((answer, group), 0)
                model.protect(f"{name} answers[{answer!r}, {group!r}]", [(1, cells[(answer, group)])], true)
    return sizes


def _cells(table: dict, *, values: bool = True) -> dict:
    """(answer, group) → count (or the published cell dict) of a cross-tab dict."""
    columns = [column["value"] for column in table["columns"]]
    return {
        (row["value"], column): cell["count"] if values else cell
        for row in table["rows"]
        for column, cell in zip(columns, row["cells"], strict=True)
    }


def sums_model(counts: dict, hidden: set, sums: Iterable[tuple], *, name: str = "") -> Model:
    """Counts some of which are totals of others (a year of its quarters), zeros shown, some hidden.

    A sum that is exact in truth is an equation; one that is not (a member counted in two quarters)
    only says that no part exceeds the total and the parts together reach it.
    """
    model = Model(name)
    cells = {
        key: model.cell(f"{key!r}", None if key in hidden else count, truth=count, lower=1 if count else 0)
        for key, count in counts.items()
    }
    for key in hidden:
        model.protect(f"{key!r}", [(1, cells[key])], counts[key])
    for total, parts in sums:
        if not parts:
            continue
        terms = [(1, cells[part]) for part in parts]
        if counts[total] == sum(counts[part] for part in parts):
            model.equal([*terms, (-1, cells[total])], 0)
        else:
            model.between([*terms, (-1, cells[total])], 0, inf)
            for part in parts:
                model.at_most(cells[part], cells[total])
        hidden_parts = [part for part in parts if part in hidden]
        union = sum(counts[part] for part in hidden_parts)
        if total not in hidden and len(hidden_parts) > 1 and union != counts[total]:
            model.protect(f"{total!r}: hidden parts together", [(1, cells[part]) for part in hidden_parts], union)
    return model


# Reports -------------------------------------------------------------------------------------------

PEOPLE = ("invited", "started", "finished")


def report_models(published: dict, truth: dict) -> list[Model]:
    """One model per background variable: participation, each task's people and every cross-tab.

    `published` is the figures dict every format of the report renders (the snapshot once
    delivered); `truth` the same figures counted with nothing hidden (k = 1).
    """
    k = published["k"]
    part = published["participation"]
    questions = {str(question["id"]): question for question in published["questions"]}
    models = []
    for variable, true_table in truth["participation"]["by_variable"].items():
        model = Model(variable)
        true_rows = {group["value"]: group for group in true_table["groups"]}
        shown_table = part["by_variable"].get(variable, {"groups": []})
        shown_rows = {group["value"]: group for group in shown_table["groups"] if not group["hidden"]}
        tabs = {
            question_id: (tables[variable], truth["crosstabs"][question_id][variable])
            for question_id, tables in published["crosstabs"].items()
            if variable in tables
        }
        groups = list(
            dict.fromkeys(
                [*true_rows, *shown_rows, *(c["value"] for _shown, tab in tabs.values() for c in tab["columns"])]
            )
        )
        people = participation_model(model, part, shown_rows, true_rows, groups)
        finishers = _tasks(model, part["tasks"], people, groups)
        for question_id, (shown_tab, true_tab) in tabs.items():
            question = questions[question_id]
            # One option per respondent, exactly so where the question's counts add up to its
            # respondents (else some answered "other" or something no longer an option).
            one = question["kind"] in ONE_PICK_KINDS
            counted = sum(row["count"] or 0 for row in question["rows"])
            sizes = crosstab_model(
                model,
                shown_tab,
                true_tab,
                k=k,
                single=one and counted == question["n"],
                options=1 if one else len(question["rows"]),
            )
            for group, size in sizes.items():
                model.at_most(size, finishers[question["task_id"]][group])
        models.append(model)
    return models


def participation_model(model: Model, part: dict, shown_rows: dict, true_rows: dict, groups: list) -> dict:
    """Invited, started and finished members of each group: totals shown, F ≤ S ≤ I in each group."""
    people = {}
    for column in PEOPLE:
        for group in groups:
            shown = shown_rows.get(group)
            people[column, group] = model.cell(
                f"{column}[{group!r}]",
                shown[column] if shown else None,
                truth=true_rows.get(group, {}).get(column, 0),
            )
        model.equal([(1, people[column, group]) for group in groups], part[column])
        hidden = {
            group: (people[column, group], true_rows[group][column])
            for group in groups
            if group not in shown_rows and true_rows.get(group, {}).get(column, 0)
        }
        _protect_line(model, f"{model.name} {column}", hidden, part[column])
    for group in groups:
        model.at_most(people["finished", group], people["started", group])
        model.at_most(people["started", group], people["invited", group])
    return people


def _tasks(model: Model, tasks: list[dict], people: dict, groups: list) -> dict:
    """Each task's starters and finishers per group: never published, bounded by the period's and the task's."""
    finishers = {}
    for task in tasks:
        started = {group: model.var(f"task {task['id']} started[{group!r}]") for group in groups}
        finished = {group: model.var(f"task {task['id']} finished[{group!r}]") for group in groups}
        for group in groups:
            model.at_most(finished[group], started[group])
            model.at_most(started[group], people["started", group])
            model.at_most(finished[group], people["finished", group])
        model.equal([(1, cell) for cell in started.values()], task["started"])
        model.equal([(1, cell) for cell in finished.values()], task["finished"])
        finishers[task["id"]] = finished
    return finishers


def report_findings(published: dict, truth: dict) -> list[Finding]:
    """Every hidden count of the report that its published figures narrow below k (none, we hope)."""
    return [finding for model in report_models(published, truth) for finding in audit(model, published["k"])]
