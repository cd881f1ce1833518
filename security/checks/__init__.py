"""Static checks of our own (SECURITY.md #17, #20, #31): what bandit and ruff cannot know about this project.

- no `mark_safe`, `SafeString` or `format_html` on anything but a literal, outside an allow-list;
- no `|safe`, `|safeseq` or `{% autoescape off %}` in HTML templates, outside an allow-list;
- no SQL built from strings (f-strings, `%`, `.format`, `+`, `join`) passed to `execute`, `raw`,
  `extra`, `RawSQL` or `RunSQL`;
- no `csrf_exempt` except the documented unsubscribe view and bearer-token API views that never
  read the session;
- every view the URL resolver reaches is wrapped in an access decorator or is on the public list.

The allow-lists, each entry with its reason, are in `security/checks/allowed.py`. An entry that no
longer matches anything is a finding too, so the lists stay true. `python -m security.checks` prints
the findings; `security/test_static_checks.py` runs them in `make test`.
"""

from .base import ROOT, Finding, python_files, template_files
from .source import source_findings
from .templates import template_findings
from .views import view_findings

__all__ = ["Finding", "findings", "source_findings", "template_findings", "view_findings"]


def findings() -> list[Finding]:
    """Every finding in this repository (the URL check needs Django set up)."""
    return sorted(
        source_findings(python_files(), root=ROOT)
        + template_findings(template_files(), root=ROOT)
        + view_findings(root=ROOT)
    )
