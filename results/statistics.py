"""Public statistics of the community: closed periods, tasks, answers and members, over time and per organisation.

Counts of periods and tasks are not personal and are always shown. Counts of people (submitted
answers, members) are groups in the sense of `reports.analysis.suppression`: a group of 1 to k − 1
people is hidden (*primary*; an empty one is shown as 0), and where figures add up to a total that
is also shown (quarters to their year, years and organisations to the grand total) the hidden ones
must not be workable out by subtraction, alone or together, through one sum or several: a figure
beside them is hidden too (*secondary*) until none of 1 to k − 1 can be narrowed below k
(`suppress`; reports.analysis.disclosure_audit proves it in the tests).

The sums are treated as exact even where they are not (a period asked by two organisations counts
for both; a member answers in several years), which can only hide more, never less.
"""

from collections import defaultdict
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from math import inf

from django.conf import settings
from django.core.cache import cache
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from accounts.models import Member
from periods.models import Approval, Period, Response, Task
from reports.models import ReportStatus

Key = Hashable
PRIMARY, SECONDARY = "primary", "secondary"


@dataclass
class Figure:
    """A count of people, or why it is hidden (`hidden` is PRIMARY, SECONDARY or "")."""

    value: int
    hidden: str = ""

    @property
    def shown(self) -> int | None:
        return None if self.hidden else self.value


@dataclass
class Row:
    key: str
    label: str
    periods: int = 0
    published: int = 0
    tasks: int = 0
    answers: Figure = field(default_factory=lambda: Figure(0))
    members: Figure = field(default_factory=lambda: Figure(0))
    # Members of the community at some time of the year; only the rows of years have it.
    community: Figure | None = None

    def people(self) -> dict[str, Figure]:
        figures = {"answers": self.answers, "members": self.members}
        if self.community is not None:
            figures["community"] = self.community
        return figures


@dataclass
class Statistics:
    k: int
    total: Row
    years: list[Row]
    quarters: list[Row]
    organisations: list[Row]
    community_now: Figure

    def tables(self) -> list[tuple[str, list[Row]]]:
        return [("year", self.years), ("quarter", self.quarters), ("organisation", self.organisations)]


def suppress(counts: dict[Key, int], sums: Iterable[tuple[Key, Sequence[Key]]], k: int) -> dict[Key, str]:
    """Which groups to hide, and why: 1 to k − 1 people, or a partner so that no sum gives one away.

    `sums` are (total, parts) with total = sum(parts), all keys of `counts`. Zeros are shown, so a
    hidden figure is known to be at least 1. No sum may have exactly one hidden figure (it would be
    the difference of the others), and no figure of 1 to k − 1 may be narrowed by the sums to less
    than k: its bounds are worked out from every sum at once (years sit inside the grand total and
    hold their quarters), and while one is pinned, a figure beside it is hidden too.
    """
    hidden = {key: PRIMARY for key, count in counts.items() if 0 < count < k}
    sums = [(total, list(parts)) for total, parts in sums if parts]
    while True:
        partner = _lone(counts, hidden, sums) or _pinned_partner(counts, hidden, sums, k)
        if partner is None:
            return hidden
        hidden[partner] = SECONDARY


def _smallest(counts: dict[Key, int], keys: Iterable[Key]) -> Key | None:
    return min(keys, key=lambda key: (counts[key], str(key)), default=None)


def _lone(counts: dict[Key, int], hidden: dict[Key, str], sums: list) -> Key | None:
    """A partner for a sum with exactly one hidden figure: its smallest shown non-zero part, else its total."""
    for total, parts in sums:
        if sum(1 for key in [total, *parts] if key in hidden) == 1:
            shown = [part for part in parts if part not in hidden and counts[part]]
            partner = _smallest(counts, shown) or (total if total not in hidden and counts[total] else None)
            if partner is not None:
                return partner
    return None


