"""Every view the URL resolver reaches is wrapped in an access decorator, or is on the public list (SECURITY.md #7, #31).

The resolver says which functions are views; their source says how they are decorated. A decorator
checks access when it is one of core/access.py's (`member_required`, `staff_required`,
`manager_required`), one that core/access.py's `staff_passes` builds for an app's predicate
(`periods_staff_required = staff_passes(can_use_periods)`), Django's `login_required`, or a decorator
whose definition returns one of those (`def own_required(view): ... return staff_required(wrapped)`). The security suite's URL walk then
proves, by requests, what each rule lets through; this check stops a view from having no rule at all.
"""

import ast
import inspect
from collections.abc import Iterable, Iterator
from pathlib import Path

from django.urls import URLPattern, URLResolver, get_resolver

from . import allowed
from .base import ROOT, Finding, parsed, python_files, relative

ACCESS_FACTORY = "_require"  # core/access.py builds its decorators with it
CORE_ACCESS = "core.access"
DJANGO_ACCESS = {
    "login_required": "Django: any signed-in user (the second-factor pages, before staff are verified)",
    "LoginRequiredMixin": "Django: any signed-in user",
}


def access_decorators(paths: Iterable[Path]) -> dict[str, str]:
    """Names of the decorators that check access → where they come from."""
    trees = {path: parsed(path) for path in paths}
    core = next(tree for path, tree in trees.items() if path.parts[-2:] == ("core", "access.py"))
    names = dict(DJANGO_ACCESS)
    names |= {target: "core/access.py" for target, _callee in _assigned(core, {ACCESS_FACTORY})}
    factories = {
        node.name for node in core.body if isinstance(node, ast.FunctionDef) and _returns(node) == {ACCESS_FACTORY}
    }
    for path, tree in trees.items():  # `x_required = staff_passes(predicate)` in an app
        built = _assigned(tree, factories & _imported_from_core_access(tree))
        names |= {target: f"{path.parent.name}/{path.name}, built on {callee}" for target, callee in built}
    grown = True
    while grown:  # decorators built on decorators built on core.access
        grown = False
        for path, tree in trees.items():
            for node in tree.body:
                if not isinstance(node, ast.FunctionDef) or node.name in names:
                    continue
                base = next((name for name in _returns(node) if name in names), None)
                if base:
                    names[node.name] = f"{path.parent.name}/{path.name}, built on {base}"
                    grown = True
    return names


def _returns(function: ast.FunctionDef) -> set[str]:
    """The names a function's top-level return statements return or call."""
    return {_name(s.value) for s in function.body if isinstance(s, ast.Return) and s.value is not None}


def _imported_from_core_access(tree: ast.Module) -> set[str]:
    return {
        alias.asname or alias.name
        for node in tree.body
        if isinstance(node, ast.ImportFrom) and node.module == CORE_ACCESS
        for alias in node.names
    }


def _assigned(tree: ast.Module, callees: set[str]) -> Iterator[tuple[str, str]]:
    """(name, callee) for each `name = callee(...)` at the top of a module, for the callees given."""
    for node in tree.body:
        if isinstance(node, ast.Assign) and isinstance(node.value, ast.Call) and _name(node.value) in callees:
            yield from ((target.id, _name(node.value)) for target in node.targets if isinstance(target, ast.Name))


def _name(node: ast.expr) -> str:
    """The name a decorator or call goes by: `x`, `module.x`, `x(...)`; `method_decorator(x)` is x."""
    if isinstance(node, ast.Call):
        if _name(node.func) == "method_decorator" and node.args:
            return _name(node.args[0])
        node = node.func
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    return ""


def _patterns(patterns: list, prefix: str = "") -> Iterator[tuple[str, object]]:
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from _patterns(pattern.url_patterns, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern):
            yield prefix + str(pattern.pattern), pattern.callback


def _view(callback: object) -> type | object:
    """The function or class behind a URL's callback, under its decorators."""
    view = getattr(callback, "view_class", None) or inspect.unwrap(callback)
    return view if inspect.isfunction(view) or inspect.isclass(view) else type(view)


def _definition(view: type | object) -> tuple[Path, ast.FunctionDef | ast.ClassDef] | None:
    try:
        path = Path(inspect.getsourcefile(view) or "")
    except TypeError:
        return None
    if not path.is_file():
        return None
    body: list[ast.stmt] = parsed(path).body
    node = None
    for part in view.__qualname__.split("."):
        node = next((n for n in body if isinstance(n, ast.FunctionDef | ast.ClassDef) and n.name == part), None)
        if node is None:
            return None
        body = node.body
    return path, node


def _checks(view: type | object, decorators: dict[str, str]) -> list[str]:
    """The access decorators on a view: on the function, or on a class of a class-based view or its dispatch."""
    classes = [c for c in view.__mro__ if c is not object] if inspect.isclass(view) else [view]
    found = []
    for item in classes:
        definition = _definition(item)
        if definition is None:
            continue
        node = definition[1]
        nodes = [node]
        if isinstance(node, ast.ClassDef):
            nodes += [n for n in node.body if isinstance(n, ast.FunctionDef) and n.name == "dispatch"]
            found += [_name(base) for base in node.bases if _name(base) in decorators]
        found += [_name(d) for n in nodes for d in n.decorator_list if _name(d) in decorators]
    return found


def view_findings(
    patterns: list | None = None,
    *,
    root: Path = ROOT,
    public: dict[str, str] = allowed.PUBLIC_VIEWS,
    decorators: dict[str, str] | None = None,
) -> list[Finding]:
    """Views of `patterns` (the project's URL resolver by default) without an access check, and stale entries."""
    if decorators is None:
        decorators = access_decorators(python_files(ROOT))
    if patterns is None:
        patterns = get_resolver().url_patterns
    views: dict[str, tuple[type | object, str]] = {}
    for route, callback in _patterns(patterns):
        view = _view(callback)
        views.setdefault(f"{view.__module__}.{view.__qualname__}", (view, route))
    found = []
    for dotted, (view, route) in sorted(views.items()):
        definition = _definition(view)
        ours = definition is not None and definition[0].resolve().is_relative_to(root.resolve())
        where = f"{relative(definition[0], root)}:{definition[1].lineno}" if ours else dotted
        checks = _checks(view, decorators)
        if dotted in public:
            if checks:
                message = f"{dotted} checks access with {checks[0]} but is on the public list: remove it from the list"
                found.append(Finding(where, "allow-list", message))
        elif not ours:
            found.append(Finding(where, "view-access", f"/{route} reaches {dotted}, whose decorators cannot be read"))
        elif not checks:
            message = f"/{route} reaches {dotted}, which has no access decorator and is not on the public list"
            found.append(Finding(where, "view-access", message))
    for dotted in sorted(public.keys() - views.keys()):
        found.append(Finding(dotted, "allow-list", f"no URL reaches the public view {dotted} any more: remove it"))
    return found
