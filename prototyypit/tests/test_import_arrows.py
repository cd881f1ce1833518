"""The arrows between apps point one way (prototyypit/layers.py): read from the source, nothing imported.

Every module of every app is parsed, with the imports inside functions and `if TYPE_CHECKING:` blocks.
Three rules, for product code (migrations and management commands included):
1. an app imports only apps of lower layers (so `core` imports none, and no two apps import each other);
2. no import of another app hides inside a function, except in `AppConfig.ready()`, where Django wants it;
3. no circle of imports inside one app, even one that an import inside a function hides.
Test files (`tests/`, `conftest.py`) are left out: a test builds its world from whatever apps it needs.
"""

import ast
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

from prototyypit.layers import LAYER_OF, LAYERS


@dataclass(frozen=True)
class Import:
    file: str  # relative to the project root
    line: int
    module: str  # absolute, dotted
    function: str  # the enclosing function ("Class.method"), empty at module level
    type_checking: bool


def _is_test(relative: Path) -> bool:
    return "tests" in relative.parts or relative.name == "conftest.py" or relative.name.startswith("test_")


def _module_of(relative: Path) -> str:
    parts = list(relative.with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _imports_of(root: Path, relative: Path, modules: set[str]) -> Iterator[Import]:
    """Every import of one file, relative ones made absolute; `from a import b` names a.b too if it is a module."""
    tree = ast.parse((root / relative).read_text(encoding="utf-8"), filename=str(relative))
    own = _module_of(relative)
    package = own if relative.name == "__init__.py" else own.rpartition(".")[0]

    def found(node: ast.Import | ast.ImportFrom, function: str, type_checking: bool) -> Iterator[Import]:
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        else:
            base = node.module or ""
            if node.level:
                parent = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                base = ".".join([*parent, *([node.module] if node.module else [])])
            names = [base] if node.module else []
            names += [f"{base}.{alias.name}" for alias in node.names if f"{base}.{alias.name}" in modules]
        for name in names:
            yield Import(str(relative), node.lineno, name, function, type_checking)

    def walk(node: ast.AST, function: str, type_checking: bool) -> Iterator[Import]:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.Import | ast.ImportFrom):
                yield from found(child, function, type_checking)
            elif isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef):
                scope = f"{node.name}.{child.name}" if isinstance(node, ast.ClassDef) else child.name
                yield from walk(child, function or scope, type_checking)
            elif isinstance(child, ast.If) and _is_type_checking(child.test):
                for statement in child.body:
                    yield from walk(ast.Module(body=[statement], type_ignores=[]), function, True)
                for statement in child.orelse:
                    yield from walk(ast.Module(body=[statement], type_ignores=[]), function, type_checking)
            else:
                yield from walk(child, function, type_checking)

    yield from walk(tree, "", False)


def _product_files(root: Path, apps: list[str]) -> list[Path]:
    return sorted(
        path.relative_to(root)
        for app in apps
        for path in (root / app).rglob("*.py")
        if not _is_test(path.relative_to(root))
    )


def project_apps(root: Path) -> list[str]:
    """The project's apps: the folders of the root that hold an apps.py."""
    return sorted(path.parent.name for path in root.glob("*/apps.py"))


def arrow_violations(root: Path, layer_of: dict[str, int]) -> list[str]:
    """Each import that breaks rule 1 or 2, as "file:line: what is wrong"."""
    apps = project_apps(root)
    files = _product_files(root, apps)
    modules = {_module_of(path) for path in files}
    wrong: list[str] = []
    for relative in files:
        app = relative.parts[0]
        for found in _imports_of(root, relative, modules):
            other = found.module.split(".")[0]
            if other not in apps or other == app:
                continue
            where = f"{found.file}:{found.line}: {app} imports {found.module}"
            if app == "core":
                wrong.append(f"{where}; core imports no app")
            elif layer_of[other] >= layer_of[app]:
                wrong.append(f"{where}, but {other} is not in a lower layer than {app}")
            if found.function and not (relative.name == "apps.py" and found.function.endswith(".ready")):
                wrong.append(f"{where} inside {found.function}(); import it at the top of the module")
    return wrong


