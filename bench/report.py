"""Report benchmark: a synthetic closed period of 10,000 respondents, and how fast its report builds.

Each database gets its own child process (Django is configured once per process): SQLite in a
throwaway file, and PostgreSQL at DATABASE_URL if set, else the local server at 127.0.0.1:5432, in a
throwaway test database (skipped with a note when no server answers). Each child fills the period
with bulk inserts, then times:

- the build: what the background build computes (reports.build.figures_build): report_figures
  (participation, aggregates, cross-tabs, suppression) plus the themes of every open question and
  the code suggestions, from the stored per-answer analyses; the median of a few runs;
- the floor: one plain `SELECT question_id, COUNT(*) … GROUP BY question_id` over the same answers
  table, so the build also reads as a ratio to it;
- the staff report page (median of 20 warm requests) with the built figures stored on the report;
- on SQLite only, the work done when an answer is saved (reports.text_service.answer_analyse) per
  answer, on a sample with the embedding cache emptied.

Open answers are drawn from the hand-written Finnish fixture (reports/tests/data), so only a few
hundred distinct texts exist: each is lemmatised and embedded once and its analysis reused.
"""

import base64
import json
import os
import random
import statistics
import tempfile
import time
from datetime import timedelta
from pathlib import Path

from bench.processes import ROOT, per_database

SEED = 2026

UNUSABLE = "!"  # an unusable password hash: nobody logs in with a password here
FIXTURES = [
    ROOT / "reports" / "tests" / "data" / "answers_fi.csv",
    ROOT / "reports" / "tests" / "data" / "answers_fi_transport.csv",
]
LOCAL_POSTGRES = "postgres://postgres@127.0.0.1:5432/prototyypit_bench"

SIZES = {
    False: {
        "respondents": 10_000,
        "silent": 500,  # invited, never answered
        "tasks": 10,
        "closed_per_task": 5,
        "open_answers": 20_000,
        "distinct_texts": 600,
        "builds": 3,
        "page_repeat": 20,
        "save_sample": 100,
    },
    True: {
        "respondents": 150,
        "silent": 10,
        "tasks": 2,
        "closed_per_task": 5,
        "open_answers": 120,
        "distinct_texts": 12,
        "builds": 1,
        "page_repeat": 3,
        "save_sample": 3,
    },
}

# Background shares, with some deliberately tiny groups (suppressed below k) and some not given ("").
BACKGROUND = {
    "age_group": {
        "16-24": 0.0004,
        "25-34": 0.08,
        "35-44": 0.14,
        "45-54": 0.17,
        "55-64": 0.2,
        "65-74": 0.25,
        "75+": 0.15,
        "": 0.0096,
    },
    "municipality": {
        "Kouvola": 0.45,
        "Kotka": 0.33,
        "Hamina": 0.13,
        "Pyhtää": 0.05,
        "Virolahti": 0.035,
        "Miehikkälä": 0.0003,
        "": 0.0047,
    },
    "gender": {"female": 0.6, "male": 0.37, "other": 0.0004, "undisclosed": 0.0296},
    "mother_tongue": {"fi": 0.93, "sv": 0.02, "other": 0.0498, "": 0.0002},
    "life_situation": {
        "working": 0.35,
        "retired": 0.33,
        "studying": 0.06,
        "unemployed": 0.1,
        "family_leave": 0.03,
        "caregiver": 0.0005,
        "entrepreneur": 0.05,
        "other": 0.0795,
    },
}
CLOSED_KINDS = ["single", "multiple", "scale5", "yesno", "likert", "scale10", "ranking"]
OPTIONS = [("a", "Erittäin hyvin"), ("b", "Hyvin"), ("c", "Kohtalaisesti"), ("d", "Huonosti"), ("e", "En osaa sanoa")]
LIKERT_ROWS = [("r1", "Palvelu oli nopeaa"), ("r2", "Sain tarvitsemani tiedon"), ("r3", "Asiointi oli helppoa")]
FILLERS = [
    "",
    " Kiitos.",
    " Toivottavasti tähän tulee muutos.",
    " Tämä on minulle tärkeää.",
    " Näin on käynyt monesti.",
]


# The parent: one child process per database --------------------------------------------------------


