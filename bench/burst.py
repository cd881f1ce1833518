"""Burst benchmark: the public application form under a campaign spike, served as in production.

gunicorn (deploy/gunicorn.conf.py, 2 workers) on PostgreSQL and Redis, behind one trusted proxy
(PROXY_COUNT=1): every applicant comes from its own address in X-Forwarded-For, fetches the form
(its CSRF token) and posts it, as a browser does; 5 % of the addresses apply twice, half of them at
the same moment. Open loop: application i is due at i / rate; when the server falls behind, the
threads send as fast as it answers, for at most the planned seconds, and `rate_sent` says what was
really offered.

Figures: `sent` (posts), `accepted` (answered with the thank-you redirect), `distinct_emails_accepted`,
`stored` (applications in the database: one per distinct accepted email), `duplicates` (stored
applications sharing an email within the round: must be 0),
`throttled`, `errors` (5xx or no answer), `p50_ms` / `p99_ms` of the posts, `form_p99_ms` of the
form fetches, `rate_target`, `rate_sent`.
"""

import json
import queue
import random
import threading
import time
from urllib.parse import urlsplit

from .stack import (
    Browser,
    Stack,
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
THREADS = 64
SLUG = "kampanja"
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
    """Send each post at its due time, or as soon as a thread is free, until the window closes; tally the answers.

    Posts still waiting when the window (`seconds`) closes are not sent: `sent` is what the machine managed.
    """
    jobs: queue.Queue = queue.Queue()
    start = time.monotonic() + 0.5
    for index, post in enumerate(posts):
        jobs.put((start + index / rate, post))
    lock = threading.Lock()
    tally = {"sent": 0, "accepted": 0, "throttled": 0, "refused": 0, "errors": 0}
    accepted_emails: set[str] = set()
    post_ms: list[float] = []
    form_ms: list[float] = []
    last_sent = [start]
    path = f"/fi/join/round/{SLUG}/apply/"

    def applicant() -> None:
        while True:
            try:
                due, post = jobs.get_nowait()
            except queue.Empty:
                return
            if time.monotonic() > start + seconds:
                return
            time.sleep(max(0.0, due - time.monotonic()))
            data = {key: value for key, value in post.items() if key != "ip"}
            browser = Browser(base, headers={"X-Forwarded-For": post["ip"]})
            outcome = "errors"
            try:
                began = time.monotonic()
                status, _headers, page = browser.get(path)
                fetched = time.monotonic()
                if status == 200:
                    with lock:
                        tally["sent"] += 1
                        last_sent[0] = max(last_sent[0], fetched)
                    status, headers, _body = browser.post_form(path, page, data)
                    done = time.monotonic()
                    thanks = status == 302 and urlsplit(headers.get("location", "")).path.endswith("/thanks/")
                    outcome = (
                        "accepted"
                        if thanks
                        else "throttled"
                        if status == 429
                        else "errors"
                        if status >= 500
                        else "refused"
                    )
                    with lock:
                        post_ms.append((done - fetched) * 1000)
                        if thanks:
                            accepted_emails.add(post["email"])
                with lock:
                    form_ms.append((fetched - began) * 1000)
            except (ConnectionError, ValueError):
                pass
            finally:
                browser.close()
            with lock:
                tally[outcome] += 1

    threads = [threading.Thread(target=applicant, daemon=True) for _ in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    window = max(min(len(posts) / rate, seconds), last_sent[0] - start)
    return {
        **tally,
        "distinct_emails_accepted": len(accepted_emails),
        "p50_ms": round(_percentile(post_ms, 0.50), 1),
        "p99_ms": round(_percentile(post_ms, 0.99), 1),
        "form_p99_ms": round(_percentile(form_ms, 0.99), 1),
        "rate_sent": round(tally["sent"] / window, 1),
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
    database_url, reason = throwaway_database("burst")
    if reason:
        return {"skipped": reason}
    stack = Stack(database_url, redis_url(), extra_env={"PROXY_COUNT": "1"})
    try:
        stack.prepare()
        stack.manage("shell", "-c", SEED_ROUND)
        redis_flush(redis_url())
        port = free_port()
        stack.app(port, workers=2)
        posts = applications(rate * seconds, random.Random(11))
        figures = load(f"http://127.0.0.1:{port}", posts, rate, seconds)
        return {
            **figures,
            **stored(database_url),
            "rate_target": rate,
            "seconds": seconds,
            "server": "gunicorn deploy/gunicorn.conf.py, 2 workers, PostgreSQL + Redis, PROXY_COUNT=1",
            "generator": f"bench.stack.Browser (threads + http.client), {THREADS} threads",
        }
    finally:
        stack.stop()
        database_drop(database_url)


if __name__ == "__main__":
    print(json.dumps(run(smoke=True)))
