"""Every scrolling table wrapper can be reached and named by keyboard and screen reader users (axe scrollable-region-focusable)."""

import re
from pathlib import Path

from django.conf import settings

WRAPPER = re.compile(r'<div class="table-scroll"[^>]*>')


def test_every_table_scroll_wrapper_is_a_focusable_named_region():
    templates = [path for path in Path(settings.BASE_DIR).glob("**/templates/**/*.html") if ".venv" not in path.parts]
    openings = [(path, match) for path in templates for match in WRAPPER.findall(path.read_text())]
    assert openings
    for path, opening in openings:
        assert 'tabindex="0"' in opening and 'role="region"' in opening, (path, opening)
        assert "aria-label" in opening, (path, opening)