def _pinned_partner(counts: dict[Key, int], hidden: dict[Key, str], sums: list, k: int) -> Key | None:
    """A partner for the smallest primary figure the sums pin below k: beside it, else beside its total."""
    bounds = _bounds(counts, hidden, sums)
    pinned = [key for key, why in hidden.items() if why == PRIMARY and bounds[key][1] < k]
    frontier, seen = [_smallest(counts, pinned)] if pinned else [], set()
    while frontier:
        key = frontier.pop(0)
        seen.add(key)
        lines = [(total, parts) for total, parts in sums if key in parts]
        beside = [m for total, parts in lines for m in [total, *parts] if m not in hidden and counts[m]]
        if beside:
            return _smallest(counts, beside)
        frontier += [total for total, _parts in lines if total not in seen]
    return None


def _bounds(counts: dict[Key, int], hidden: dict[Key, str], sums: list) -> dict[Key, list[float]]:
    """The least and the most each figure can be, given the shown ones and every sum (interval propagation).

    A sum that is not exact (a member who answered in two quarters counts in both) only says that
    no part exceeds the total and the parts reach it.
    """
    bounds: dict[Key, list[float]] = {
        key: [1, inf] if key in hidden else [count, count] for key, count in counts.items()
    }
    exact = [counts[total] == sum(counts[part] for part in parts) for total, parts in sums]
    # Each pass only narrows integer bounds; the cap is a guard, never reached on true figures.
    for _pass in range(100):
        changed = False
        for (total, parts), is_exact in zip(sums, exact, strict=True):
            for key, value in _narrowed(bounds, total, parts, is_exact).items():
                if value != bounds[key]:
                    bounds[key] = value
                    changed = True
        if not changed:
            break
    return bounds


def _narrowed(bounds: dict[Key, list[float]], total: Key, parts: list[Key], exact: bool) -> dict[Key, list[float]]:
    low = sum(bounds[part][0] for part in parts)
    high = sum(bounds[part][1] for part in parts)
    floor = low if exact else max(bounds[part][0] for part in parts)
    new = {total: [max(bounds[total][0], floor), min(bounds[total][1], high)]}
    for part in parts:
        if exact:
            # Summed afresh, not subtracted: inf − inf has no value.
            others_low = sum(bounds[other][0] for other in parts if other != part)
            others_high = sum(bounds[other][1] for other in parts if other != part)
            new[part] = [
                max(bounds[part][0], new[total][0] - others_high),
                min(bounds[part][1], new[total][1] - others_low),
            ]
        else:
            new[part] = [bounds[part][0], min(bounds[part][1], new[total][1])]
    return new


def _quarter(day: date) -> str:
    return f"{day.year} Q{(day.month - 1) // 3 + 1}"


def _local_day(moment: datetime) -> date:
    return timezone.localtime(moment).date()


STATISTICS_CACHE_SECONDS = 600


def _cache_key(language: str) -> str:
    return f"results:statistics:{language}"


def statistics_forget(**_signal) -> None:
    """Drop the cached figures of every language (a report was saved)."""
    cache.delete_many([_cache_key(code) for code, _name in settings.LANGUAGES])


def community_statistics_cached() -> Statistics:
    """The figures as the public pages show them: computed at most every 10 minutes per language.

    They change only when a period closes, a report is published or members join or leave, and the
    computation reads every answer of every closed period (about 0.3 s at 100,000 answers, bench/results_site).
    """
    key = _cache_key(get_language() or settings.LANGUAGE_CODE)
    statistics = cache.get(key)
    if statistics is None:
        statistics = community_statistics()
        cache.set(key, statistics, STATISTICS_CACHE_SECONDS)
    return statistics