def run(smoke: bool) -> dict:
    """The SQLite figures, then PostgreSQL's, merged into the keys the issue asks for."""
    scratch = tempfile.TemporaryDirectory(prefix="bench-report-")
    # The PostgreSQL run reuses the open answers' analyses the SQLite run computed (same texts).
    analyses = Path(scratch.name) / "analyses.json"
    sqlite, postgres = per_database("bench.report", smoke, LOCAL_POSTGRES, ["--analyses", str(analyses)])
    scratch.cleanup()
    result = {
        "respondents": sqlite.get("respondents"),
        "tasks": sqlite.get("tasks"),
        "closed_questions": sqlite.get("closed_questions"),
        "closed_answers": sqlite.get("closed_answers"),
        "open_answers": sqlite.get("open_answers"),
        "build_s_sqlite": sqlite.get("build_s"),
        "build_s_postgres": postgres.get("build_s"),
        "floor_s_sqlite": sqlite.get("floor_s"),
        "floor_s_postgres": postgres.get("floor_s"),
        "page_ms": sqlite.get("page_ms"),
        "page_ms_postgres": postgres.get("page_ms"),
        "page_queries": sqlite.get("page_queries"),
        "pdf_50_questions_s": sqlite.get("pdf_50_questions_s"),
        "save_ms_per_answer": sqlite.get("save_ms_per_answer"),
        "save_ms_per_answer_batch50": sqlite.get("save_ms_per_answer_batch50"),
        "save_sample": sqlite.get("save_sample"),
        "figures_s_sqlite": sqlite.get("figures_s"),
        "text_s_sqlite": sqlite.get("text_s"),
        "figures_s_postgres": postgres.get("figures_s"),
        "text_s_postgres": postgres.get("text_s"),
        "build_queries": sqlite.get("build_queries"),
        "populate_s_sqlite": sqlite.get("populate_s"),
        "populate_s_postgres": postgres.get("populate_s"),
    }
    notes = [f"sqlite: {n}" for n in sqlite.get("notes", [])] + [f"postgres: {n}" for n in postgres.get("notes", [])]
    for backend, part in (("sqlite", sqlite), ("postgres", postgres)):
        if "skipped" in part:
            notes.append(f"{backend} skipped: {part['skipped']}")
    for backend in ("sqlite", "postgres"):
        build, floor = result[f"build_s_{backend}"], result[f"floor_s_{backend}"]
        result[f"build_to_floor_{backend}"] = round(build / floor, 1) if build and floor else None
    result["notes"] = notes
    return result


# The child: fill one database and time the build, the floor, the page and the save ---------------


def _setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "prototyypit.settings_test")
    import django

    django.setup()


def _draw(rng: random.Random, shares: dict[str, float]) -> str:
    return rng.choices(list(shares), weights=list(shares.values()))[0]


def _texts(count: int, rng: random.Random) -> list[str]:
    """`count` distinct Finnish answers: fixture sentences, some with a common closing phrase."""
    import csv

    base = []
    for path in FIXTURES:
        with path.open(newline="", encoding="utf-8") as handle:
            base += [row["text"] for row in csv.DictReader(handle)]
    texts = list(dict.fromkeys(text + filler for filler in FILLERS for text in base))
    rng.shuffle(texts)
    return texts[:count]


def _closed_value(kind: str, rng: random.Random):
    """(value, other_text) of one answer, skewed so that options differ in size."""
    weights = [5, 4, 3, 2, 1]
    if kind == "single":
        if rng.random() < 0.03:
            return "__other__", rng.choice(["Jotain muuta", "En käytä palvelua", "Muu syy"])
        return rng.choices([v for v, _l in OPTIONS], weights=weights)[0], ""
    if kind == "multiple":
        return sorted(rng.sample([v for v, _l in OPTIONS], rng.randint(1, 3))), ""
    if kind == "scale5":
        return rng.choices(range(1, 6), weights=weights)[0], ""
    if kind == "scale10":
        return rng.randint(0, 10), ""
    if kind == "yesno":
        return rng.choice(["yes", "yes", "no"]), ""
    if kind == "likert":
        return {row: rng.randint(1, 5) for row, _l in LIKERT_ROWS if rng.random() < 0.95}, ""
    order = [v for v, _l in OPTIONS]
    rng.shuffle(order)
    return order, ""


