"""Python source checks: markup marked safe, SQL built from strings, and csrf_exempt (SECURITY.md #17, #20, #31)."""

import ast
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from . import allowed
from .base import Finding, parsed, relative

# The first argument must be a literal: anything else may carry user text past autoescaping.
SAFE_MARKERS = {"mark_safe", "SafeString", "SafeText"}
# format_html escapes its arguments but not its format string (format_html_join: the separator too).
HTML_FORMATS = {"format_html": (0,), "format_html_join": (0, 1)}
# Methods that send SQL text: the SQL is their first argument.
SQL_METHODS = {"execute", "executemany", "executescript", "raw"}
SQL_CLASSES = {"RawSQL", "RunSQL"}
SESSION_READS = {"user", "session", "COOKIES"}
# Files without any of these words cannot have a finding, so they are not parsed.
WORDS = re.compile(r"\b(mark_safe|SafeString|SafeText|format_html\w*|execute\w*|raw|extra|RawSQL|RunSQL|csrf_exempt)\b")
CHECKED_IMPORTS = {"django.utils.safestring", "django.utils.html", "django.views.decorators.csrf"}


@dataclass
class Scope:
    """A module or function: its name for the allow-lists and, read when first asked, what its names were assigned."""

    qualname: str
    body: list[ast.stmt]
    _assigned: dict[str, list[ast.expr]] | None = field(default=None, repr=False)

    @property
    def assigned(self) -> dict[str, list[ast.expr]]:
        if self._assigned is None:
            self._assigned = _assignments(self.body)
        return self._assigned


def _assignments(body: list[ast.stmt]) -> dict[str, list[ast.expr]]:
    """Values assigned to plain names in a body, not looking into nested functions or classes."""
    found: dict[str, list[ast.expr]] = {}
    stack = list(body)
    while stack:
        node = stack.pop()
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef | ast.Lambda):
            continue
        if isinstance(node, ast.Assign):
            for target in node.targets:
                if isinstance(target, ast.Name):
                    found.setdefault(target.id, []).append(node.value)
        elif isinstance(node, ast.AnnAssign | ast.AugAssign) and isinstance(node.target, ast.Name) and node.value:
            # `sql += clause` builds a string whatever the clause is.
            value = (
                node.value if isinstance(node, ast.AnnAssign) else ast.BinOp(ast.Constant(""), ast.Add(), node.value)
            )
            found.setdefault(node.target.id, []).append(value)
        stack.extend(ast.iter_child_nodes(node))
    return found


def _is_text(node: ast.expr) -> bool:
    return isinstance(node, ast.Constant) and isinstance(node.value, str)


def _is_literal(node: ast.expr) -> bool:
    """A string written in the code (f-strings without fields included), or a list or tuple of them."""
    if isinstance(node, ast.JoinedStr):
        return all(_is_text(part) for part in node.values)
    if isinstance(node, ast.List | ast.Tuple):
        return all(_is_literal(item) for item in node.elts)
    return _is_text(node)


