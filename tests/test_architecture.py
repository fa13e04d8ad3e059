"""The package's layers (docs/architecture.md): every module imports, no two rolodex modules import
each other in a cycle, and each layer imports only the layers below it."""

from __future__ import annotations

import ast
import importlib
from pathlib import Path

from conftest import REPO

PACKAGE = REPO / "tools" / "rolodex"


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def import_graph() -> dict[str, set[str]]:
    """Module → the rolodex modules it imports (anywhere in it: top level or inside a function)."""
    modules = {_module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}
    graph: dict[str, set[str]] = {}
    for name, path in modules.items():
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        found: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                found |= {alias.name for alias in node.names}
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:  # relative: from the package, up level-1 steps
                    anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                    base = ".".join([*anchor, base] if base else anchor)
                found.add(base)
                # `from rolodex.cli import check` imports the module rolodex.cli.check
                found |= {f"{base}.{alias.name}" for alias in node.names}
        graph[name] = {m for m in found if m in modules and m != name}
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Every strongly connected group of more than one module (Tarjan's algorithm, iteratively)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    found: list[list[str]] = []
    counter = 0
    for start in graph:
        if start in index:
            continue
        work = [(start, iter(sorted(graph[start])))]
        index[start] = low[start] = counter
        counter += 1
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph[child]))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                group = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    group.append(member)
                    if member == node:
                        break
                if len(group) > 1:
                    found.append(sorted(group))
    return found


# layer → the layers it may import (besides itself), as docs/architecture.md lists them
MAY_IMPORT = {
    "core": set(),
    "kb": {"core"},
    "rules": {"core"},
    "drafts": {"core", "rules"},
    "interop": {"core", "rules", "rolodex"},  # `rolodex`: the package's __version__
    "capture": {"core"},
    "write": {"core", "capture", "interop", "rules"},  # rules: `closing` carries out rules/close.py's plans
    "session": {"core", "kb", "rules"},
    "site": {"core", "kb", "rules", "drafts", "interop", "session", "write"},  # write: Done under serve
}


def layer(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "rolodex"


def test_every_module_imports():
    for name in import_graph():
        importlib.import_module(name)


def test_no_import_cycle_among_rolodex_modules():
    assert cycles(import_graph()) == []


def test_each_layer_imports_only_the_layers_below_it():
    wrong = sorted(
        f"{module} imports {target}"
        for module, targets in import_graph().items()
        for target in targets
        if layer(module) in MAY_IMPORT and layer(target) not in MAY_IMPORT[layer(module)] | {layer(module)}
    )
    assert wrong == []


def _calls(path: Path) -> list[tuple[int, str]]:
    """(line, dotted name) of every call in a module: `dt.date.today`, `open`, …"""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Call):
            parts, func = [], node.func
            while isinstance(func, ast.Attribute):
                parts.append(func.attr)
                func = func.value
            if isinstance(func, ast.Name):
                parts.append(func.id)
            found.append((node.lineno, ".".join(reversed(parts))))
    return found


CLOCK = ("date.today", "datetime.now", "datetime.today", "datetime.utcnow", "time.time")
CLOCK_READERS = {"cli/app.py", "site/builder.py"}  # behind --today, and a plain `mkdocs build`'s day


def test_the_clock_is_read_only_at_the_edges():
    readers = {
        f"{path.relative_to(PACKAGE).as_posix()}:{line}"
        for path in PACKAGE.rglob("*.py")
        for line, name in _calls(path)
        if name.endswith(CLOCK)
    }
    assert {where.split(":")[0] for where in readers} == CLOCK_READERS, sorted(readers)


def test_core_and_rules_do_not_touch_the_disk():
    """Pure layers: no file opened, no module of the file system imported."""
    io_modules = {"os", "io", "shutil", "tempfile", "subprocess", "glob", "socket"}
    wrong = []
    for layer_name in ("core", "rules"):
        for path in (PACKAGE / layer_name).rglob("*.py"):
            rel = path.relative_to(PACKAGE).as_posix()
            tree = ast.parse(path.read_text(encoding="utf-8"))
            for node in ast.walk(tree):
                names = (
                    [a.name for a in node.names]
                    if isinstance(node, ast.Import)
                    else [node.module or ""]
                    if isinstance(node, ast.ImportFrom)
                    else []
                )
                wrong += [f"{rel}:{node.lineno} imports {n}" for n in names if n.split(".")[0] in io_modules]
            wrong += [f"{rel}:{line} calls {name}" for line, name in _calls(path) if name == "open"]
            wrong += [
                f"{rel}:{line} calls {name}"
                for line, name in _calls(path)
                if name.endswith(("read_text", "read_bytes", "write_text", "write_bytes"))
            ]
    assert wrong == []


def test_the_cycle_finder_finds_a_cycle():
    """The check above can fail: a cycle of three, beside a module outside it."""
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert cycles(graph) == [["a", "b", "c"]]


WRITE_CALLS = ("write_text", "write_bytes", "mkdir", "unlink", "rmdir", "os.replace", "os.rename", "touch")


def test_the_cli_writes_no_file_itself():
    """Every change on disk goes through the library (write/, or site/ for a built site): a
    command parses, calls one function and prints, so its writes are verified, atomic and
    shared with the site and the tests of the library."""
    wrong = []
    for path in sorted((PACKAGE / "cli").rglob("*.py")):
        rel = path.relative_to(PACKAGE).as_posix()
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, (ast.Import, ast.ImportFrom)):
                names = [a.name for a in node.names] if isinstance(node, ast.Import) else [node.module or ""]
                names += [f"{node.module}.{a.name}" for a in node.names] if isinstance(node, ast.ImportFrom) else []
                wrong += [
                    f"{rel}:{node.lineno} imports {n}"
                    for n in names
                    if n.split(".")[0] in ("tempfile", "shutil") or n.startswith("rolodex.write.safewrite")
                ]
        wrong += [f"{rel}:{line} calls {name}" for line, name in _calls(path) if name == "open"]
        wrong += [f"{rel}:{line} calls {name}" for line, name in _calls(path) if name.endswith(WRITE_CALLS)]
    assert wrong == []
