"""The discussion and statement-vote parts of a period report, as plain, JSON-ready dicts.

Each function reads a fixed number of queries whatever the number of members. Members' own words
(posts, statements they proposed) appear only as quote dicts {"text": ..., "author": <user id>}:
the author is never shown, but erasure finds the dicts by these two keys and blanks the text, also
in delivered snapshots. Staff-written statements have the author None.
"""

from collections import Counter, defaultdict
from collections.abc import Iterator, Mapping
from typing import Any

from django.db.models import Count
from django.utils.translation import gettext as _
from threadpoolctl import threadpool_limits

from periods.models import Period, Post, Statement, StatementStatus, Task, TaskKind, Vote

from .analysis.opinion_groups import MIN_PARTICIPANTS, groups_publishable, opinion_groups
from .rules import threshold

TOP_POSTS = 5
# A fixed seed makes the grouping, and so a delivered snapshot, reproducible.
OPINION_SEED = 0
# Resamples for the stability measure (the analysis module's default).
OPINION_BOOTSTRAP = 50
MIN_STABILITY = 0.6
VOTE_KEYS = ((1, "agree"), (-1, "disagree"), (0, "pass"))


def _threshold(k: int | None) -> int:
    return threshold() if k is None else k


def _quote(text: str, author_id: int | None) -> dict:
    return {"text": text, "author": author_id}


def _pct(count: int, total: int) -> float | None:
    return round(100 * count / total, 1) if total else None


def _tasks(period: Period, kind: str) -> list[Task]:
    return list(
        Task.objects.filter(period=period, kind=kind)
        .only("pk", "title_fi", "title_sv", "title_en")
        .order_by("order", "pk")
    )


# Discussions -------------------------------------------------------------------------------------


def discussion_figures(period: Period, *, k: int | None = None) -> list[dict]:
    """Posts, replies, posters and the most-liked posts of each discussion task; no texts below k posters."""
    k = _threshold(k)
    tasks = _tasks(period, TaskKind.DISCUSSION)
    if not tasks:
        return []
    posts = list(
        Post.objects.filter(task__period=period, task__kind=TaskKind.DISCUSSION)
        .annotate(like_count=Count("likes"))
        .order_by("created_at", "pk")
        .values("pk", "task_id", "parent_id", "author_id", "hidden_at", "like_count")
    )
    by_task: dict[int, list[Mapping[str, Any]]] = defaultdict(list)
    replies: Counter = Counter()
    for post in posts:
        by_task[post["task_id"]].append(post)
        if post["parent_id"] is not None and post["hidden_at"] is None:
            replies[post["parent_id"]] += 1

    result: list[dict[str, Any]] = []
    top_ids: list[int] = []
    for task in tasks:
        visible = [p for p in by_task[task.pk] if p["hidden_at"] is None]
        posters = len({p["author_id"] for p in visible})
        too_few = posters < k
        top = []
        if not too_few:
            liked = [p for p in visible if p["parent_id"] is None and p["like_count"] > 0]
            # Stable sort: equally liked posts stay in the order they were written.
            top = sorted(liked, key=lambda p: -p["like_count"])[:TOP_POSTS]
            top_ids.extend(p["pk"] for p in top)
        result.append(
            {
                "id": task.pk,
                "title": task.title,
                "posts": sum(p["parent_id"] is None for p in visible),
                "replies": sum(p["parent_id"] is not None for p in visible),
                "hidden": len(by_task[task.pk]) - len(visible),
                "participants": None if too_few else posters,
                "too_few": too_few,
                "top_posts": [
                    {
                        "id": p["pk"],
                        "quote": _quote("", p["author_id"]),
                        "likes": p["like_count"],
                        "replies": replies[p["pk"]],
                    }
                    for p in top
                ],
            }
        )
    # Texts are read only for the quoted posts, never for hidden ones.
    if top_ids:
        texts = dict(Post.objects.filter(pk__in=top_ids, hidden_at__isnull=True).values_list("pk", "text"))
        for row in result:
            for post in row["top_posts"]:
                post["quote"]["text"] = texts.get(post["id"], "")
    return result


# Statements -------------------------------------------------------------------------------------


