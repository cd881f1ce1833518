"""Our own static checks (security/checks/): the repository passes them, and each one catches what it is for.

Every check is fed code an attacker would hope for (markup marked safe, SQL built from strings, a
view with no access rule...) and must report it, and fed the safe way of writing the same thing and
must stay quiet.
"""

import importlib.util
import sys
import textwrap
from pathlib import Path

import pytest
from django.urls import path

from security.checks import findings, source_findings, template_findings, view_findings
from security.checks.base import python_files
from security.checks.views import access_decorators

NO_EXCEPTIONS = {"safe_html": {}, "raw_sql": {}, "csrf_unsubscribe": {}, "csrf_bearer": {}}


def test_the_repository_has_no_finding():
    """SECURITY.md #7, #17, #20, #31: no unexplained safe markup, raw SQL, CSRF exemption or view without access check."""
    assert [str(finding) for finding in findings()] == []


def write(root: Path, name: str, text: str) -> Path:
    file = root / name
    file.parent.mkdir(parents=True, exist_ok=True)
    file.write_text(textwrap.dedent(text))
    return file


def checks_of(root: Path, code: str, **allowed) -> list[str]:
    file = write(root, "app/views.py", code)
    return [finding.check for finding in source_findings([file], root=root, **{**NO_EXCEPTIONS, **allowed})]


# --- markup marked safe (SECURITY.md #17) ---


@pytest.mark.parametrize(
    "code",
    [
        'from django.utils.safestring import mark_safe\nmark_safe(f"<b>{member.pseudonym}</b>")',
        "from django.utils.safestring import mark_safe\nmark_safe(answer.text)",
        "from django.utils.safestring import mark_safe as trusted\ntrusted(comment)",
        "from django.utils import safestring\nsafestring.mark_safe(title)",
        "from django.utils.safestring import SafeString\nSafeString(post.text)",
        "from django.utils.html import format_html\nformat_html(template, name)",
        'from django.utils.html import format_html\nformat_html("<b>" + name + "</b>")',
        'from django.utils.html import format_html_join\nformat_html_join(separator, "<li>{}</li>", rows)',
    ],
)
def test_markup_marked_safe_from_anything_but_a_literal_is_found(tmp_path, code):
    """SECURITY.md #17, #31: user text marked safe would reach pages unescaped."""
    assert checks_of(tmp_path, code) == ["safe-html"]


@pytest.mark.parametrize(
    "code",
    [
        'from django.utils.safestring import mark_safe\nmark_safe("<br>")',
        'from django.utils.html import format_html\nformat_html("<b>{}</b>", member.pseudonym)',
        'from django.utils.html import format_html_join\nformat_html_join("\\n", "<li>{}</li>", rows)',
    ],
)
def test_literal_markup_and_escaped_arguments_pass(tmp_path, code):
    assert checks_of(tmp_path, code) == []


def test_an_allowed_function_may_mark_its_own_output_safe_and_a_stale_entry_is_reported(tmp_path):
    """SECURITY.md #31: the allow-list names the function and must keep matching something."""
    code = """
        from django.utils.safestring import mark_safe

        def markdown_to_html(text):
            return mark_safe(clean(text))
    """
    assert checks_of(tmp_path, code, safe_html={"app/views.py::markdown_to_html": "cleaned by nh3"}) == []
    assert checks_of(tmp_path, code, safe_html={"app/views.py::elsewhere": "gone"}) == ["safe-html", "allow-list"]


# --- SQL built from strings ---


@pytest.mark.parametrize(
    "code",
    [
        'cursor.execute(f"SELECT * FROM periods_answer WHERE id = {pk}")',
        'cursor.execute("SELECT * FROM periods_answer WHERE id = %s" % pk)',
        'cursor.execute("SELECT * FROM periods_answer WHERE id = {}".format(pk))',
        'cursor.execute("SELECT * FROM periods_answer WHERE " + where)',
        'cursor.execute(" AND ".join(clauses))',
        'def f(cursor, pk):\n    query = f"DELETE FROM t WHERE id = {pk}"\n    cursor.execute(query)',
        'def f(cursor, where):\n    sql = "SELECT * FROM t WHERE "\n    sql += where\n    cursor.execute(sql)',
        "Answer.objects.raw(f\"SELECT * FROM periods_answer WHERE text LIKE '%{word}%'\")",
        "Answer.objects.extra(where=[f\"text = '{word}'\"])",
        "from django.db.models.expressions import RawSQL\nRawSQL(query, [])",
        'from django.db import migrations\nmigrations.RunSQL(f"DROP TABLE {name}")',
    ],
)
def test_sql_built_from_strings_is_found(tmp_path, code):
    """SECURITY.md #31: no SQL put together from pieces; values go in as parameters."""
    assert checks_of(tmp_path, code) == ["raw-sql"]


