"""What every check shares: the findings, and which files of the repository are read."""

import ast
import os
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

# Not read: dependencies and generated files; tests, browser tests and benchmarks are never deployed and
# build SQL and markup on purpose (the same folders bandit leaves out, see pyproject.toml).
SKIPPED_DIRS = {".venv", ".git", "__pycache__", "staticfiles", "media", "node_modules", "tests", "e2e", "bench"}


@dataclass(frozen=True, order=True)
class Finding:
    where: str  # path:line, relative to the repository
    check: str
    message: str

    def __str__(self) -> str:
        return f"{self.where}: [{self.check}] {self.message}"


def _walk(root: Path) -> Iterator[Path]:
    for directory, subdirectories, files in os.walk(root):
        subdirectories[:] = sorted(d for d in subdirectories if d not in SKIPPED_DIRS and not d.startswith("."))
        for name in sorted(files):
            yield Path(directory) / name


def python_files(root: Path = ROOT) -> list[Path]:
    """The project's own Python modules: application code, migrations, scripts, settings."""
    return [
        path
        for path in _walk(root)
        if path.suffix == ".py"
        and path.name != "conftest.py"
        and not (path.parent.name == "security" and path.name.startswith("test_"))
    ]


def template_files(root: Path = ROOT) -> list[Path]:
    return [path for path in _walk(root) if "templates" in path.relative_to(root).parts[:-1]]


def relative(path: Path, root: Path) -> str:
    return path.resolve().relative_to(root.resolve()).as_posix()


def parsed(path: Path) -> ast.Module:
    """The syntax tree of a Python file, parsed once per content (several checks read the same files)."""
    return _parse(path.read_text(), str(path))


@cache
def _parse(text: str, filename: str) -> ast.Module:
    return ast.parse(text, filename=filename)