def _statement_rows(counts: dict[str, int], voters: int) -> list[dict]:
    """Agree, disagree and pass with per cents, and where each starts on a stacked 0–100 bar."""
    rows, offset = [], 0.0
    labels = {"agree": _("agree"), "disagree": _("disagree"), "pass": _("pass")}
    for _value, key in VOTE_KEYS:
        pct = _pct(counts[key], voters)
        rows.append({"value": key, "label": labels[key], "count": counts[key], "pct": pct, "offset": round(offset, 1)})
        offset += pct or 0.0
    return rows


def _opinion_part(votes: list[tuple[int, int, int]], quotes: dict[int, dict], k: int) -> dict:
    """Opinion groups of one task, or only the reason why they are not shown."""
    hidden: dict[str, object] = {
        "shown": False,
        "reason": None,
        "groups": [],
        "consensus": [],
        "stability": None,
        "silhouette": None,
    }
    voters = len({member for _statement, member, _value in votes})
    if voters < max(MIN_PARTICIPANTS, 2 * k):
        return {**hidden, "reason": "too_few_voters"}
    # One thread: k-means' OpenMP threads on a busy machine made a 1,000-voter grouping take 37 s
    # instead of 1 s (oversubscription), and the result does not depend on it.
    with threadpool_limits(limits=1):
        result = opinion_groups(
            [(str(member), str(statement), value) for statement, member, value in votes],
            seed=OPINION_SEED,
            bootstrap=OPINION_BOOTSTRAP,
        )
    if not groups_publishable(result, k_anonymity=k, min_stability=MIN_STABILITY):
        if result.participants_clustered < max(MIN_PARTICIPANTS, 2 * k):
            reason = "too_few_voters"
        elif result.k < 2:
            reason = "no_groups"
        elif min(result.sizes) < k:
            reason = "small_group"
        else:
            reason = "unstable"
        return {**hidden, "reason": reason}

    def entry(statement: str, direction: str, score: float) -> dict:
        statement_id = int(statement)
        return {
            "statement_id": statement_id,
            "quote": dict(quotes[statement_id]),
            "direction": direction,
            "score": round(score, 3),
        }

    groups = [{"number": g + 1, "size": size, "representative": []} for g, size in enumerate(result.sizes)]
    for group, statement, direction, score in result.representative:
        groups[group]["representative"].append(entry(statement, direction, score))
    return {
        "shown": True,
        "reason": None,
        "voters": result.participants_clustered,
        "groups": groups,
        "consensus": [entry(s, d, score) for s, d, score in result.consensus],
        "stability": round(result.stability, 2),
        "silhouette": round(result.silhouette, 2),
    }


def statement_figures(period: Period, *, k: int | None = None) -> list[dict]:
    """Votes per approved statement of each statement task, and the opinion groups when safe to show."""
    k = _threshold(k)
    tasks = _tasks(period, TaskKind.STATEMENTS)
    if not tasks:
        return []
    statements = list(
        Statement.objects.filter(task__period=period, task__kind=TaskKind.STATEMENTS, status=StatementStatus.APPROVED)
        .only("pk", "task_id", "author_id", "text_fi", "text_sv", "text_en")
        .order_by("created_at", "pk")
    )
    votes: dict[int, list[tuple[int, int, int]]] = defaultdict(list)
    task_of = {s.pk: s.task_id for s in statements}
    for statement_id, member_id, value in Vote.objects.filter(
        statement__task__period=period,
        statement__task__kind=TaskKind.STATEMENTS,
        statement__status=StatementStatus.APPROVED,
        value__in=[value for value, _key in VOTE_KEYS],
    ).values_list("statement_id", "member_id", "value"):
        votes[task_of[statement_id]].append((statement_id, member_id, value))

    result = []
    for task in tasks:
        task_statements = [s for s in statements if s.task_id == task.pk]
        quotes = {s.pk: _quote(s.text, s.author_id) for s in task_statements}
        counts: dict[int, Counter] = defaultdict(Counter)
        for statement_id, _member, value in votes[task.pk]:
            counts[statement_id][dict(VOTE_KEYS)[value]] += 1
        rows = []
        for statement in task_statements:
            tally = counts[statement.pk]
            voters = sum(tally.values())
            hidden = voters < k
            rows.append(
                {
                    "id": statement.pk,
                    "chart_id": f"statement-{statement.pk}",
                    "quote": dict(quotes[statement.pk]),
                    "hidden": hidden,
                    "voters": None if hidden else voters,
                    "rows": [] if hidden else _statement_rows(tally, voters),
                }
            )
        voters = len({member for _statement, member, _value in votes[task.pk]})
        result.append(
            {
                "id": task.pk,
                "title": task.title,
                "voters": voters if voters >= k else None,
                "statements": rows,
                "opinion_groups": _opinion_part(votes[task.pk], quotes, k),
            }
        )
    return result


