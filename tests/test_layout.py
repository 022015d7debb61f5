"""The tree shows the flow, and imports follow it: cli, web → runtime → search, qa, assess → knowledge
→ regulation, with the infrastructure modules at the bottom. No module imports one above it, and no
modules import each other in a loop (lazy imports inside functions count too)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from assistant.config import PROJECT_ROOT

INFRASTRUCTURE = ("assistant.config", "assistant.errors", "assistant.storage", "assistant.db", "assistant.textnorm",
                  "assistant.segment", "assistant.periods", "assistant.retention", "assistant.masking")
# Lowest first; a module may import its own layer and those below.
LAYERS = [
    ("infrastructure", INFRASTRUCTURE),
    ("regulation", ("assistant.regulation",)),
    ("knowledge", ("assistant.knowledge",)),
    ("features", ("assistant.search", "assistant.qa", "assistant.assess")),
    ("runtime", ("assistant.runtime",)),
    ("edges", ("assistant.cli", "assistant.__main__", "web")),
]
# Within a layer, only these directions (the Q&A falls back on clause search; the CLI starts the web app).
ALLOWED_SIDEWAYS = {("assistant.qa", "assistant.search"), ("assistant.cli", "web"),
                    ("assistant.__main__", "assistant.cli")}


def _modules() -> dict[str, Path]:
    found = {}
    for root in ("assistant", "web"):
        for path in (PROJECT_ROOT / root).rglob("*.py"):
            parts = list(path.relative_to(PROJECT_ROOT).with_suffix("").parts)
            if parts[-1] == "__init__":
                parts = parts[:-1]
            found[".".join(parts)] = path
    return found


MODULES = _modules()


def _package_of(name: str, path: Path) -> str:
    return name if path.name == "__init__.py" else name.rpartition(".")[0]


def imports_of(name: str) -> set[str]:
    """Project modules *name* imports, anywhere in it."""
    path = MODULES[name]
    out: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = _package_of(name, path).split(".")
                base = base[: len(base) - node.level + 1]
                module = ".".join([*base, *([node.module] if node.module else [])])
            else:
                module = node.module or ""
            targets = [f"{module}.{alias.name}" if f"{module}.{alias.name}" in MODULES else module
                       for alias in node.names]
        else:
            continue
        out |= {t for t in targets if t in MODULES and t != name}
    return out


def layer_of(module: str) -> tuple[int, str]:
    """(layer, group): the infrastructure is one group (its modules may use each other)."""
    for index, (name, prefixes) in enumerate(LAYERS):
        for prefix in prefixes:
            if module == prefix or module.startswith(prefix + "."):
                return index, name if name == "infrastructure" else prefix
    if module == "assistant":
        return 0, "assistant"
    raise AssertionError(f"{module} belongs to no layer: add it to LAYERS")


def test_every_module_has_a_layer():
    for module in MODULES:
        layer_of(module)


@pytest.mark.parametrize("module", sorted(MODULES))
def test_imports_flow_downwards(module):
    mine, my_group = layer_of(module)
    wrong = []
    for target in sorted(imports_of(module)):
        theirs, their_group = layer_of(target)
        if theirs > mine or (theirs == mine and my_group != their_group
                             and (my_group, their_group) not in ALLOWED_SIDEWAYS):
            wrong.append(f"{module} ({LAYERS[mine][0]}) imports {target} ({LAYERS[theirs][0]})")
    assert not wrong, "\n".join(wrong)


def test_no_import_cycles():
    graph = {module: imports_of(module) for module in MODULES}
    cycles = [component for component in _strongly_connected(graph) if len(component) > 1]
    assert not cycles, f"modules importing each other in a loop: {cycles}"


def _strongly_connected(graph: dict[str, set[str]]) -> list[list[str]]:
    """Tarjan's algorithm."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    out: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in graph[node]:
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            out.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return out


def test_the_check_sees_a_cycle_and_an_upward_import():
    assert _strongly_connected({"a": {"b"}, "b": {"a"}, "c": set()}) == [["a", "b"], ["c"]]
    assert layer_of("assistant.knowledge.lookup")[0] < layer_of("assistant.qa.engine")[0]
    assert "assistant.knowledge.clauses" in imports_of("assistant.knowledge.lookup")


def test_package_docstrings_say_what_they_may_import():
    for package in ("assistant.regulation", "assistant.knowledge", "assistant.search", "assistant.qa",
                    "assistant.assess", "assistant.cli", "web"):
        tree = ast.parse(MODULES[package].read_text(encoding="utf-8"))
        doc = ast.get_docstring(tree) or ""
        assert "import" in doc.lower(), f"{package}/__init__.py should say what it may import"
