"""Results site benchmark: three years of a community's history, and how fast its public statistics are.

Each database gets its own child process (Django is configured once per process), as in bench/report.py:
SQLite in a throwaway file, and PostgreSQL at DATABASE_URL if set, else the local server at
127.0.0.1:5432, in a throwaway test database (skipped with a note when no server answers). Each child
fills three years of history with bulk inserts from a fixed seed (closed, approved, published periods
across three organisations, their tasks, members who join and leave, submitted responses, published
reports, published actions with their timelines), then times, median of warm runs:

- results.statistics.community_statistics (what the statistics page, the results index and the open
  data compute on every request) and statistics_records (the open data's flattening of it);
- GET /fi/results/statistics/, /fi/results/, /fi/results/open-data/statistics.json and
  /fi/results/feed.atom through the test client, with each page's query count.
"""

import json
import os
import random
import statistics
import tempfile
import time
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path

from bench.processes import per_database
from bench.report import SEED, UNUSABLE, _setup_django

LOCAL_POSTGRES = "postgres://postgres@127.0.0.1:5432/prototyypit_bench_results"
DAYS = 3 * 365

SIZES = {
    False: {
        "organisations": 3,
        "periods": 40,
        "tasks_per_period": 4,
        "members": 3_000,
        "founders": 1_200,  # joined in the first month; the rest join over the three years
        "left_share": 0.12,
        "respondents_per_period": 700,
        "task_answer_share": 0.9,  # a respondent sends ~90% of the period's tasks: ~100,000 responses
        "unpublished_periods": 4,  # the newest periods' reports are not published yet
        "findings_per_report": 2,
        "actions": 60,
        "updates_per_action": 3,
        "repeat": 20,
    },
    True: {
        "organisations": 2,
        "periods": 6,
        "tasks_per_period": 2,
        "members": 150,
        "founders": 80,
        "left_share": 0.12,
        "respondents_per_period": 60,
        "task_answer_share": 0.9,
        "unpublished_periods": 1,
        "findings_per_report": 2,
        "actions": 6,
        "updates_per_action": 3,
        "repeat": 3,
    },
}
ORGANISATIONS = [("sote", "Hyvinvointialue"), ("pelastus", "Pelastuslaitos"), ("kaupunki", "Kaupunki")]
PAGES = {
    "statistics": "results:statistics",
    "index": "results:index",
    "statistics_json": "results:statistics_json",
    "feed": "results:feed",
}
SUMMARY = "Vastaajat toivoivat **selkeämpää** asiointia.\n\n- Palaute nopeammin\n- Ohjeet selkokielellä\n"
TIMELINE = [("", "planned"), ("planned", "in_progress"), ("in_progress", "done")]


# The parent: one child process per database --------------------------------------------------------


def run(smoke: bool) -> dict:
    sqlite, postgres = per_database("bench.results_site", smoke, LOCAL_POSTGRES)
    notes = []
    sizes = None
    for backend, part in (("sqlite", sqlite), ("postgresql", postgres)):
        made = part.pop("sizes", None)  # the same in both runs (same seed)
        sizes = sizes or made
        notes += [f"{backend}: {note}" for note in part.pop("notes", [])]
        if "skipped" in part:
            notes.append(f"{backend} skipped: {part['skipped']}")
    return {
        "sizes": sizes,
        "sqlite": sqlite,
        "postgresql": postgres,
        "notes": notes,
    }


# The child: fill one database with three years of history, time the statistics and the pages ------


@contextmanager
def _throwaway_database():
    """A fresh test database of this process's own (a file on SQLite), dropped afterwards.

    Its tables are made from the models rather than by running every migration (TEST MIGRATE off), which
    takes ten seconds of the smoke run's budget; the data migrations (terms, recruitment texts, audit
    triggers) touch nothing the results site reads.
    """
    from django.db import connection

    scratch = None
    test = connection.settings_dict.setdefault("TEST", {})
    test["MIGRATE"] = False
    if connection.vendor == "sqlite":
        scratch = tempfile.TemporaryDirectory(prefix="bench-results-")
        test["NAME"] = str(Path(scratch.name) / "results.sqlite3")
    else:
        test["NAME"] = f"bench_results_{os.getpid()}"
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        yield
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
        if scratch is not None:
            scratch.cleanup()


def _moment(start, rng: random.Random, days: float):
    return start + timedelta(seconds=rng.uniform(0, days * 86400))