def _populate(size: dict, rng: random.Random):
    """The period, its members, tasks, questions and submitted answers; returns (period, manager, open answers)."""
    from django.db import transaction
    from django.utils import timezone

    from accounts.models import Member, Role, User
    from organisations.models import Organisation
    from periods.models import Answer, Participant, Period, Question, Response, Task

    now = timezone.now()
    with transaction.atomic():
        sote = Organisation.objects.create(slug="sote", name_fi="Sote")
        period = Period.objects.create(
            title_fi="Raporttibenchmark",
            starts_at=now - timedelta(days=30),
            ends_at=now - timedelta(days=1),
            published_at=now - timedelta(days=30),
        )
        period.organisations.set([sote])
        invited = size["respondents"] + size["silent"]
        users = User.objects.bulk_create(
            [
                User(email=f"m{i}@example.fi", role=Role.MEMBER, is_active=True, password=UNUSABLE)
                for i in range(invited)
            ],
            batch_size=2000,
        )
        Member.objects.bulk_create(
            [
                Member(
                    user=u,
                    pseudonym=f"Jäsen {i}",
                    pseudonym_key=f"jäsen {i}",
                    **{variable: _draw(rng, shares) for variable, shares in BACKGROUND.items()},
                )
                for i, u in enumerate(users)
            ],
            batch_size=2000,
        )
        Participant.objects.bulk_create([Participant(period=period, member=u) for u in users], batch_size=2000)
    respondents = users[: size["respondents"]]
    per_task_open = size["open_answers"] // size["tasks"]
    texts = _texts(size["distinct_texts"], rng)
    choices = [{"value": v, "fi": label} for v, label in OPTIONS]
    rows = [{"value": v, "fi": label} for v, label in LIKERT_ROWS]
    open_answers = []
    for number in range(size["tasks"]):
        with transaction.atomic():
            task = Task.objects.create(period=period, order=number, title_fi=f"Kysely {number + 1}")
            closed = []
            for order in range(size["closed_per_task"]):
                kind = CLOSED_KINDS[(number * size["closed_per_task"] + order) % len(CLOSED_KINDS)]
                closed.append(
                    Question.objects.create(
                        task=task,
                        order=order,
                        kind=kind,
                        text_fi=f"Kysymys {number + 1}.{order + 1} ({kind})",
                        choices=rows
                        if kind == "likert"
                        else choices
                        if kind in ("single", "multiple", "ranking")
                        else [],
                        allow_other=kind == "single",
                    )
                )
            text_question = Question.objects.create(
                task=task, order=size["closed_per_task"], kind="text", text_fi=f"Kerro omin sanoin ({number + 1})"
            )
            responses = Response.objects.bulk_create(
                [Response(task=task, member=u, started_at=now, submitted_at=now) for u in respondents],
                batch_size=2000,
            )
            writers = set(rng.sample(range(len(responses)), per_task_open))
            batch = []
            for index, response in enumerate(responses):
                for question in closed:
                    value, other = _closed_value(question.kind, rng)
                    batch.append(Answer(response=response, question=question, value=value, other_text=other))
                if index in writers:
                    batch.append(Answer(response=response, question=text_question, value=rng.choice(texts)))
                if len(batch) >= 5000:
                    open_answers += [a for a in Answer.objects.bulk_create(batch) if a.question_id == text_question.pk]
                    batch = []
            open_answers += [a for a in Answer.objects.bulk_create(batch) if a.question_id == text_question.pk]
    manager = User.objects.create_user("manager@example.fi", "x" * 20, role=Role.MANAGER, is_active=True)
    return period, manager, open_answers


def _analyses(texts: list[str], cache: Path | None) -> dict[str, tuple[str, str, bytes]]:
    """text -> (lang, lemmas, vector bytes) as reports.text_service.answer_analyse computes them.

    Read from `cache` when an earlier run of the same texts wrote it there.
    """
    if cache is not None and cache.exists():
        stored = json.loads(cache.read_text(encoding="utf-8"))
        if set(stored) >= set(texts):
            return {t: (stored[t][0], stored[t][1], base64.b64decode(stored[t][2])) for t in texts}
    from reports.analysis import text

    langs = [text.detect_lang(body, fallback="") or "fi" for body in texts]
    docs = [text.lemmas(body, lang=lang) for body, lang in zip(texts, langs, strict=True)]
    vectors = text.answer_vectors(texts, docs) if hasattr(text, "answer_vectors") else text.embed(texts)
    result = {
        body: (lang, " ".join(doc), vector.astype("float32").tobytes())
        for body, lang, doc, vector in zip(texts, langs, docs, vectors, strict=True)
    }
    if cache is not None:
        cache.write_text(
            json.dumps({t: [lang, lemmas, base64.b64encode(v).decode()] for t, (lang, lemmas, v) in result.items()}),
            encoding="utf-8",
        )
    return result