@pytest.mark.parametrize(
    "code",
    [
        'cursor.execute("SELECT * FROM periods_answer WHERE id = %s", [pk])',
        'def f(cursor):\n    query = "SELECT count(*) FROM sqlite_master"\n    cursor.execute(query)',
        'Answer.objects.raw("SELECT * FROM periods_answer WHERE id = %s", [pk])',
        'Answer.objects.extra(where=["text = %s"], params=[word])',
        'from django.db.models.expressions import RawSQL\nRawSQL("SELECT 1", [])',
        'from psycopg import sql\nadmin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))',
        'label = "{} answers".format(count)',
    ],
)
def test_parameters_and_composed_identifiers_pass(tmp_path, code):
    assert checks_of(tmp_path, code) == []


# --- csrf_exempt (SECURITY.md #20) ---


@pytest.mark.parametrize(
    "code",
    [
        "from django.views.decorators.csrf import csrf_exempt\n\n@csrf_exempt\ndef answer_save(request):\n    pass",
        "from django.views.decorators.csrf import csrf_exempt\nurlpatterns = [path('x/', csrf_exempt(views.x))]",
        "from django.views.decorators import csrf\n\n@csrf.csrf_exempt\ndef answer_save(request):\n    pass",
        "@method_decorator(csrf_exempt, name='dispatch')\nclass AnswerView(View):\n    pass",
    ],
)
def test_csrf_exempt_outside_the_documented_exceptions_is_found(tmp_path, code):
    """SECURITY.md #20, #31: a state-changing view without CSRF protection is refused by the check."""
    assert checks_of(tmp_path, code) == ["csrf-exempt"]


def test_the_documented_unsubscribe_view_may_be_exempt(tmp_path):
    code = "from django.views.decorators.csrf import csrf_exempt\n\n@csrf_exempt\ndef unsubscribe(request, token):\n    pass"
    assert checks_of(tmp_path, code, csrf_unsubscribe={"app/views.py::unsubscribe": "RFC 8058"}) == []


def test_a_bearer_token_view_is_exempt_only_while_it_never_reads_the_session(tmp_path):
    """SECURITY.md #20, #31: an API view authenticated by its bearer token must not fall back on the cookie."""
    bearer = {"app/views.py::api_answers": "bearer token only"}
    header_only = """
        @csrf_exempt
        def api_answers(request):
            token = request.headers.get("Authorization", "")
            return answers_for(token_check(token))
    """
    assert checks_of(tmp_path, header_only, csrf_bearer=bearer) == []
    cookie_too = """
        @csrf_exempt
        def api_answers(request):
            user = request.user if request.user.is_authenticated else token_check(request.headers["Authorization"])
            return answers_for(user)
    """
    assert checks_of(tmp_path, cookie_too, csrf_bearer=bearer) == ["csrf-exempt", "csrf-exempt"]


def test_the_repository_allows_exactly_the_unsubscribe_view_to_skip_csrf():
    from security.checks import allowed

    assert list(allowed.CSRF_EXEMPT_UNSUBSCRIBE) == ["notifications/views.py::unsubscribe"]
    assert allowed.CSRF_EXEMPT_BEARER == {}


# --- templates (SECURITY.md #17) ---


@pytest.mark.parametrize(
    "tag",
    [
        "{{ answer.text|safe }}",
        "{{ answer.text | safe }}",
        "{{ tags|safeseq|join:', ' }}",
        "{% with shown=post.text|safe %}{{ shown }}{% endwith %}",
        "{% filter safe %}{{ post.text }}{% endfilter %}",
        "{% autoescape off %}{{ post.text }}{% endautoescape %}",
    ],
)
def test_templates_that_skip_escaping_are_found(tmp_path, tag):
    """SECURITY.md #17, #31: no template marks member text safe or turns escaping off."""
    file = write(tmp_path, "app/templates/app/post.html", f"<p>\n{tag}\n</p>")
    found = template_findings([file], root=tmp_path, template_safe={})
    assert [(finding.check, finding.where) for finding in found] == [("template-safe", "app/templates/app/post.html:2")]