def _populate(size: dict, rng: random.Random) -> dict:
    """The history, built with bulk inserts; returns how many of each thing were made."""
    from django.db import transaction
    from django.utils import timezone

    from accounts.models import Member, Role, User
    from impact.models import Action, ActionStatus, ActionUpdate
    from organisations.models import Organisation
    from periods.models import Approval, Period, Response, Task
    from reports.models import Finding, Report, ReportStatus

    now = timezone.now()
    origin = now - timedelta(days=DAYS)
    with transaction.atomic():
        organisations = [
            Organisation.objects.create(slug=slug, name_fi=name)
            for slug, name in ORGANISATIONS[: size["organisations"]]
        ]
        users = User.objects.bulk_create(
            [
                User(email=f"r{i}@example.fi", role=Role.MEMBER, is_active=True, password=UNUSABLE)
                for i in range(size["members"])
            ],
            batch_size=2000,
        )
        members = []
        for i, user in enumerate(users):
            joined = _moment(origin, rng, 30 if i < size["founders"] else DAYS - 30)
            left = _moment(joined, rng, (now - joined).days) if rng.random() < size["left_share"] else None
            members.append(
                Member(user=user, pseudonym=f"Asukas {i}", pseudonym_key=f"asukas {i}", joined_at=joined, left_at=left)
            )
        Member.objects.bulk_create(members, batch_size=2000)

        # Periods of ten days, evenly over the three years; the newest closed ten days ago.
        step = (DAYS - 40) / size["periods"]
        periods = Period.objects.bulk_create(
            [
                Period(
                    title_fi=f"Aktiivijakso {n + 1}",
                    theme_fi="Asiointi",
                    description_fi="Kerro **kokemuksistasi**.",
                    starts_at=origin + timedelta(days=30 + n * step),
                    ends_at=origin + timedelta(days=40 + n * step),
                    published_at=origin + timedelta(days=28 + n * step),
                    approval=Approval.APPROVED,
                )
                for n in range(size["periods"])
            ]
        )
        links = []
        for period in periods:
            asked = rng.sample(organisations, 2 if rng.random() < 0.3 else 1)
            links += [Period.organisations.through(period=period, organisation=o) for o in asked]
        Period.organisations.through.objects.bulk_create(links)
        tasks = Task.objects.bulk_create(
            [
                Task(period=period, order=order, title_fi=f"Tehtävä {order + 1}", approval=Approval.APPROVED)
                for period in periods
                for order in range(size["tasks_per_period"])
            ]
        )

    responses = 0
    for period in periods:
        eligible = [
            m.user_id
            for m in members
            if m.joined_at <= period.starts_at and (m.left_at is None or m.left_at >= period.ends_at)
        ]
        respondents = rng.sample(eligible, min(size["respondents_per_period"], len(eligible)))
        batch = [
            Response(
                task=task,
                member_id=member_id,
                started_at=period.starts_at,
                submitted_at=_moment(period.starts_at, rng, 10),
            )
            for task in tasks
            if task.period_id == period.pk
            for member_id in respondents
            if rng.random() < size["task_answer_share"]
        ]
        Response.objects.bulk_create(batch, batch_size=2000)
        responses += len(batch)

    with transaction.atomic():
        published = periods[: len(periods) - size["unpublished_periods"]]
        reports = Report.objects.bulk_create(
            [
                Report(
                    period=period,
                    status=ReportStatus.PUBLISHED,
                    delivered_at=period.ends_at + timedelta(days=14),
                    published_at=period.ends_at + timedelta(days=21),
                    summary="Raportin yhteenveto.",
                    public_summary=f"## {period.title_fi}\n\n{SUMMARY}",
                )
                for period in published
            ]
            + [
                Report(period=period, status=ReportStatus.DELIVERED, delivered_at=now, summary="Toimitettu.")
                for period in periods[len(published) :]
            ]
        )
        findings = Finding.objects.bulk_create(
            [
                Finding(report=report, order=order, title=f"Havainto {report.period_id}.{order + 1}")
                for report in reports[: len(published)]
                for order in range(size["findings_per_report"])
            ]
        )
        actions = Action.objects.bulk_create(
            [
                Action(
                    title=f"Toimenpide {n + 1}",
                    description="Selkokieliset ohjeet **verkkoon**.",
                    organisation=rng.choice(organisations),
                    team="Asiakaspalvelu",
                    status=ActionStatus.DONE,
                    done_on=(now - timedelta(days=rng.randint(1, 300))).date(),
                    published=True,
                )
                for n in range(size["actions"])
            ]
        )
        finding_of = {action.pk: rng.choice(findings) for action in actions}
        Action.findings.through.objects.bulk_create(
            [Action.findings.through(action=action, finding=finding_of[action.pk]) for action in actions]
        )
        report_at = {report.pk: report.published_at for report in reports}
        updates = []
        for action in actions:
            moment = report_at[finding_of[action.pk].report_id]
            for status_from, status_to in TIMELINE[: size["updates_per_action"]]:
                moment = min(now, moment + timedelta(days=rng.randint(5, 60)))
                updates.append(
                    ActionUpdate(
                        action=action, status_from=status_from, status_to=status_to, text="Tilanne päivitetty."
                    )
                )
                updates[-1].stamp = moment
        updates = ActionUpdate.objects.bulk_create(updates)
        # created_at is auto_now_add, which bulk_create stamps with now; the timeline gets its own dates.
        for update in updates:
            update.created_at = update.stamp
        ActionUpdate.objects.bulk_update(updates, ["created_at"], batch_size=500)
    return {
        "organisations": len(organisations),
        "periods": len(periods),
        "tasks": len(tasks),
        "members": len(members),
        "members_left": sum(m.left_at is not None for m in members),
        "responses": responses,
        "published_reports": len(published),
        "actions": len(actions),
        "action_updates": len(updates),
    }