def _store_analyses(open_answers: list, notes: list[str], cache: Path | None) -> None:
    """The per-answer analyses that saving the answers would have stored, each distinct text read once."""
    from reports.models import AnswerAnalysis

    stored = _analyses(sorted({a.value for a in open_answers}), cache)
    AnswerAnalysis.objects.bulk_create(
        [
            AnswerAnalysis(answer=a, lang=stored[a.value][0], lemmas=stored[a.value][1], vector=stored[a.value][2])
            for a in open_answers
        ],
        batch_size=2000,
    )
    notes.append(f"{len(stored)} distinct open texts, each analysed once and the analysis reused")


def _text_service(notes: list[str]):
    try:
        from reports import text_service
    except ImportError:
        notes.append("reports.text_service is missing: no themes in the build, no save cost")
        return None
    return text_service


def _save_cost(service, sample: list) -> dict[int, float]:
    """Milliseconds per answer of the work done when answers are saved, alone and in batches of 50.

    The answers are new text to the embedding cache; the model and the lemmatiser are warm, as in a
    running server (reports.text_service.save_cost_ms).
    """
    from reports.analysis import text

    if not sample:
        return {}
    # A running server has read the lemmatisers' and the language detector's dictionaries already.
    for lang, word in (("fi", "lämmittely"), ("sv", "uppvärmning"), ("en", "warming")):
        text.lemmas(word, lang=lang)
        text.detect_lang(f"{word} {word}")
    if hasattr(service, "save_cost_ms"):
        return service.save_cost_ms(sample, batch_sizes=(1, 50))
    text.embed(["lämmittely"])
    text._EMBEDDINGS.clear()
    started = time.perf_counter()
    for answer in sample:
        service.answer_analyse([answer])
    return {1: round(1000 * (time.perf_counter() - started) / len(sample), 2)}


def _build(period, service) -> tuple[dict, float, float]:
    """What the background build computes (reports.build.figures_build): (figures, figures_s, text_s).

    text_s is the rest of the build after the figures: themes of every open question, code suggestions.
    """
    from reports.figures import report_figures

    started = time.perf_counter()
    if service is None:
        figures = report_figures(period)
        return figures, time.perf_counter() - started, 0.0
    from reports.build import figures_build

    marks = []

    def on_progress(percent, message):
        if percent >= 80 and not marks:
            marks.append(time.perf_counter())

    figures = figures_build(period, on_progress=on_progress)
    ended = time.perf_counter()
    split = marks[0] if marks else ended
    return figures, split - started, ended - split


def _floor(table: str, repeat: int = 3) -> float:
    from django.db import connection

    durations = []
    for _ in range(repeat):
        with connection.cursor() as cursor:
            started = time.perf_counter()
            cursor.execute(f"SELECT question_id, COUNT(*) FROM {table} GROUP BY question_id")  # noqa: S608
            cursor.fetchall()
            durations.append(time.perf_counter() - started)
    return statistics.median(durations)


def _page(period, manager, figures: dict, repeat: int, notes: list[str]) -> tuple[float, int]:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse
    from django.utils import timezone
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from reports.models import BuildStatus, Report

    report, _created = Report.objects.get_or_create(period=period)
    report.figures = figures
    report.build_status = BuildStatus.DONE
    report.build_progress = 100
    report.built_at = timezone.now()
    report.save()
    client = Client()
    client.force_login(manager)
    device = TOTPDevice.objects.create(user=manager, name="bench", confirmed=True)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    url = reverse("reports:detail", args=[period.pk])
    assert client.get(url).status_code == 200  # the first request warms the templates
    durations = []
    for _ in range(repeat):
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            response = client.get(url)
            durations.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, response.status_code
    if any("periods_answer" in q["sql"] for q in captured.captured_queries):
        notes.append("the report page still reads answers: it counts a draft live instead of reading report.figures")
    return round(statistics.median(durations), 1), len(captured)


