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