def community_statistics() -> Statistics:
    """Every figure of the statistics page and the open data, suppressed; a fixed number of queries."""
    k = settings.ANONYMITY_THRESHOLD
    closed = _ClosedPeriods.read()
    memberships = _memberships()
    rows, answers, members = _group_counts(closed)
    years, quarters, organisations = closed.years(), closed.quarters(), sorted(closed.organisation_by_slug)
    sums = [
        ("total", [("year", year) for year in years]),
        ("total", [("org", slug) for slug in organisations]),
        *[(("year", year), [("quarter", q) for q in quarters if q.startswith(year)]) for year in years],
    ]
    _suppress_people(rows, answers, members, sums, k)
    _count_community(rows, years, memberships, k)
    now = sum(1 for _joined, left_at in memberships if left_at is None)

    def labelled(group: Key, key: str, label: str) -> Row:
        row = rows[group]
        row.key, row.label = key, label
        return row

    return Statistics(
        k=k,
        total=labelled("total", "total", _("All")),
        years=[labelled(("year", year), year, year) for year in years],
        quarters=[labelled(("quarter", q), q.replace(" ", "-"), q) for q in quarters],
        organisations=[labelled(("org", slug), slug, closed.organisation_by_slug[slug].name) for slug in organisations],
        community_now=Figure(now, PRIMARY if 0 < now < k else ""),
    )


@dataclass
class _ClosedPeriods:
    """What the figures need of the closed periods, read in four queries however many there are."""

    bucket: dict[int, tuple[str, str]]  # period → (year, quarter) of its closing day
    published: set[int]  # periods whose report is published with a public summary
    organisations_of: dict[int, list[str]]
    organisation_by_slug: dict
    tasks_of: dict[int, int]
    # One row per member and period they answered in, with how many tasks they sent.
    answered: list[tuple[int, int, int]]

    @classmethod
    def read(cls) -> "_ClosedPeriods":
        closed = Period.objects.closed()
        bucket: dict[int, tuple[str, str]] = {}
        published: set[int] = set()
        for pk, ends_at, status, public_summary in closed.values_list(
            "pk", "ends_at", "report__status", "report__public_summary"
        ):
            day = _local_day(ends_at)
            bucket[pk] = (str(day.year), _quarter(day))
            if status == ReportStatus.PUBLISHED and public_summary:
                published.add(pk)
        organisations_of: dict[int, list] = defaultdict(list)
        organisation_by_slug = {}
        for link in Period.organisations.through.objects.filter(period__in=closed).select_related("organisation"):
            organisations_of[link.period_id].append(link.organisation.slug)
            organisation_by_slug[link.organisation.slug] = link.organisation
        tasks_of = dict(
            Task.objects.filter(period__in=closed, approval=Approval.APPROVED)
            .values_list("period_id")
            .annotate(n=Count("pk"))
            .values_list("period_id", "n")
        )
        answered = list(
            Response.objects.filter(
                task__period__in=closed, task__approval=Approval.APPROVED, submitted_at__isnull=False
            )
            .values_list("task__period_id", "member_id")
            .annotate(n=Count("pk"))
            .values_list("task__period_id", "member_id", "n")
        )
        return cls(bucket, published, organisations_of, organisation_by_slug, tasks_of, answered)

    def groups_of(self, period_id: int) -> list[Key]:
        """The groups a period belongs to: the grand total, its year, its quarter, its organisations."""
        year, quarter = self.bucket[period_id]
        groups: list[Key] = ["total", ("year", year), ("quarter", quarter)]
        return groups + [("org", slug) for slug in self.organisations_of[period_id]]

    def years(self) -> list[str]:
        return sorted({year for year, _q in self.bucket.values()})

    def quarters(self) -> list[str]:
        return sorted({quarter for _y, quarter in self.bucket.values()})


def _memberships() -> list[tuple[date, date | None]]:
    """When each member joined and left, as local days."""
    # Local days once per member, not once per member and year (it was a third of the time).
    return [
        (_local_day(joined_at), _local_day(left_at) if left_at else None)
        for joined_at, left_at in Member.objects.filter(joined_at__isnull=False).values_list("joined_at", "left_at")
        if joined_at is not None  # the filter's promise, for the type checker
    ]


