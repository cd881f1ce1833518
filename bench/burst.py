"""Burst benchmark: the public application form under a campaign spike, served as in production.

gunicorn (deploy/gunicorn.conf.py, 2 workers) on PostgreSQL and Redis, behind one trusted proxy
(PROXY_COUNT=1): every applicant comes from its own address in X-Forwarded-For, fetches the form
(its CSRF token and cookie) and posts it, as a browser does; 5 % of the addresses apply twice, half of
them at the same moment. Debian's wrk sends them (bench/burst.lua, one thread, up to CONNECTIONS
kept-alive connections), so that the sender takes little of the two cores the server needs. Open
loop: application i is due at i / rate; when the server falls behind, every connection is busy and
the applicants wait for a free one, for at most the planned seconds, and `rate_sent` says what was
really offered.

Figures: `sent` (posts), `accepted` (answered with the thank-you redirect), `distinct_emails_accepted`,
`stored` (applications in the database: one per distinct accepted email), `duplicates` (stored
applications sharing an email within the round: must be 0),
`throttled`, `errors` (5xx or no answer), `p50_ms` / `p99_ms` of the posts, `form_p99_ms` of the
form fetches, `rate_target`, `rate_sent`; `server_cpu_s` (gunicorn's master and workers, also those
restarted) and `generator_cpu_s` (wrk) over the load, and `server_cpu_ms_per_application`.
"""

import json
import os
import random
import shutil
import signal
import subprocess
import tempfile
import time
from pathlib import Path
from urllib.parse import urlencode

from .processes import wrk_version
from .stack import (
    Stack,
    cpu_seconds,
    database_connect,
    database_drop,
    free_port,
    redis_flush,
    redis_url,
    throwaway_database,
)

RATE = 200
SECONDS = 30
SMOKE_RATE = 5
SMOKE_SECONDS = 2
DUPLICATE_SHARE = 0.05
# As many applicants in flight at most as the threads of the earlier Python sender, so the latencies compare.
CONNECTIONS = 64
# wrk starts its connections before the first applicant is due; it runs until every answer is in.
START_LEAD_S = 1.0
DRAIN_S = 30
LUA = Path(__file__).with_name("burst.lua")
SLUG = "kampanja"
PATH = f"/fi/join/round/{SLUG}/apply/"
MUNICIPALITIES = ["Hamina", "Kotka", "Kouvola", "Miehikkälä", "Pyhtää", "Virolahti"]

SEED_ROUND = f"""
from datetime import timedelta
from django.utils import timezone
from recruitment.models import RecruitmentRound
now = timezone.now()
RecruitmentRound.objects.create(
    slug={SLUG!r}, title_fi="Kampanja", opens_at=now - timedelta(days=1), closes_at=now + timedelta(days=1),
    is_published=True, municipalities={MUNICIPALITIES!r},
)
"""


def applications(count: int, rng: random.Random) -> list[dict]:
    """`count` posts: distinct people, 5 % of whom send theirs twice (half at once, half later)."""
    people = [
        {
            "full_name": f"Hakija {i}",
            "email": f"hakija{i}@example.fi",
            "birth_date": f"{rng.randint(1, 28)}.{rng.randint(1, 12)}.{rng.randint(1940, 2006)}",
            "confirm_birth_date": "on",
            "municipality": rng.choice(MUNICIPALITIES),
            "gender": rng.choice(["female", "male", "undisclosed"]),
            "mother_tongue": rng.choice(["fi", "sv", "other"]),
            "life_situation": rng.choice(["working", "retired", "studying"]),
            "motivation": "Haluan vaikuttaa palveluihin.",
            "consent_privacy": "on",
            "ip": f"10.{(i >> 16) & 255}.{(i >> 8) & 255}.{i & 255 or 1}",
        }
        # At least one second application, so that the smoke run checks the duplicates too.
        for i in range(count - max(1, int(count * DUPLICATE_SHARE)))
    ]
    posts = list(people)
    for number, person in enumerate(rng.sample(people, count - len(people))):
        at = posts.index(person) + 1 if number % 2 == 0 else rng.randrange(len(posts) + 1)
        posts.insert(at, person)
    return posts


