"""Template checks: nothing turns autoescaping off in HTML (SECURITY.md #17, #31)."""

import re
from collections.abc import Iterable
from pathlib import Path

from . import allowed
from .base import Finding, relative

TAG = re.compile(r"\{\{.*?\}\}|\{%.*?%\}", re.DOTALL)
SAFE_FILTER = re.compile(r"\|\s*safe(?:seq)?\b")
FILTER_SAFE = re.compile(r"^\{%-?\s*filter\b.*\bsafe(?:seq)?\b", re.DOTALL)
AUTOESCAPE_OFF = re.compile(r"^\{%-?\s*autoescape\s+off\b")
# Plain-text templates (the text part of emails, subjects) are not HTML: autoescaping off is right there.
PLAIN_TEXT = {".txt"}


def _problem(tag: str, plain_text: bool) -> str:
    if SAFE_FILTER.search(tag) or FILTER_SAFE.search(tag):
        return "marks template output safe: user text would skip escaping"
    if AUTOESCAPE_OFF.search(tag) and not plain_text:
        return "turns autoescaping off in an HTML template"
    return ""


def template_findings(
    paths: Iterable[Path], *, root: Path, template_safe: dict[str, str] = allowed.TEMPLATE_SAFE
) -> list[Finding]:
    """Findings in the templates `paths`, and allow-list entries that match nothing.

    An allow-list key is "path: tag", the tag as written with its whitespace collapsed.
    """
    found, matched = [], set()
    for path in paths:
        name = relative(path, root)
        text = path.read_text()
        for match in TAG.finditer(text):
            tag = " ".join(match.group().split())
            problem = _problem(tag, path.suffix in PLAIN_TEXT)
            if not problem:
                continue
            key = f"{name}: {tag}"
            if key in template_safe:
                matched.add(key)
            else:
                line = text.count("\n", 0, match.start()) + 1
                found.append(Finding(f"{name}:{line}", "template-safe", f"{tag} {problem}"))
    for key in template_safe.keys() - matched:
        found.append(
            Finding(key.split(": ")[0], "allow-list", f"the template entry {key!r} matches nothing: remove it")
        )
    return found