class _Visitor(ast.NodeVisitor):
    def __init__(self, path: str) -> None:
        self.path = path
        self.scopes: list[Scope] = []
        self.aliases: dict[str, str] = {}  # `from django.utils.safestring import mark_safe as ms` → ms: mark_safe
        self.uses: list[tuple[str, str, int, str]] = []  # (check, key, line, message)
        self.decorated: dict[int, str] = {}  # id of a node in a decorator → the key of what it decorates
        self.functions: dict[str, ast.FunctionDef | ast.AsyncFunctionDef] = {}

    # --- scopes ---

    def key(self) -> str:
        return f"{self.path}::{self.scopes[-1].qualname}"

    def visit_Module(self, node: ast.Module) -> None:
        self.scopes.append(Scope("<module>", node.body))
        self.generic_visit(node)

    def _enter(self, node: ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef) -> None:
        outer = self.scopes[-1].qualname
        qualname = node.name if outer == "<module>" else f"{outer}.{node.name}"
        key = f"{self.path}::{qualname}"
        if not isinstance(node, ast.ClassDef):
            self.functions[key] = node
        for decorator in node.decorator_list:
            for inner in ast.walk(decorator):
                self.decorated[id(inner)] = key
            self.visit(decorator)
        body = [] if isinstance(node, ast.ClassDef) else node.body
        self.scopes.append(Scope(qualname, body))
        for child in node.body:
            self.visit(child)
        self.scopes.pop()

    visit_FunctionDef = visit_AsyncFunctionDef = visit_ClassDef = _enter

    def visit_ImportFrom(self, node: ast.ImportFrom) -> None:
        if node.module in CHECKED_IMPORTS:
            for name in node.names:
                self.aliases[name.asname or name.name] = name.name

    # --- names and strings ---

    def _name(self, node: ast.expr) -> str:
        if isinstance(node, ast.Call):
            node = node.func
        if isinstance(node, ast.Name):
            return self.aliases.get(node.id, node.id)
        if isinstance(node, ast.Attribute):
            return node.attr
        return ""

    def _assigned(self, name: str) -> list[ast.expr]:
        for scope in reversed(self.scopes):
            if name in scope.assigned:
                return scope.assigned[name]
        return []

    def built(self, node: ast.expr, seen: frozenset[str] = frozenset()) -> bool:
        """Whether `node` is a string put together from pieces: f-string, %, +, .format() or .join()."""
        if isinstance(node, ast.JoinedStr):
            return not _is_literal(node)
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Mod | ast.Add):
            sides = (node.left, node.right)
            return any(self._textual(side, seen) or self.built(side, seen) for side in sides)
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in {"format", "join"}:
            return self._textual(node.func.value, seen)
        if isinstance(node, ast.Name) and node.id not in seen:
            return any(self.built(value, seen | {node.id}) for value in self._assigned(node.id))
        if isinstance(node, ast.List | ast.Tuple | ast.Set):
            return any(self.built(item, seen) for item in node.elts)
        if isinstance(node, ast.Dict):
            return any(self.built(value, seen) for value in [*node.keys, *node.values] if value is not None)
        return False

    def _textual(self, node: ast.expr, seen: frozenset[str]) -> bool:
        if _is_text(node) or isinstance(node, ast.JoinedStr):
            return True
        if isinstance(node, ast.Name) and node.id not in seen:
            return any(self._textual(value, seen | {node.id}) for value in self._assigned(node.id))
        return False

    # --- the checks ---

    def _use(self, check: str, node: ast.AST, message: str) -> None:
        self.uses.append((check, self.decorated.get(id(node), self.key()), node.lineno, message))

    def visit_Name(self, node: ast.Name) -> None:
        if self._name(node) == "csrf_exempt":
            self._use("csrf-exempt", node, "csrf_exempt outside the documented exceptions")

    def visit_Attribute(self, node: ast.Attribute) -> None:
        if node.attr == "csrf_exempt":
            self._use("csrf-exempt", node, "csrf_exempt outside the documented exceptions")
        self.generic_visit(node)

    def visit_Call(self, node: ast.Call) -> None:
        name = self._name(node)
        if name in SAFE_MARKERS and not all(_is_literal(arg) for arg in node.args):
            self._use("safe-html", node, f"{name}() on something that is not a literal string")
        elif name in HTML_FORMATS and not all(
            _is_literal(node.args[i]) for i in HTML_FORMATS[name] if i < len(node.args)
        ):
            self._use("safe-html", node, f"{name}() with a format string that is not a literal")
        elif isinstance(node.func, ast.Attribute) and name in SQL_METHODS and node.args and self.built(node.args[0]):
            self._use("raw-sql", node, f".{name}() with SQL built from strings: pass parameters instead")
        elif isinstance(node.func, ast.Attribute) and name == "extra" and self._extra_built(node):
            self._use("raw-sql", node, ".extra() with SQL built from strings: pass params instead")
        elif name in SQL_CLASSES:
            sql = node.args[0] if node.args else next((k.value for k in node.keywords if k.arg == "sql"), None)
            if sql is not None and (self.built(sql) if name == "RunSQL" else not _is_literal(sql)):
                self._use("raw-sql", node, f"{name}() with SQL that is not a literal string")
        self.generic_visit(node)

    def _extra_built(self, node: ast.Call) -> bool:
        values = [*node.args, *(keyword.value for keyword in node.keywords if keyword.arg != "params")]
        return any(self.built(value) for value in values)


def _session_reads(function: ast.FunctionDef | ast.AsyncFunctionDef) -> list[int]:
    """Lines where a view reads the signed-in user, the session or the cookies of its request."""
    if not function.args.args:
        return []
    request = function.args.args[0].arg
    return [
        node.lineno
        for node in ast.walk(function)
        if isinstance(node, ast.Attribute)
        and node.attr in SESSION_READS
        and isinstance(node.value, ast.Name)
        and node.value.id == request
    ]


def source_findings(
    paths: Iterable[Path],
    *,
    root: Path,
    safe_html: dict[str, str] = allowed.SAFE_HTML,
    raw_sql: dict[str, str] = allowed.RAW_SQL,
    csrf_unsubscribe: dict[str, str] = allowed.CSRF_EXEMPT_UNSUBSCRIBE,
    csrf_bearer: dict[str, str] = allowed.CSRF_EXEMPT_BEARER,
) -> list[Finding]:
    """Findings of the Python checks in `paths`, and allow-list entries that match nothing."""
    lists = {"safe-html": safe_html, "raw-sql": raw_sql, "csrf-exempt": {**csrf_unsubscribe, **csrf_bearer}}
    matched: set[tuple[str, str]] = set()
    found = []
    for path in paths:
        if not WORDS.search(path.read_text()):
            continue
        name = relative(path, root)
        visitor = _Visitor(name)
        visitor.visit(parsed(path))
        for check, key, line, message in visitor.uses:
            if key not in lists[check]:
                found.append(Finding(f"{name}:{line}", check, f"{message} ({key.split('::')[1]})"))
                continue
            matched.add((check, key))
            if check == "csrf-exempt" and key in csrf_bearer and key in visitor.functions:
                found += [
                    Finding(f"{name}:{read}", check, "a bearer-token view exempt from CSRF reads the session")
                    for read in _session_reads(visitor.functions[key])
                ]
    for check, entries in lists.items():
        for key in entries.keys() - {k for c, k in matched if c == check}:
            found.append(Finding(key, "allow-list", f"the {check} entry matches nothing any more: remove it"))
    return found