def _timed(call, repeat: int) -> tuple[float, int, float]:
    """(median ms, queries, median ms spent in the database) of `repeat` warm calls."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    call()  # warm: templates, translations, the first connection
    durations, db_times = [], []
    for _ in range(repeat):
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            call()
            durations.append((time.perf_counter() - started) * 1000)
        db_times.append(sum(float(q["time"]) for q in captured.captured_queries) * 1000)
    return round(statistics.median(durations), 1), len(captured), round(statistics.median(db_times), 1)


def measure(backend: str, smoke: bool) -> dict:
    _setup_django()
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client
    from django.test.utils import setup_test_environment
    from django.urls import reverse
    from django.utils import translation

    from results.statistics import community_statistics, statistics_records

    size = SIZES[smoke]
    rng = random.Random(SEED)
    notes: list[str] = []
    setup_test_environment()
    with _throwaway_database():
        started = time.perf_counter()
        sizes = _populate(size, rng)
        populate_s = time.perf_counter() - started
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        stats = community_statistics()
        shown = {name: getattr(stats.total, name).shown for name in ("answers", "members")}
        if shown["answers"] != sizes["responses"]:
            notes.append(f"the statistics count {shown['answers']} answers, {sizes['responses']} were made")
        ms, queries, db_ms = _timed(community_statistics, size["repeat"])
        computation = {"ms": ms, "queries": queries, "db_ms": db_ms}
        computation["records_ms"] = _timed(lambda: statistics_records(stats), size["repeat"])[0]  # 0.1 ms resolution
        pages = {}
        client = Client()
        for name, route in PAGES.items():
            with translation.override("fi"):
                url = reverse(route)

            def get(url=url):
                response = client.get(url)
                assert response.status_code == 200, (url, response.status_code)
                return response

            def get_uncached(get=get):
                cache.clear()  # the statistics are cached for 10 minutes: time the request that computes them
                return get()

            ms, queries, db_ms = _timed(get_uncached, size["repeat"])
            cached_ms, cached_queries, _db = _timed(get, size["repeat"])
            pages[name] = {
                "url": url,
                "ms": ms,
                "queries": queries,
                "db_ms": db_ms,
                "cached_ms": cached_ms,
                "cached_queries": cached_queries,
            }
        return {
            "backend": connection.vendor,
            "populate_s": round(populate_s, 1),
            "community_statistics": computation,
            "pages": pages,
            "sizes": sizes | {"repeat": size["repeat"]},
            "notes": notes,
        }


if __name__ == "__main__":
    import argparse

    parser = argparse.ArgumentParser(prog="python -m bench.results_site")
    parser.add_argument("--backend", choices=["sqlite", "postgres"])
    parser.add_argument("--smoke", action="store_true")
    args = parser.parse_args()
    if args.backend:
        print(json.dumps(measure(args.backend, args.smoke)), flush=True)
    else:
        print(json.dumps(run(smoke=args.smoke), indent=2))
