"""The exceptions the static checks accept, each with its reason (SECURITY.md #17, #20, #31).

Keys name code by file and function ("path::function", "path::Class.method"), so they survive edits
elsewhere in the file. An entry that no longer matches anything is reported, so remove it then.
"""

# mark_safe / SafeString / format_html on something other than a literal string.
SAFE_HTML: dict[str, str] = {
    "core/markdown.py::markdown_to_html": (
        "staff-written Markdown, rendered and then cleaned by nh3 with a fixed list of tags, attributes "
        "and URL schemes just before mark_safe; the |markdown filter returns it (core/templatetags/markdown.py)"
    ),
}

# `|safe`, `|safeseq`, `{% filter safe %}` or `{% autoescape off %}` in an HTML template: "path: tag" → reason.
# None: Markdown reaches templates through the |markdown filter, whose output nh3 has cleaned, and the
# plain-text email templates (*.txt) may turn autoescaping off because they are not HTML.
TEMPLATE_SAFE: dict[str, str] = {}

# SQL built from strings: none. Write parameters (`%s` with a list) or psycopg.sql for identifiers.
RAW_SQL: dict[str, str] = {}

# csrf_exempt, the one documented exception.
CSRF_EXEMPT_UNSUBSCRIBE: dict[str, str] = {
    "notifications/views.py::unsubscribe": (
        "RFC 8058 one-click unsubscribe: mail clients POST without cookies or a CSRF token. The signed, "
        "per-person token in the URL is the authentication, and GET only explains"
    ),
}

# Views authenticated only by an API bearer token: exempt from CSRF because no cookie authenticates
# them. The check also proves that they never read request.user, request.session or request.COOKIES.
CSRF_EXEMPT_BEARER: dict[str, str] = {}

# Views the URL resolver reaches without one of our access decorators: "module.function" → why.
PUBLIC_VIEWS: dict[str, str] = {
    # Public pages: published content only.
    "core.views.home": "the public front page",
    "core.views.privacy": "the privacy notice, which must be public",
    "core.views.accessibility": "the accessibility statement, which must be public",
    "core.views.theme_css": "the configured colours as CSS",
    "core.views.favicon": "the site icon browsers ask for",
    "core.views.healthz": "load-balancer health check: status words only, no data",
    "django.views.i18n.set_language": "Django's language switch: sets the language cookie",
    "community.views.public.news_list": "published news",
    "community.views.public.news_detail": "one published news item (unpublished ones answer 404)",
    "support.views.help_list": "published help pages",
    "support.views.help_page": "one published help page",
    "results.views.index": "published results",
    "results.views.period_detail": "the published results of a period",
    "results.views.action_list": "published actions",
    "results.views.action_detail": "one published action",
    "results.views.statistics": "public statistics, suppressed under the anonymity threshold",
    "results.views.open_data": "the open-data page",
    "results.views.statistics_csv": "public statistics as CSV",
    "results.views.statistics_json": "public statistics as JSON",
    "results.views.actions_csv": "published actions as CSV",
    "results.views.actions_json": "published actions as JSON",
    "results.views.index_share": "share image of the results page",
    "results.views.period_share": "share image of a period's published results",
    "results.views.action_share": "share image of a published action",
    "results.feeds.ResultsFeed": "Atom feed of published actions",
    # The public recruitment pages: anyone may apply.
    "recruitment.views.public.campaign": "the campaign page",
    "recruitment.views.public.round_detail": "an open recruitment round",
    "recruitment.views.public.apply": "the application form (throttled per IP and email, honeypot)",
    "recruitment.views.public.applied": "the thank-you page after applying",
    "recruitment.views.public.quiz": "the public quiz",
    "recruitment.views.public.quiz_result_view": "a shareable quiz result: the type only, nothing personal",
    "recruitment.views.public.subscribe": "'tell me when the next round opens': the same answer for any address",
    # Signing in: these must answer anonymous visitors.
    "accounts.views.auth.LoginView": "the login form (lockout per username and IP)",
    "accounts.views.auth.LogoutView": "logging out",
    "accounts.views.auth.PasswordResetView": "asking for a reset link: the same answer for any address",
    "accounts.views.auth.PasswordResetDoneView": "the 'link sent' page",
    "accounts.views.auth.PasswordResetConfirmView": "the reset link: its single-use token is the key",
    "accounts.views.auth.PasswordResetCompleteView": "the 'password changed' page",
    "accounts.views.member.home": "sends each visitor to their start page: anonymous ones to the login page",
    # Links whose signed token is the key (no account, or not signed in yet).
    "accounts.views.auth.invitation": "the invitation link: a random, single-use, expiring token",
    "notifications.views.unsubscribe": "the unsubscribe link of every email: a signed per-person token",
    "recruitment.views.reserve.reserve_consent": "a reserve applicant's consent link: a signed token of their application",
    "support.views.visitor_request": "a visitor reads the reply to their message: the signed link is the key",
    # Support: anyone may ask for help.
    "support.views.request_create": "the support form: visitors and members (a member's request is tied to them)",
    "support.views.request_sent": "the 'message sent' page",
    # Checked in the body because members and staff share it.
    "periods.views.member_actions.answer_file": (
        "an uploaded answer file for its member or for staff of the period's organisations: anonymous "
        "visitors go to the login page, unverified staff too, everyone else gets a logged 404"
    ),
}
