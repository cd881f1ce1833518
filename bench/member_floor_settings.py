"""The second floor of the hot-path benchmark: the app's own settings and middleware, one signed-in member, no page.

A member-only view answering "ok" behind the full middleware stack (sessions from Redis, the user row,
CSRF, locale, OTP, security headers, the terms check, lockouts): what every member page pays before it
does anything. Between the bare floor and the hot path, it shows how much of the gap is the stack and
how much is the pages. The view is in bench/member_floor_urls.py.
"""

from prototyypit.settings import *  # noqa: F403 (the app's settings, unchanged but for the URLs)

ROOT_URLCONF = "bench.member_floor_urls"
