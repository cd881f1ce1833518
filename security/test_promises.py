"""Every promise of SECURITY.md has a test, and every test that names a promise names a real one.

A test proves a promise by naming it in its docstring: `SECURITY.md #12`, or several at once as
`SECURITY.md #6 and #29` / `SECURITY.md #8, #10`. The whole repository's test files are read (not only
security/), so a test stays beside the feature it belongs to. `python -m security.test_promises`
prints which tests prove which promise.
"""

import ast
import os
import re
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SKIPPED_FOLDERS = {"node_modules", "staticfiles", "media", "__pycache__"}
PROMISE_LINE = re.compile(r"^(\d+)\.\s+(.*)$")
NAMED = re.compile(r"SECURITY\.md((?:\s*(?:,|and|&|/)?\s*#\d+)+)")

# Promises whose tests are still to come, each with where they will be; empty when every promise has one.
# The test below fails as soon as an awaited promise has a test, so the entry is removed then.
AWAITED: dict[int, str] = {}


def promises(text: str | None = None) -> dict[int, str]:
    """The numbered promises of the "What we promise" section of SECURITY.md, number -> first line."""
    text = (ROOT / "SECURITY.md").read_text(encoding="utf-8") if text is None else text
    found: dict[int, str] = {}
    inside = False
    for line in text.splitlines():
        if line.startswith("## "):
            inside = line.strip() == "## What we promise"
            continue
        match = PROMISE_LINE.match(line) if inside else None
        if match:
            found[int(match.group(1))] = match.group(2)
    return found


def named_numbers(docstring: str) -> set[int]:
    """The promise numbers a docstring names."""
    return {int(number) for group in NAMED.findall(docstring) for number in re.findall(r"#(\d+)", group)}


def project_test_files(root: Path = ROOT) -> list[Path]:
    """Every test module of the project, outside hidden folders (.venv, .git) and generated ones."""
    found = []
    for folder, subfolders, files in os.walk(root):
        subfolders[:] = sorted(d for d in subfolders if not d.startswith(".") and d not in SKIPPED_FOLDERS)
        found += [Path(folder) / name for name in sorted(files) if name.startswith("test_") and name.endswith(".py")]
    return found


def _tests_in(tree: ast.Module):
    for node in tree.body:
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and node.name.startswith("test_"):
            yield node.name, node
        elif isinstance(node, ast.ClassDef) and node.name.startswith("Test"):
            for inner in node.body:
                if isinstance(inner, ast.FunctionDef | ast.AsyncFunctionDef) and inner.name.startswith("test_"):
                    yield f"{node.name}.{inner.name}", inner


def promise_map(files: list[Path] | None = None) -> dict[int, list[str]]:
    """Promise number -> the tests (path::name) whose docstring names it."""
    mapping: dict[int, list[str]] = defaultdict(list)
    for path in project_test_files() if files is None else files:
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for name, node in _tests_in(tree):
            for number in named_numbers(ast.get_docstring(node) or ""):
                mapping[number].append(f"{path.relative_to(ROOT)}::{name}")
    return dict(mapping)


def test_the_promises_are_numbered_one_to_n_without_gaps():
    """SECURITY.md keeps the numbering of the checklist it came from, so the numbers in tests stay valid."""
    numbers = sorted(promises())
    assert numbers == list(range(1, len(numbers) + 1))
    assert len(numbers) >= 31


def test_every_promise_has_a_test():
    """A promise no test names is a promise nobody checks: name each one missing."""
    mapping = promise_map()
    missing = {n: text for n, text in promises().items() if n not in mapping and n not in AWAITED}
    assert not missing, "No test names these promises of SECURITY.md:\n" + "\n".join(
        f"  #{n}: {text}" for n, text in sorted(missing.items())
    )


def test_an_awaited_promise_leaves_the_list_once_it_has_a_test():
    mapping = promise_map()
    arrived = {n: mapping[n] for n in AWAITED if n in mapping}
    assert not arrived, f"These promises now have tests; remove them from AWAITED in {Path(__file__).name}: {arrived}"


def test_no_test_names_a_promise_that_does_not_exist():
    known = promises()
    unknown = {n: tests for n, tests in promise_map().items() if n not in known}
    assert not unknown, f"Tests name promises that SECURITY.md does not have: {unknown}"


def test_it_reads_several_numbers_and_only_numbers_after_the_file_name():
    assert named_numbers("Proves SECURITY.md #6 and #29; see also SECURITY.md #8, #10.") == {6, 8, 10, 29}
    assert named_numbers("Issue #12 asked for SECURITY.md #7.") == {7}
    assert named_numbers("No promise here, only #3.") == set()


def test_it_reads_only_the_promise_section(tmp_path):
    text = "# T\n\n## Reporting\n\n1. Email us.\n\n## What we promise\n\n### A\n\n1. One.\n2. Two,\n   long.\n\n## How\n\n3. No.\n"
    assert promises(text) == {1: "One.", 2: "Two,"}


def test_it_finds_docstrings_of_functions_and_class_methods(tmp_path):
    (tmp_path / "test_x.py").write_text(
        'def test_a():\n    """SECURITY.md #1"""\n\n\n'
        'class TestB:\n    def test_c(self):\n        """SECURITY.md #2 and #3"""\n\n\n'
        'def helper():\n    """SECURITY.md #4"""\n'
    )
    tree = ast.parse((tmp_path / "test_x.py").read_text())
    found = {name: named_numbers(ast.get_docstring(node) or "") for name, node in _tests_in(tree)}
    assert found == {"test_a": {1}, "TestB.test_c": {2, 3}}


if __name__ == "__main__":
    mapping = promise_map()
    for number, text in promises().items():
        print(f"#{number} {text}")
        for test in mapping.get(number, [f"(awaited: {AWAITED[number]})" if number in AWAITED else "(NO TEST)"]):
            print(f"    {test}")