def test_escaped_output_and_plain_text_emails_pass(tmp_path):
    html = write(tmp_path, "app/templates/app/post.html", "{{ post.text }} {{ post.body|markdown }} {{ x|safe_name }}")
    text = write(
        tmp_path, "app/templates/app/email/reply.txt", "{% autoescape off %}{{ pseudonym }}{% endautoescape %}"
    )
    assert template_findings([html, text], root=tmp_path, template_safe={}) == []


def test_an_allowed_template_tag_passes_and_a_stale_entry_is_reported(tmp_path):
    file = write(tmp_path, "app/templates/app/page.html", "{{ cleaned_html|safe }}")
    allowed = {"app/templates/app/page.html: {{ cleaned_html|safe }}": "cleaned by nh3 in the view"}
    assert template_findings([file], root=tmp_path, template_safe=allowed) == []
    stale = {"app/templates/app/gone.html: {{ x|safe }}": "gone"}
    assert [f.check for f in template_findings([file], root=tmp_path, template_safe=stale)] == [
        "template-safe",
        "allow-list",
    ]


# --- every view has an access check (SECURITY.md #7) ---

VIEWS = """
    from functools import wraps

    from django.contrib.auth.decorators import login_required
    from django.utils.decorators import method_decorator
    from django.views import View
    from django.views.decorators.http import require_GET

    from core.access import member_required, staff_passes, staff_required
    from periods.permissions import periods_staff_required


    def own_required(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            return view(request, *args, **kwargs)

        return staff_required(wrapped)


    own_passes = staff_passes(lambda user: True)


    def hand_rolled(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            return view(request, *args, **kwargs) if request.user.is_authenticated else None

        return wrapped


    def unwrapped(view):
        def wrapped(request, *args, **kwargs):
            return view(request, *args, **kwargs)

        return wrapped


    @require_GET
    @member_required
    def answers(request):
        pass


    @periods_staff_required
    def period_list(request):
        pass


    @own_required
    def report(request):
        pass


    @own_passes
    def finding(request):
        pass


    @login_required
    def otp(request):
        pass


    @require_GET
    def forgotten(request):
        pass


    @hand_rolled
    def home_made(request):
        pass


    @unwrapped
    def hidden(request):
        pass


    @method_decorator(member_required, name="dispatch")
    class Drafts(View):
        pass


    class Open(View):
        pass
"""


@pytest.fixture
def views(tmp_path, monkeypatch):
    """The module above, importable, with the access decorators of the repository and its own."""
    name = f"static_check_views_{tmp_path.name}"
    file = write(tmp_path, f"{name}.py", VIEWS)
    spec = importlib.util.spec_from_file_location(name, file)
    module = importlib.util.module_from_spec(spec)
    monkeypatch.setitem(sys.modules, name, module)
    spec.loader.exec_module(module)
    module.decorators = access_decorators([*python_files(), file])
    return module


def view_checks(views, tmp_path, names, public=None) -> list[tuple[str, str]]:
    patterns = [path(f"{name}/", getattr(views, name)) for name in names if name[0].islower()]
    patterns += [path(f"{name}/", getattr(views, name).as_view()) for name in names if name[0].isupper()]
    found = view_findings(patterns, root=tmp_path, public=public or {}, decorators=views.decorators)
    return [(finding.check, finding.message.split(" reaches ")[0]) for finding in found]


def test_views_wrapped_in_an_access_decorator_pass(views, tmp_path):
    assert views.decorators["own_required"].endswith("built on staff_required")
    assert views.decorators["own_passes"].endswith("built on staff_passes")
    assert view_checks(views, tmp_path, ["answers", "period_list", "report", "finding", "otp", "Drafts"]) == []


@pytest.mark.parametrize("name", ["forgotten", "home_made", "hidden", "Open"])
def test_a_view_without_an_access_decorator_is_found(views, tmp_path, name):
    """SECURITY.md #7, #31: a view answers everyone unless a decorator built on core.access says otherwise."""
    assert view_checks(views, tmp_path, ["answers", name]) == [("view-access", f"/{name}/")]


def test_the_public_list_allows_a_view_and_reports_entries_that_are_wrong_or_stale(views, tmp_path):
    public = {f"{views.__name__}.forgotten": "a public page"}
    assert view_checks(views, tmp_path, ["forgotten"], public) == []
    public = {f"{views.__name__}.answers": "was public once", f"{views.__name__}.gone": "removed"}
    assert [check for check, _message in view_checks(views, tmp_path, ["answers"], public)] == [
        "allow-list",
        "allow-list",
    ]