def _group_counts(closed: _ClosedPeriods) -> tuple[dict[Key, Row], dict[Key, int], dict[Key, set[int]]]:
    """Rows of periods, published reports and tasks per group; answers and answering members per group.

    People are counted apart from the rows because their figures are suppressed before they are shown.
    """
    rows: dict[Key, Row] = {}
    answers: dict[Key, int] = defaultdict(int)
    members: dict[Key, set[int]] = defaultdict(set)
    for period_id in closed.bucket:
        for group in closed.groups_of(period_id):
            row = rows.setdefault(group, Row(key="", label=""))
            row.periods += 1
            row.published += period_id in closed.published
            row.tasks += closed.tasks_of.get(period_id, 0)
    for period_id, member_id, n in closed.answered:
        for group in closed.groups_of(period_id):
            answers[group] += n
            members[group].add(member_id)
    return rows, answers, members


def _suppress_people(
    rows: dict[Key, Row], answers: dict[Key, int], members: dict[Key, set[int]], sums: list, k: int
) -> None:
    """Set the answers and members of each row, hidden where a small group could be seen or worked out."""
    groups = list(rows) or ["total"]
    rows.setdefault("total", Row(key="", label=""))
    for name, counts in [
        ("answers", {group: answers[group] for group in groups}),
        ("members", {group: len(members[group]) for group in groups}),
    ]:
        hidden = suppress(counts, sums, k)
        for group in groups:
            setattr(rows[group], name, Figure(counts[group], hidden.get(group, "")))


def _count_community(rows: dict[Key, Row], years: list[str], memberships: list, k: int) -> None:
    """Members of the community in each year: snapshots, not parts of a sum, so only the small ones hide."""
    for year in years:
        first, last = date(int(year), 1, 1), date(int(year), 12, 31)
        count = sum(
            1 for joined_on, left_on in memberships if joined_on <= last and (left_on is None or left_on >= first)
        )
        rows[("year", year)].community = Figure(count, PRIMARY if 0 < count < k else "")


def statistics_sums(statistics: Statistics) -> tuple[dict[Key, Row], list[tuple[Key, Sequence[Key]]]]:
    """Every row by key, and the sums they form (a year of its quarters): what a reader can add up."""
    rows: dict[Key, Row] = {"total": statistics.total}
    rows |= {("year", row.key): row for row in statistics.years}
    rows |= {("quarter", row.key): row for row in statistics.quarters}
    rows |= {("org", row.key): row for row in statistics.organisations}
    sums: list[tuple[Key, Sequence[Key]]] = [
        ("total", [("year", row.key) for row in statistics.years]),
        ("total", [("org", row.key) for row in statistics.organisations]),
        *[
            (("year", year.key), [("quarter", q.key) for q in statistics.quarters if q.key.startswith(f"{year.key}-")])
            for year in statistics.years
        ],
    ]
    return rows, sums


# Column of open data → the people-count of a row it comes from.
PEOPLE_COLUMNS = {"submitted_answers": "answers", "members_who_answered": "members", "community_members": "community"}
COLUMNS = [
    "breakdown",
    "group",
    "label",
    "closed_periods",
    "published_reports",
    "tasks",
    *PEOPLE_COLUMNS,
    "note",
]


def statistics_records(statistics: Statistics) -> list[dict]:
    """The figures as flat records for open data: hidden people-counts are None, with a note why."""
    records = []
    for breakdown, rows in [*statistics.tables(), ("total", [statistics.total])]:
        for row in rows:
            record: dict = {
                "breakdown": breakdown,
                "group": row.key,
                "label": row.label,
                "closed_periods": row.periods,
                "published_reports": row.published,
                "tasks": row.tasks,
            }
            people = row.people()
            notes = []
            for column, name in PEOPLE_COLUMNS.items():
                figure = people.get(name)
                record[column] = figure.shown if figure is not None else None
                if figure is None or not figure.hidden:
                    continue
                if figure.hidden == PRIMARY:
                    notes.append(_("%(figure)s: fewer than %(k)s") % {"figure": column, "k": statistics.k})
                else:
                    notes.append(
                        _("%(figure)s: hidden so that a small group cannot be worked out from the totals")
                        % {"figure": column}
                    )
            record["note"] = "; ".join(notes)
            records.append(record)
    return records