def _pdf_fifty_questions(period, figures: dict, repeat: int) -> float:
    """Seconds to lay out the PDF of 50 closed questions of ten options each (median of `repeat`)."""
    from django.utils import translation

    from reports.pdf import report_pdf
    from reports.services import report_for
    from reports.tests.synthetic import closed_questions

    report = report_for(period)
    synthetic = {**figures, "questions": closed_questions(50)}
    durations = []
    with translation.override("fi"):
        for _ in range(repeat):
            started = time.perf_counter()
            content = report_pdf(report, synthetic)
            durations.append(time.perf_counter() - started)
    assert content.startswith(b"%PDF-")
    return round(statistics.median(durations), 2)


def measure(backend: str, smoke: bool, analyses: Path | None = None) -> dict:
    _setup_django()
    from django.db import connection
    from django.db.models import Count
    from django.test.utils import CaptureQueriesContext, setup_test_environment

    from periods.models import Answer

    size = SIZES[smoke]
    rng = random.Random(SEED)
    notes: list[str] = []
    setup_test_environment()
    scratch = None
    if connection.vendor == "sqlite":
        # A file, as in production, rather than the test runner's in-memory database.
        scratch = tempfile.TemporaryDirectory(prefix="bench-report-")
        connection.settings_dict.setdefault("TEST", {})["NAME"] = str(Path(scratch.name) / "report.sqlite3")
    else:
        # A name of its own: never the test suite's database, which a test run may be using.
        connection.settings_dict.setdefault("TEST", {})["NAME"] = f"bench_report_{os.getpid()}"
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        started = time.perf_counter()
        period, manager, open_answers = _populate(size, rng)
        populate_s = time.perf_counter() - started
        service = _text_service(notes)
        _store_analyses(open_answers, notes, analyses)
        save_ms, sample = {}, []
        if service is not None and backend == "sqlite":
            # Saving these answers again computes their analysis afresh, as a member's submit does.
            sample = _sample_for_save(open_answers, size["save_sample"], rng)
            save_ms = _save_cost(service, sample)
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        builds, figures_times, themes_times = [], [], []
        queries = 0
        for _ in range(size["builds"]):
            with CaptureQueriesContext(connection) as captured:
                figures, figures_s, themes_s = _build(period, service)
            figures_times.append(figures_s)
            themes_times.append(themes_s)
            builds.append(figures_s + themes_s)
            queries = len(captured)
        floor_s = _floor(Answer._meta.db_table)
        page_ms, page_queries = _page(period, manager, figures, size["page_repeat"], notes)
        pdf_s = _pdf_fifty_questions(period, figures, size["builds"])
        closed = Answer.objects.filter(question__task__period=period).exclude(question__kind="text")
        return {
            "backend": connection.vendor,
            "respondents": size["respondents"],
            "tasks": size["tasks"],
            "closed_questions": size["tasks"] * size["closed_per_task"],
            "closed_answers": closed.count(),
            "open_answers": len(open_answers),
            "questions_by_kind": dict(
                closed.values_list("question__kind").annotate(n=Count("question", distinct=True)).order_by()
            ),
            "populate_s": round(populate_s, 1),
            "build_s": round(statistics.median(builds), 3),
            "build_s_runs": [round(b, 3) for b in builds],
            "figures_s": round(statistics.median(figures_times), 3),
            "text_s": round(statistics.median(themes_times), 3),
            "build_queries": queries,
            "floor_s": round(floor_s, 4),
            "page_ms": page_ms,
            "page_queries": page_queries,
            "pdf_50_questions_s": pdf_s,
            "save_ms_per_answer": save_ms.get(1),
            "save_ms_per_answer_batch50": save_ms.get(50),
            "save_sample": len(sample),
            "notes": notes,
        }
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
        if scratch is not None:
            scratch.cleanup()


def _sample_for_save(open_answers: list, count: int, rng: random.Random) -> list:
    """`count` open answers with distinct texts (so that no answer reuses another's embedding)."""
    by_text = {}
    for answer in open_answers:
        by_text.setdefault(answer.value, answer)
    return rng.sample(sorted(by_text.values(), key=lambda a: a.pk), min(count, len(by_text)))


if __name__ == "__main__":
    import argparse

    parser = argparse.ArgumentParser(prog="python -m bench.report")
    parser.add_argument("--backend", choices=["sqlite", "postgres"])
    parser.add_argument("--smoke", action="store_true")
    parser.add_argument("--analyses", type=Path, help="a file to share the open answers' analyses between runs")
    args = parser.parse_args()
    if args.backend:
        print(json.dumps(measure(args.backend, args.smoke, args.analyses)), flush=True)
    else:
        print(json.dumps(run(smoke=args.smoke), indent=2))