def _percentile(values: list[float], share: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def load(base: str, posts: list[dict], rate: float, seconds: float) -> dict:
    """Offer the posts with wrk (bench/burst.lua) on the open loop's schedule; tally the answers.

    Posts not claimed by a free connection when the window (`seconds`) closes are not sent: `sent` is
    what the machine managed. wrk runs until every claimed step is answered (at most DRAIN_S more).
    """
    with tempfile.TemporaryDirectory(prefix="burst-") as folder:
        data = Path(folder) / "applicants.tsv"
        data.write_text(
            "".join(
                f"{post['ip']}\t{urlencode({key: value for key, value in post.items() if key != 'ip'})}\n"
                for post in posts
            )
        )
        start = time.monotonic() + START_LEAD_S
        connections = min(CONNECTIONS, len(posts))
        env = {
            **os.environ,
            "BURST_CONNECTIONS": str(connections),
            "BURST_DATA": str(data),
            "BURST_PATH": PATH,
            "BURST_RATE": str(rate),
            "BURST_SECONDS": str(seconds),
            "BURST_START_US": str(int(start * 1_000_000)),
        }
        command = [
            "wrk",
            "-t1",
            f"-c{connections}",
            f"-d{int(seconds + START_LEAD_S + DRAIN_S)}s",
            "--timeout",
            "30s",
            "-s",
            str(LUA),
            f"{base}/",
        ]
        wrk = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)  # noqa: S603
        lines = []
        for line in wrk.stdout or ():
            if line.strip() == "drained":
                wrk.send_signal(signal.SIGINT)  # wrk then stops within two seconds and prints its figures
            lines.append(line)
        # Read before waiting: until it is reaped, the exited process still shows its CPU time.
        generator_cpu_s = cpu_seconds(wrk.pid)
        stderr = (wrk.stderr.read() if wrk.stderr else "").strip()
        wrk.wait()
    tallies = [line for line in lines if line.startswith("{")]
    if not tallies:
        raise RuntimeError(f"wrk failed ({wrk.returncode}): " + (stderr or "".join(lines)).strip()[-400:])
    answers = json.loads(tallies[-1])
    window = max(min(len(posts) / rate, seconds), answers["last_sent_s"])
    return {
        **{key: answers[key] for key in ("sent", "accepted", "throttled", "refused", "errors")},
        "distinct_emails_accepted": len({posts[number - 1]["email"] for number in answers["accepted_applicants"]}),
        "p50_ms": round(_percentile(answers["post_ms"], 0.50), 1),
        "p99_ms": round(_percentile(answers["post_ms"], 0.99), 1),
        "form_p99_ms": round(_percentile(answers["form_ms"], 0.99), 1),
        "rate_sent": round(answers["sent"] / window, 1),
        "generator_cpu_s": round(generator_cpu_s, 1),
        "generator": f"{wrk_version()} with bench/burst.lua, 1 thread, {connections} connections",
    }


def stored(database_url: str) -> dict:
    with database_connect(database_url) as db:
        total = db.execute("SELECT count(*) FROM recruitment_application").fetchone()[0]
        shared = db.execute(
            "SELECT count(*) FROM (SELECT round_id, lower(email) FROM recruitment_application WHERE email <> '' "
            "GROUP BY 1, 2 HAVING count(*) > 1) AS shared"
        ).fetchone()[0]
    return {"stored": total, "duplicates": shared}


def run(smoke: bool) -> dict:
    rate, seconds = (SMOKE_RATE, SMOKE_SECONDS) if smoke else (RATE, SECONDS)
    if shutil.which("wrk") is None:
        return {"skipped": "wrk is not installed (`make loadgen` installs Debian's wrk)"}
    database_url, reason = throwaway_database("burst")
    if reason:
        return {"skipped": reason}
    stack = Stack(database_url, redis_url(), extra_env={"PROXY_COUNT": "1"})
    try:
        stack.prepare()
        stack.manage("shell", "-c", SEED_ROUND)
        redis_flush(redis_url())
        port = free_port()
        server = stack.app(port, workers=2)
        posts = applications(rate * seconds, random.Random(11))
        server_cpu_s = cpu_seconds(server.pid)
        figures = load(f"http://127.0.0.1:{port}", posts, rate, seconds)
        server_cpu_s = cpu_seconds(server.pid) - server_cpu_s
        return {
            **figures,
            **stored(database_url),
            "rate_target": rate,
            "seconds": seconds,
            "server_cpu_s": round(server_cpu_s, 1),
            "server_cpu_ms_per_application": round(1000 * server_cpu_s / figures["sent"], 1)
            if figures["sent"]
            else None,
            "server": "gunicorn deploy/gunicorn.conf.py, 2 workers, PostgreSQL + Redis, PROXY_COUNT=1",
        }
    finally:
        stack.stop()
        database_drop(database_url)


if __name__ == "__main__":
    print(json.dumps(run(smoke=True)))