def import_circles(root: Path) -> list[list[str]]:
    """Circles of imports between the product modules of one app (rule 3), counting those inside functions."""
    files = _product_files(root, project_apps(root))
    modules = {_module_of(path) for path in files}
    graph: dict[str, set[str]] = {module: set() for module in modules}
    for relative in files:
        own, app = _module_of(relative), relative.parts[0]
        for found in _imports_of(root, relative, modules):
            if (
                not found.type_checking
                and found.module in modules
                and found.module != own
                and found.module.startswith(f"{app}.")
            ):
                graph[own].add(found.module)
    return [sorted(group) for group in _strongly_connected(graph) if len(group) > 1]


def _strongly_connected(graph: dict[str, set[str]]) -> list[list[str]]:
    """Tarjan's algorithm: the groups of modules that reach each other."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in sorted(graph[node]):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == node:
                    break
            groups.append(group)

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return groups


ROOT = Path(settings.BASE_DIR)


def test_every_app_has_a_layer_and_only_one():
    placed = [app for apps in LAYERS for app in apps]
    assert len(placed) == len(set(placed))
    assert sorted(placed) == project_apps(ROOT)


def test_imports_point_down_the_layers_and_none_hides_in_a_function():
    wrong = arrow_violations(ROOT, LAYER_OF)
    assert not wrong, "imports against prototyypit/layers.py:\n" + "\n".join(wrong)


def test_no_app_has_a_circle_of_imports():
    circles = import_circles(ROOT)
    assert not circles, "circles of imports:\n" + "\n".join(" <-> ".join(group) for group in circles)


# The checker itself, on a made-up project ------------------------------------------------------------


def _project(tmp_path: Path, files: dict[str, str]) -> Path:
    for app in ("core", "accounts", "reports"):
        (tmp_path / app).mkdir()
        (tmp_path / app / "__init__.py").write_text("")
        (tmp_path / app / "apps.py").write_text("")
    for name, text in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text)
    return tmp_path


LAYERS_OF_TEST = {"core": 0, "accounts": 1, "reports": 2}


def test_the_checker_names_an_import_up_the_layers_or_in_core(tmp_path):
    root = _project(
        tmp_path,
        {"accounts/models.py": "from reports.models import Report\n", "core/pages.py": "import accounts.models\n"},
    )
    assert arrow_violations(root, LAYERS_OF_TEST) == [
        "accounts/models.py:1: accounts imports reports.models, but reports is not in a lower layer than accounts",
        "core/pages.py:1: core imports accounts.models; core imports no app",
    ]


def test_the_checker_reads_functions_and_type_checking_blocks(tmp_path):
    hidden = (
        "from typing import TYPE_CHECKING\n"
        "if TYPE_CHECKING:\n"
        "    from reports.models import Report\n"
        "def user_of(pk):\n"
        "    from core.models import Thing\n"
    )
    ready = "class AccountsConfig:\n    def ready(self):\n        from core import retention\n"
    root = _project(tmp_path, {"accounts/services.py": hidden, "accounts/apps.py": ready})
    assert arrow_violations(root, LAYERS_OF_TEST) == [
        "accounts/services.py:3: accounts imports reports.models, but reports is not in a lower layer than accounts",
        "accounts/services.py:5: accounts imports core.models inside user_of(); import it at the top of the module",
    ]


def test_the_checker_leaves_tests_out(tmp_path):
    root = _project(tmp_path, {"core/tests/test_pages.py": "from reports.models import Report\n"})
    assert arrow_violations(root, LAYERS_OF_TEST) == []


def test_the_checker_finds_a_circle_inside_an_app_even_behind_a_function(tmp_path):
    root = _project(
        tmp_path,
        {
            "reports/figures.py": "def figures():\n    from .discussion import rows\n",
            "reports/discussion.py": "from reports import figures\n",
            "reports/pdf.py": "from .figures import figures\n",
        },
    )
    assert import_circles(root) == [["reports.discussion", "reports.figures"]]