# Plain-language texts and export rows ----------------------------------------------------------------


def hidden_reason_text(reason: str | None, k: int | None) -> str:
    """Why the opinion groups of a task are not shown, in words."""
    texts = {
        "too_few_voters": _("Too few voters to form groups of at least %(k)s members."),
        "no_groups": _("The votes do not divide the members into groups."),
        "small_group": _("A group would have fewer than %(k)s members."),
        "unstable": _("The groups are not stable enough: they change when the votes are resampled."),
    }
    return texts.get(reason or "", "") % {"k": k}


def direction_text(direction: str) -> str:
    return {"agree": _("agree"), "disagree": _("disagree")}.get(direction, direction)


def discussion_rows(figures: dict) -> Iterator[list]:
    """The discussion table for CSV and XLSX: a summary row per task, then its most-liked posts."""
    k = figures.get("k")
    yield [
        _("Discussion"),
        _("Posts"),
        _("Replies"),
        _("Hidden by moderators"),
        _("Members who posted"),
        _("Most-liked post"),
        _("Likes"),
        _("Replies to the post"),
    ]
    for task in figures.get("discussions", []):
        participants = _("fewer than %(k)s") % {"k": k} if task["too_few"] else task["participants"]
        yield [task["title"], task["posts"], task["replies"], task["hidden"], participants, "", "", ""]
        for post in task["top_posts"]:
            yield [task["title"], "", "", "", "", post["quote"]["text"], post["likes"], post["replies"]]


def statement_rows(figures: dict) -> Iterator[list]:
    """Votes per statement for CSV and XLSX; statements with fewer than k voters have no numbers."""
    k = figures.get("k")
    yield [
        _("Statement vote"),
        _("Statement"),
        _("Voters"),
        _("Agree"),
        _("Agree %"),
        _("Disagree"),
        _("Disagree %"),
        _("Pass"),
        _("Pass %"),
    ]
    for task in figures.get("statements", []):
        for statement in task["statements"]:
            if statement["hidden"]:
                yield [task["title"], statement["quote"]["text"], _("fewer than %(k)s") % {"k": k}, *[""] * 6]
                continue
            cells = [cell for row in statement["rows"] for cell in (row["count"], row["pct"])]
            yield [task["title"], statement["quote"]["text"], statement["voters"], *cells]


def opinion_group_rows(figures: dict) -> Iterator[list]:
    """Opinion groups for CSV and XLSX: sizes, representative and consensus statements, or why hidden."""
    k = figures.get("k")
    yield [_("Statement vote"), _("Group"), _("Group size"), _("Statement"), _("Direction"), _("Score")]
    for task in figures.get("statements", []):
        part = task["opinion_groups"]
        if not part["shown"]:
            yield [task["title"], _("not shown"), "", hidden_reason_text(part["reason"], k), "", ""]
            continue
        for group in part["groups"]:
            yield [task["title"], group["number"], group["size"], "", "", ""]
            for item in group["representative"]:
                yield [
                    task["title"],
                    group["number"],
                    group["size"],
                    item["quote"]["text"],
                    direction_text(item["direction"]),
                    item["score"],
                ]
        for item in part["consensus"]:
            yield [
                task["title"],
                _("all groups (consensus)"),
                "",
                item["quote"]["text"],
                direction_text(item["direction"]),
                item["score"],
            ]
        yield [task["title"], _("stability"), part["stability"], "", "", ""]
        yield [task["title"], _("silhouette"), part["silhouette"], "", "", ""]
